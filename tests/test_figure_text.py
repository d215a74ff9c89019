"""Every figure a view draws reaches the reader with a text alternative naming what is plotted.

Notebooks show figures through ``views.plots.show_figure``: an ``<img>`` whose ``alt`` is
:func:`describe_figure`. Each figure-producing view is built here with the data its notebook
uses, and its text alternative must name the figure's titles and axes (what is plotted).
The timeline of 02_casus is drawn by ``widgets/timeline.py`` and covered with the walk.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import matplotlib
import pytest

matplotlib.use("Agg", force=True)

from leerrecht.views import plots  # noqa: E402


def _protocols() -> dict[str, Callable[[], Any]]:
    from leerrecht.domain.calendar import load_calendar
    from leerrecht.domain.protocols import evaluate, load_protocol, outcomes
    from leerrecht.domain.synthetic import simulate
    from leerrecht.views import protocols as V

    calendar = load_calendar("midden")
    register = simulate(calendar, leerlingen=120, schooljaar=2025, seed=1)
    chosen = [load_protocol(n) for n in ("handhaving-eerst", "zorg-eerst")]
    colours = {p.titel: plots.APPROACH_COLORS.get(p.aanpak or "", plots.NEUTRAL) for p in chosen}
    result = {
        p.titel: outcomes(register, evaluate(register, p, calendar), calendar) for p in chosen
    }
    caption = "Gesimuleerde school"
    return {
        "protocols.weeks_figure": lambda: V.weeks_figure(result, colours, caption),
        "protocols.outcomes_figure": lambda: V.outcomes_figure(result, colours, caption),
        "protocols.workload_figure": lambda: V.workload_figure(result, colours, caption),
    }


def _national() -> dict[str, Callable[[], Any]]:
    from leerrecht.domain import figures
    from leerrecht.domain import leerrecht as lr
    from leerrecht.views import figures as F
    from leerrecht.views import leerrecht as L

    data, timeline = figures.load_figures(), figures.load_timeline()
    caveats, info = figures.load_caveats(), figures.indicator_table()
    name = "absoluut_verzuim"
    return {
        "figures.trend_figure": lambda: F.trend_figure(
            data, name, "2004/05", "2022/23", timeline, caveats, info
        )[0],
        "leerrecht.indicator_panel": lambda: L.indicator_panel(
            lr.load(), data, timeline, caveats, info
        )[0],
    }


def _model() -> dict[str, Callable[[], Any]]:
    from leerrecht.domain import model
    from leerrecht.views import model as M

    cfg = model.load_config(model.DEFAULT_FILE)
    chains = {n: model.build_chain(cfg, n) for n in cfg.scenarios}
    return {
        "model.comparison_figure": lambda: M.comparison_figure(cfg, chains, "signaal", 20, 200, 1),
        "model.sensitivity_figure": lambda: M.sensitivity_figure(cfg, chains, "signaal", 20, 0.2),
    }


def _network_and_report() -> dict[str, Callable[[], Any]]:
    from leerrecht.domain import netwerk
    from leerrecht.views import report as R
    from leerrecht.views.netwerk import network_map_figure

    roles, cases = netwerk.bundled()
    return {
        "netwerk.network_map_figure": lambda: network_map_figure(cases[0].stappen[0], roles),
        "report.decisions_figure": lambda d: R.decisions_figure(R.decisions(_answers(d))),
        "report.change_figure": lambda d: R.change_figure(R.decisions(_answers(d))),
    }


def _answers(folder):
    from leerrecht.domain.answers import AnswerStore, read_cohort

    for trainee, option, approach in (("uil", "a", "handhaving"), ("vos", "b", "zorg")):
        store = AnswerStore(folder, "klas1", trainee, notebook="02_casus", case="c")
        store.record("bm1", "beslissing", option=option, approach=approach)
    return read_cohort(folder, "klas1")


VIEWS = {**_protocols(), **_national(), **_model(), **_network_and_report()}


def _named_parts(fig) -> list[str]:
    """What the figure itself says it plots: every panel's title and axis labels (a panel
    without axes, such as the network map, by its text labels)."""
    parts = []
    for ax in fig.axes:
        parts += [plots._title(ax), ax.get_xlabel(), ax.get_ylabel()]
        if not ax.axison:
            parts += [t.get_text() for t in ax.texts[:3]]
    return [" ".join(p.split()) for p in parts if p.strip()]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_figure_view_yields_a_text_alternative_naming_what_is_plotted(name, tmp_path):
    build = VIEWS[name]
    fig = build(tmp_path) if name.startswith("report.") else build()
    expected = _named_parts(fig)
    assert expected, f"{name}: the figure names nothing (no title or axis label)"
    page = plots.figure_html(fig, "nl")
    alt = re.search(r'<img [^>]*alt="([^"]*)"', page)
    assert alt, f"{name}: no <img alt=...> in {page[:200]}"
    text = html.unescape(alt.group(1))
    assert text.startswith("Grafiek")
    for part in expected:
        assert part in text, f"{name}: text alternative lacks {part!r}: {text[:300]!r}"


def test_description_lists_series_and_follows_the_language():
    fig, ax = plots.new_figure()
    ax.plot([1, 2, 3], [3, 1, 2], label="zorg <eerst>")
    ax.plot([1, 2, 3], [1, 2, 3], label="handhaving")
    ax.plot([1, 2], [2, 2], label="_hidden")
    ax.set_title("Verzuim per week")
    ax.set_xlabel("Schoolweek")
    ax.set_ylabel("Uren")
    ax.legend()
    text = plots.describe_figure(fig, "en")
    assert text == (
        "Chart. Verzuim per week; horizontal: Schoolweek; vertical: Uren; "
        "series: zorg <eerst>, handhaving."
    )
    page = plots.figure_html(fig)
    assert 'alt="Grafiek. Verzuim per week; horizontaal: Schoolweek; verticaal: Uren; ' in page
    assert "zorg &lt;eerst&gt;" in page  # escaped inside the attribute
    assert matplotlib.pyplot.get_fignums() == []  # the figure is closed: not shown twice


def test_no_notebook_or_view_shows_a_figure_without_its_text():
    # plt.show() would put a bare image (no alt) on the page and in every edition.
    import nbformat
    from support.testing import ROOT

    sources = {
        p.name: "\n".join(c.source for c in nbformat.read(p, as_version=4).cells)
        for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
    }
    sources |= {
        p.name: p.read_text("utf-8")
        for p in sorted((ROOT / "src" / "leerrecht").rglob("*.py"))
        if p.name != "plots.py"
    }
    assert [name for name, text in sources.items() if "plt.show(" in text] == []
