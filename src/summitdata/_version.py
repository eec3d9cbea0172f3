"""Versions of the library and of its packaged data (kept apart: either can change alone)."""

__version__ = "0.1.0"

#: The version of the packaged data: ``YEAR.MONTH[.N]``, the month of the release (2026.1: the corrections release).
DATA_VERSION = "2026.1"
