"""Aqwal: an annotated Arabic news article for teaching attribution, stance and NER."""
import warnings

# tqdm warns on stderr in a kernel without ipywidgets; the notebooks' stored outputs stay clean.
warnings.filterwarnings("ignore", message="IProgress not found")

from aqwal.load import load, readable_rows  # noqa: E402

__all__ = ["load", "readable_rows"]
__version__ = "0.1.0"
