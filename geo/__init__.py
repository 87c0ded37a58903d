"""Places, dated claims about them, and who held what on any day: plain data, no Streamlit."""

from geo.errors import DataError, Problem
from geo.load import Record, read_record, validate_paths
from geo.state import PlaceState, Timeline

__all__ = ["DataError", "PlaceState", "Problem", "Record", "Timeline", "read_record", "validate_paths"]
