"""Versions of the library and of its packaged data (kept apart: either can change alone)."""

__version__ = "0.1.0"

#: The version of the packaged data: ``YEAR.MONTH.N`` of the newest article's events.
DATA_VERSION = "2025.12.1"
