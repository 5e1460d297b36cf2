"""Aqwal: an annotated Arabic news article for teaching attribution, stance and NER.

What the notebooks use is importable from here (`aqwal.load`, `aqwal.readable_rows`,
`aqwal.locate_data`, `aqwal.check`) and from `aqwal.classroom`; the subpackages follow the
data's way: gold -> dataset -> publish, and exercises on top. The names are imported on first
use, so that `import aqwal` stays light (a grading kernel imports the package before any data).
"""
import importlib
import warnings

# tqdm warns on stderr in a kernel without ipywidgets; the notebooks' stored outputs stay clean.
warnings.filterwarnings("ignore", message="IProgress not found")

_PUBLIC = {"load": "aqwal.dataset.load", "locate_data": "aqwal.dataset.load",
           "readable_rows": "aqwal.dataset.load", "check": "aqwal.exercises.selfcheck"}

__all__ = sorted(_PUBLIC)
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'aqwal' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_PUBLIC])
