"""The escalation model on the page: run and tornado plots, the slider explorer, HTML tables."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from leerrecht.core.i18n import Strings
from leerrecht.domain.model import (
    ASSUMPTION,
    Chain,
    ModelFile,
    build_chain,
    expected_run,
    local,
    metrics,
    sensitivity,
    stochastic_run,
    with_rate,
)
from leerrecht.views.htmlparts import esc
from leerrecht.views.htmlparts import table as html_table

TEXT = Strings.load("views/model", "text")


# --------------------------------------------------------------------------- plotting


def plot_runs(
    ax: Any,
    runs: dict[str, pd.DataFrame],
    state: str,
    n: int,
    colors: dict[str, str],
    labels: dict[str, str],
    taal: str = "nl",
) -> None:
    """Number of pupils in ``state`` per week, one line per scenario."""
    for name, run in runs.items():
        ax.plot(
            run.index,
            run[state] * (n if run[state].max() <= 1 else 1),
            color=colors.get(name),
            lw=2,
            label=labels.get(name, name),
        )
    ax.set_xlabel(TEXT("week", taal))
    ax.set_ylabel(TEXT("aandeel", taal, n=_count(n, taal)))
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left")


def plot_sensitivity(
    ax: Any,
    table: pd.DataFrame,
    weeks: int,
    delta: float,
    scenario: str,
    top: int = 8,
    taal: str = "nl",
    names: dict[str, str] | None = None,
) -> None:
    """A tornado chart: the transitions whose ±delta change moves the metric most
    (``names``: the states' names to show, by id; ids where a name is missing)."""
    from leerrecht.views.plots import NEUTRAL

    # Neutral greys: the approach colours are reserved for handhaving/zorg/samenwerking.
    part = table.head(top).iloc[::-1]
    y = np.arange(len(part))
    pct = round(delta * 100)
    ax.barh(y, part["effect_lager"], color="#AAAAAA", label=TEXT("lager", taal, pct=pct))
    ax.barh(
        y,
        part["effect_hoger"],
        color=NEUTRAL,
        label=TEXT("hoger", taal, pct=pct),
    )
    ax.axvline(0, color=NEUTRAL, lw=0.8)
    ax.set_yticks(y)
    kinds = [TEXT(f"soort_{b}", taal) for b in part["bron"]]
    names = names or {}
    moves = [
        f"{names.get(a, a)} → {names.get(b, b)}"
        for a, b in zip(part["van"], part["naar"], strict=True)
    ]
    ax.set_yticklabels([f"{o}  ({k})" for o, k in zip(moves, kinds, strict=True)])
    ax.set_xlabel(TEXT("verschil", taal, weeks=weeks))
    ax.set_title(TEXT("sens_titel", taal, scenario=scenario, pct=pct), loc="left")
    ax.legend(loc="lower right", fontsize=8)


# --------------------------------------------------------------------------- sliders

# The transitions a trainee can move with a slider (staying is always the remainder).
KNOBS: tuple[tuple[str, str], ...] = (
    ("signaal", "aanwezig"),
    ("signaal", "gemeld"),
    ("gemeld", "aanwezig"),
    ("gemeld", "langdurig"),
    ("langdurig", "aanwezig"),
    ("langdurig", "drie_maanden_thuis"),
)

WIDGET_TEXT = Strings.load("views/model", "widget_text")


class Explorer:
    """Sliders for the main transitions of each scenario and a live comparison plot.

    Displays as a widget in a live front end and as a short Dutch text/HTML summary in
    static exports (the widget state cannot run there).
    """

    def __init__(
        self,
        cfg: ModelFile,
        start: str,
        weeks: int,
        n: int,
        colors: dict[str, str],
        taal: str = "nl",
    ) -> None:
        import ipywidgets as w

        self.cfg, self.start, self.weeks, self.n, self.taal = cfg, start, weeks, n, taal
        self.colors = colors
        self.defaults = {name: build_chain(cfg, name) for name in cfg.scenarios}
        self.sliders: dict[tuple[str, str, str], Any] = {}
        columns = []
        for name, ch in self.defaults.items():
            items = [w.HTML(f"<b>{esc(local(cfg.scenarios[name], 'titel', taal))}</b>")]
            names = state_names(cfg, taal)
            for src, dst in KNOBS:
                # The label sits above its slider so that no state name is cut off.
                label = f"{names.get(src, src)} → {names.get(dst, dst)}"
                slider = w.FloatSlider(
                    value=ch.rate(src, dst),
                    min=0.0,
                    max=0.6,
                    step=0.005,
                    readout_format=".3f",
                    description="",
                    description_allow_html=False,
                    continuous_update=False,
                    layout=w.Layout(width="24em"),
                )
                slider.observe(self._redraw, names="value")
                self.sliders[(name, src, dst)] = slider
                items.append(w.VBox([w.Label(label), slider], layout=w.Layout(margin="0 0 6px 0")))
            columns.append(w.VBox(items))
        reset = w.Button(description=WIDGET_TEXT("reset", taal), icon="undo")
        reset.on_click(self._reset)
        self.message = w.HTML()
        self.out = w.Output()
        self.widget = w.VBox(
            [
                w.HTML(f"<h4>{WIDGET_TEXT('kop', taal)}</h4>"),
                w.HBox(columns),
                reset,
                self.message,
                self.out,
            ]
        )
        self._redraw()

    def chains(self) -> dict[str, Chain]:
        """The scenarios with the slider values applied (raises ValueError if impossible)."""
        result = {}
        for name, ch in self.defaults.items():
            for src, dst in KNOBS:
                ch = with_rate(ch, src, dst, float(self.sliders[(name, src, dst)].value))
            result[name] = ch
        return result

    def _reset(self, _button: Any = None) -> None:
        for (name, src, dst), slider in self.sliders.items():
            slider.value = self.defaults[name].rate(src, dst)

    def _redraw(self, _change: Any = None) -> None:
        from leerrecht.views.plots import new_figure, show_figure

        try:
            chains = self.chains()
        except ValueError as exc:
            self.message.value = f"<p>⚠ {esc(WIDGET_TEXT('fout', self.taal, reden=str(exc)))}</p>"
            return
        self.message.value = ""
        runs = {name: expected_run(ch, self.start, self.weeks) for name, ch in chains.items()}
        labels = {name: local(s, "titel", self.taal) for name, s in self.cfg.scenarios.items()}
        with self.out:
            self.out.clear_output(wait=True)
            fig, ax = new_figure()
            plot_runs(ax, runs, "drie_maanden_thuis", self.n, self.colors, labels, self.taal)
            ax.set_title(TEXT("metric_thuiszitters", self.taal, weeks=self.weeks), loc="left")
            show_figure(fig, self.taal)

    def fallback_rows(self) -> list[tuple[str, float, float]]:
        return [
            (
                local(self.cfg.scenarios[name], "titel", self.taal),
                m["drie_maanden_thuis_per_1000"],
                m["kans_drie_maanden_thuis_voor_terugkeer"],
            )
            for name, m in (
                (n, metrics(ch, self.start, self.weeks)) for n, ch in self.defaults.items()
            )
        ]

    def fallback_text(self) -> str:
        head = WIDGET_TEXT("statisch", self.taal, weeks=self.weeks)
        rows = [
            f"- {t}: {p:.0f} {WIDGET_TEXT('per1000', self.taal)}; "
            f"{WIDGET_TEXT('risico', self.taal)} {r:.1%}"
            for t, p, r in self.fallback_rows()
        ]
        return "\n".join([head, *rows])

    def fallback_html(self) -> str:
        head = WIDGET_TEXT("statisch", self.taal, weeks=self.weeks)
        items = "".join(
            f"<li>{esc(t)}: {p:.0f} {WIDGET_TEXT('per1000', self.taal)}; "
            f"{WIDGET_TEXT('risico', self.taal)} {r:.1%}</li>"
            for t, p, r in self.fallback_rows()
        )
        return f"<p>{esc(head)}</p><ul>{items}</ul>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.fallback_text()
        bundle["text/html"] = self.fallback_html()
        return bundle


def _count(n: int, taal: str) -> str:
    """A whole number with the thousands separator of the language (1.000 / 1,000)."""
    return f"{n:,}".replace(",", "." if taal == "nl" else ",")


# --------------------------------------------------------------------------- notebook views


def state_names(cfg: ModelFile, taal: str = "nl") -> dict[str, str]:
    """Each state's name in ``taal``, by id (tables and charts show names, not ids)."""
    return {st.id: local(st, "naam", taal) for st in cfg.toestanden}


def rates_html(cfg: ModelFile, taal: str = "nl") -> str:
    """Every transition of every scenario with its probability, source and reason."""
    states = cfg.state_ids
    names = list(cfg.scenarios)
    titles = {n: esc(local(cfg.scenarios[n], "titel", taal)) for n in names}
    head = [TEXT("van", taal), TEXT("naar", taal), *titles.values()]
    head += [TEXT("bron_of_aanname", taal), TEXT("waarom", taal)]
    shown = state_names(cfg, taal)
    rows = []
    for src in states:
        for dst in states:
            rates = {}
            for n in names:
                row = cfg.scenarios[n].overgangen.get(src, cfg.basis.get(src, {}))
                if dst in row:
                    rates[n] = row[dst]
            if not rates:
                continue
            first = next(iter(rates.values()))
            same = all(r.bron == first.bron and r.reden == first.reden for r in rates.values())
            cells = [esc(shown.get(src, src)), esc(shown.get(dst, dst))]
            cells += [f"{rates[n].kans:.3f}" if n in rates else "" for n in names]
            if same:
                cells += [_source_html(first.bron, taal), esc(local(first, "reden", taal))]
            else:
                cells += [
                    "<br>".join(
                        f"{titles[n]}: {_source_html(r.bron, taal)}" for n, r in rates.items()
                    ),
                    "<br>".join(
                        f"{titles[n]}: {esc(local(r, 'reden', taal))}" for n, r in rates.items()
                    ),
                ]
            rows.append(cells)
    return html_table(head, rows)


def states_html(cfg: ModelFile, taal: str = "nl") -> str:
    """The states of the model with their explanation."""
    return html_table(
        [TEXT("toestand", taal), TEXT("betekenis", taal)],
        [[esc(local(s, "naam", taal)), esc(local(s, "uitleg", taal))] for s in cfg.toestanden],
    )


COMPARE_TEXT = Strings.load("views/model", "compare_text")


def compare_text(table: pd.DataFrame, cfg: ModelFile, weeks: int, taal: str = "nl") -> str:
    """A short deterministic summary of :func:`compare` for printing."""
    keys = (
        "drie_maanden_thuis_per_1000",
        "aanwezig_per_1000",
        "weken_drie_maanden_thuis",
        "weken_niet_aanwezig",
        "kans_drie_maanden_thuis_voor_terugkeer",
    )
    labels = {key: COMPARE_TEXT(key, taal, weeks=weeks) for key in keys}
    width = max(len(v) for v in labels.values())
    head = " " * width + "".join(
        f"{local(cfg.scenarios[c], 'titel', taal):>18}" for c in table.columns
    )
    lines = [head]
    for key, label in labels.items():
        scale = 100 if key.startswith("kans") else 1
        lines.append(
            label.ljust(width)
            + "".join(f"{table.loc[key, c] * scale:>18.1f}" for c in table.columns)
        )
    return "\n".join(lines)


def comparison_figure(
    cfg: ModelFile,
    chains: dict[str, Chain],
    start: str,
    weeks: int,
    n: int,
    seed: int,
    taal: str = "nl",
) -> Any:
    """Two panels per scenario: pupils out of school for over 3 months and pupils back in school, expected and simulated."""
    from leerrecht.views.plots import APPROACH_COLORS, house_style, new_figure

    with house_style():
        fig, axes = new_figure(1, 2, figsize=(11, 4.2))
        for ax, state, title in zip(
            axes,
            ("drie_maanden_thuis", "aanwezig"),
            (TEXT("paneel_thuis", taal), TEXT("paneel_aanwezig", taal)),
            strict=True,
        ):
            for name, ch in chains.items():
                color = APPROACH_COLORS[cfg.scenarios[name].aanpak]
                titel = local(cfg.scenarios[name], "titel", taal)
                exp = expected_run(ch, start, weeks)[state] * n
                sim = stochastic_run(ch, start, weeks, n, seed)[state]
                ax.plot(
                    exp.index,
                    exp,
                    color=color,
                    lw=2.2,
                    label=TEXT("verwachting", taal, scenario=titel),
                )
                ax.plot(
                    sim.index,
                    sim,
                    color=color,
                    lw=1,
                    ls=":",
                    label=TEXT("simulatie", taal, scenario=titel),
                )
            ax.set_title(title, loc="left")
            ax.set_xlabel(TEXT("week", taal))
            ax.set_ylabel(TEXT("aandeel", taal, n=_count(n, taal)))
            ax.set_ylim(bottom=0)
            ax.set_xlim(0, weeks)
        axes[0].legend(loc="upper left", fontsize=8)
        fig.tight_layout()
    return fig


def sensitivity_figure(
    cfg: ModelFile, chains: dict[str, Chain], start: str, weeks: int, delta: float, taal: str = "nl"
) -> Any:
    """One tornado chart per scenario."""
    from leerrecht.views.plots import house_style, new_figure

    with house_style():
        fig, axes = new_figure(len(chains), 1, figsize=(9, 3.4 * len(chains)))
        axes = np.atleast_1d(axes)
        for ax, (name, ch) in zip(axes, chains.items(), strict=True):
            table = sensitivity(ch, start, weeks, delta)
            titel = local(cfg.scenarios[name], "titel", taal)
            plot_sensitivity(
                ax, table, weeks, delta, titel, taal=taal, names=state_names(cfg, taal)
            )
        fig.tight_layout()
    return fig


def _source_html(bron: str, taal: str = "nl") -> str:
    if bron == ASSUMPTION:
        return f"<i>{TEXT('soort_aanname', taal)}</i>"
    return f'<a href="{esc(bron)}" target="_blank" rel="noopener">{TEXT("soort_bron", taal)}</a>'
