"""Aqwal: an annotated Arabic news article for teaching attribution, stance and NER."""
from aqwal.load import load, readable_rows

__all__ = ["load", "readable_rows"]
__version__ = "0.1.0"
