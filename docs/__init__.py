"""The README's pictures, and the scripts that take them from the real app."""
