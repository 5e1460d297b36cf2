"""Aqwal: an annotated Arabic news article for teaching attribution, stance and NER.

What the notebooks use is importable from here (`aqwal.load`, `aqwal.readable_rows`,
`aqwal.locate_data`) and from `aqwal.classroom`; the subpackages follow the data's way:
gold -> dataset -> publish, and exercises on top.
"""
import warnings

# tqdm warns on stderr in a kernel without ipywidgets; the notebooks' stored outputs stay clean.
warnings.filterwarnings("ignore", message="IProgress not found")

from aqwal.dataset.load import load, locate_data, readable_rows  # noqa: E402

__all__ = ["load", "locate_data", "readable_rows"]
__version__ = "0.1.0"
