"""One house style for every plot in the suite.

Colours are fixed per meaning (approach, kind of absence) so a trainee sees the same
colour for "zorg" in every notebook. matplotlib is imported lazily: importing
``leerrecht`` must stay cheap.

Every figure a notebook shows goes through :func:`show_figure`: an image with a text
alternative (:func:`describe_figure`: per panel its title, axes and series), so a screen
reader in the app and in every HTML edition hears what is plotted.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from leerrecht.core.i18n import Strings
from leerrecht.views.htmlparts import esc

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


TEXT = Strings.load("views/plots", "text")

MAX_NAMES = 12  # a text alternative names at most this many series or labels per panel


def _title(ax: Any) -> str:
    return next((t for loc in ("left", "center", "right") if (t := ax.get_title(loc=loc))), "")


def _names(items: list[str]) -> str:
    seen = list(dict.fromkeys(" ".join(i.split()) for i in items if i and not i.startswith("_")))
    return ", ".join(seen[:MAX_NAMES]) + (", …" if len(seen) > MAX_NAMES else "")


def _panel(ax: Any, taal: str) -> str:
    bits = [_title(ax)]
    for key, label in (("x_axis", ax.get_xlabel()), ("y_axis", ax.get_ylabel())):
        if label.strip():
            bits.append(TEXT(key, taal, label=" ".join(label.split())))
    series = _names(ax.get_legend_handles_labels()[1])
    if series:
        bits.append(TEXT("series", taal, names=series))
    else:  # e.g. a network map: its nodes are text labels
        labels = _names([t.get_text() for t in ax.texts])
        if labels:
            bits.append(TEXT("labels", taal, names=labels))
    return "; ".join(b for b in bits if b)


def describe_figure(fig: Any, taal: str = "nl") -> str:
    """The figure in words (its text alternative): title, then per panel what is plotted."""
    suptitle = getattr(fig, "_suptitle", None)
    head = TEXT("figure", taal)
    if suptitle is not None and suptitle.get_text().strip():
        head += f": {' '.join(suptitle.get_text().split())}"
    panels = [_panel(ax, taal) for ax in fig.axes if ax.get_visible()]
    panels = [p for p in panels if p]
    if len(panels) == 1:
        return f"{_end(head)} {_end(panels[0])}"
    body = " ".join(f"{TEXT('panel', taal)} {i}: {_end(p)}" for i, p in enumerate(panels, 1))
    return f"{_end(head)} {body}".strip()


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def figure_html(fig: Any, taal: str = "nl", description: str = "") -> str:
    """The figure as an ``<img>`` whose ``alt`` says what is plotted; the figure is closed."""
    import matplotlib.pyplot as plt

    text = description or describe_figure(fig, taal)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<img class="lr-figure" src="data:image/png;base64,{data}" alt="{esc(text)}" '
        'style="max-width:100%;height:auto">'
    )


def show_figure(fig: Any, taal: str = "nl", description: str = "") -> None:
    """Show ``fig`` in the notebook with its text alternative (instead of ``plt.show()``)."""
    from IPython.display import HTML, display

    display(HTML(figure_html(fig, taal, description)))
