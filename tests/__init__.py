"""The tests: pytest for the Python, tests/js for the browser core (node --test), Chromium for the page."""
