"""What every exercise notebook sets up first: tables whose Arabic reads right, stable outputs
and accessible figures.

Tables are pandas' HTML (a box per cell) with a plain-text twin, and every Arabic cell is
isolated in both, so no renderer can swap two Arabic columns (`aqwal.bidi`). nbval compares
both texts, so their width is fixed. Figures use the Okabe–Ito palette, which stays
distinguishable for colour-blind readers. Arabic strings go to matplotlib as they are: it
shapes and orders them itself (no reshaping libraries).
"""
from __future__ import annotations

import matplotlib as mpl
import pandas as pd
from IPython import get_ipython

from aqwal import bidi

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000"]


def setup() -> None:
    pd.set_option("display.notebook_repr_html", True)
    pd.set_option("display.width", 100)
    pd.set_option("display.max_columns", 12)
    pd.set_option("display.max_colwidth", 60)
    mpl.rcParams.update({
        "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 80,
        "axes.titlesize": 12,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "aqwal",
    })
    shell = get_ipython()
    if shell is not None:  # in a notebook or IPython; plain Python prints with str()
        bidi.register(shell)
