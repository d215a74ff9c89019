"""One house style for every plot in the suite.

Colours are fixed per meaning (approach, kind of absence) so a trainee sees the same
colour for "zorg" in every notebook. matplotlib is imported lazily: importing
``leerrecht`` must stay cheap.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# Colour-blind-safe (Okabe–Ito) colours, one per meaning.
APPROACH_COLORS = {"handhaving": "#D55E00", "zorg": "#009E73", "samenwerking": "#0072B2"}
KIND_COLORS = {
    "ongeoorloofd": "#D55E00",
    "te_laat": "#E69F00",
    "ziek": "#56B4E9",
    "geoorloofd": "#009E73",
    "luxe": "#CC79A7",
    "geschorst": "#999999",
}
NEUTRAL = "#444444"
HIGHLIGHT = "#F0E442"

RC = {
    "figure.figsize": (8.0, 4.0),
    "figure.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titleweight": "bold",
    "axes.titlesize": 12,
    "axes.labelsize": 10,
    "legend.frameon": False,
    "font.size": 10,
}


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style inside a ``with`` block (restores rcParams afterwards)."""
    import matplotlib.pyplot as plt

    with plt.rc_context(RC):
        yield


def new_figure(nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure and axes in the house style (``plt.subplots`` arguments pass through)."""
    import matplotlib.pyplot as plt

    with plt.rc_context(RC):
        fig, axes = plt.subplots(nrows, ncols, **kwargs)
    return fig, axes
