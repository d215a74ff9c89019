"""An illustrative, transparent escalation model of school absence (a Markov chain).

States such as *aanwezig → signaal → gemeld → langdurig → thuiszitter*, with return
paths, move once per school week with fixed probabilities. An enforcement-first and a
care-first scenario differ only in their transition probabilities. All probabilities live
in one YAML file (``data/model/escalatie.yml``), each with a source URL or the label
``aanname`` plus a reason.

This is a thinking tool, not a forecast: it shows how assumptions combine, nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.core.i18n import Strings
from leerrecht.core.yamlio import node_line, read_yaml, validation_problems
from leerrecht.views.htmlparts import esc
from leerrecht.views.htmlparts import table as html_table

DEFAULT_FILE = paths.DATA / "model" / "escalatie.yml"
TOLERANCE = 1e-9
ASSUMPTION = "aanname"
REQUIRED_STATES = ("aanwezig", "thuiszitter")  # the headline metrics are about these two
_URL = re.compile(r"^https?://\S+$")

TEXT = Strings(
    {
        "week": {"nl": "Schoolweek", "en": "School week"},
        "aandeel": {"nl": "Aantal leerlingen (van {n})", "en": "Pupils (out of {n})"},
        "metric_thuiszitters": {
            "nl": "Thuiszitters na {weeks} weken (per 1.000)",
            "en": "Out of school after {weeks} weeks (per 1,000)",
        },
        "sens_titel": {
            "nl": "Welke aanname doet het meest? ({scenario}, ±{pct}%)",
            "en": "Which assumption matters most? ({scenario}, ±{pct}%)",
        },
        "lager": {"nl": "kans {pct}% lager", "en": "probability {pct}% lower"},
        "hoger": {"nl": "kans {pct}% hoger", "en": "probability {pct}% higher"},
        "verschil": {
            "nl": "Verschil in thuiszitters per 1.000 na {weeks} weken",
            "en": "Change in out-of-school pupils per 1,000 after {weeks} weeks",
        },
    }
)


# --------------------------------------------------------------------------- file format


def _check_source(value: str) -> str:
    value = value.strip()
    if value != ASSUMPTION and not _URL.match(value):
        raise ValueError(f"bron must be an http(s) URL or '{ASSUMPTION}', not {value!r}")
    return value


class Rate(BaseModel):
    """One weekly transition probability with its provenance."""

    model_config = ConfigDict(extra="forbid")

    kans: float = Field(ge=0.0, le=1.0)
    bron: str
    reden: str = Field(min_length=3)

    @field_validator("bron")
    @classmethod
    def _bron(cls, value: str) -> str:
        return _check_source(value)


def _sums_to_one(row: dict[str, Rate]) -> dict[str, Rate]:
    total = sum(rate.kans for rate in row.values())
    if abs(total - 1.0) > TOLERANCE:
        parts = " + ".join(f"{k} {r.kans:g}" for k, r in row.items())
        raise ValueError(f"outgoing probabilities sum to {total:.12g}, not 1 ({parts})")
    return row


Row = Annotated[dict[str, Rate], AfterValidator(_sums_to_one)]


class State(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    naam: str
    uitleg: str


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titel: str
    aanpak: Literal["handhaving", "zorg", "samenwerking"]
    uitleg: str
    overgangen: dict[str, Row]


class ModelFile(BaseModel):
    """The whole YAML file."""

    model_config = ConfigDict(extra="forbid")

    titel: str
    waarschuwing: str
    tijdstap: Literal["schoolweek"]
    toestanden: list[State] = Field(min_length=2)
    basis: dict[str, Row] = {}
    scenarios: dict[str, Scenario] = Field(min_length=1)

    @property
    def state_ids(self) -> list[str]:
        return [s.id for s in self.toestanden]


def structure_problems(cfg: ModelFile) -> list[tuple[tuple[Any, ...], str, str | None]]:
    """Cross-field checks: known state names, one complete row per state per scenario."""
    out: list[tuple[tuple[Any, ...], str, str | None]] = []
    ids = cfg.state_ids
    if len(set(ids)) != len(ids):
        out.append((("toestanden",), "state ids must be unique", None))
    known = set(ids)
    for needed in REQUIRED_STATES:
        if needed not in known:
            out.append((("toestanden",), f"state {needed!r} is required", "the metrics use it"))
    hint = f"known states: {', '.join(ids)}"
    sections: list[tuple[tuple[Any, ...], dict[str, dict[str, Rate]]]] = [(("basis",), cfg.basis)]
    sections += [(("scenarios", n, "overgangen"), s.overgangen) for n, s in cfg.scenarios.items()]
    for loc, rows in sections:
        for src, row in rows.items():
            if src not in known:
                out.append(((*loc, src), f"unknown state {src!r}", hint))
            for dst in row:
                if dst not in known:
                    out.append(((*loc, src, dst), f"unknown state {dst!r}", hint))
    for name, scen in cfg.scenarios.items():
        for state in ids:
            if state not in cfg.basis and state not in scen.overgangen:
                out.append(
                    (
                        ("scenarios", name, "overgangen"),
                        f"no row for state {state!r}",
                        "give it a row here or under 'basis'",
                    )
                )
    return out


def load_config(path: str | Path = DEFAULT_FILE) -> ModelFile:
    """Read and validate the rates file; raise UserError naming file, line and field."""
    data, node = read_yaml(path)
    if data is None:
        raise UserError.single("the file is empty", file=path)
    try:
        cfg = ModelFile.model_validate(data)
    except ValidationError as exc:
        raise UserError(validation_problems(exc, path, node)) from None
    problems = [
        Problem(msg, file=path, line=node_line(node, loc), field=".".join(map(str, loc)), hint=hint)
        for loc, msg, hint in structure_problems(cfg)
    ]
    if problems:
        raise UserError(problems)
    return cfg


# --------------------------------------------------------------------------- the chain


@dataclass(frozen=True)
class Chain:
    """A weekly transition matrix ``P[i, j]`` = probability to go from state i to j."""

    states: tuple[str, ...]
    P: np.ndarray
    sources: dict[tuple[str, str], Rate] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        check_matrix(self.P, self.states)

    def index(self, state: str) -> int:
        try:
            return self.states.index(state)
        except ValueError:
            raise UserError.single(
                f"unknown state {state!r}", hint=f"choose one of: {', '.join(self.states)}"
            ) from None

    def rate(self, src: str, dst: str) -> float:
        return float(self.P[self.index(src), self.index(dst)])


def check_matrix(P: np.ndarray, states: tuple[str, ...] | list[str]) -> None:
    """Raise ValueError unless ``P`` is square, within [0, 1] and every row sums to 1."""
    P = np.asarray(P, dtype=float)
    if P.shape != (len(states), len(states)):
        raise ValueError(f"matrix shape {P.shape} does not match {len(states)} states")
    bad = np.argwhere((P < 0) | (P > 1))
    if bad.size:
        i, j = bad[0]
        raise ValueError(f"probability {states[i]} → {states[j]} = {P[i, j]:g} is outside [0, 1]")
    sums = P.sum(axis=1)
    for i, total in enumerate(sums):
        if abs(total - 1.0) > TOLERANCE:
            raise ValueError(f"outgoing probabilities of {states[i]!r} sum to {total:.12g}, not 1")


def build_chain(cfg: ModelFile, scenario: str) -> Chain:
    """The transition matrix of one scenario (basis rows, replaced by the scenario's rows)."""
    if scenario not in cfg.scenarios:
        raise UserError.single(
            f"unknown scenario {scenario!r}",
            field="scenario",
            hint=f"choose one of: {', '.join(cfg.scenarios)}",
        )
    states = tuple(cfg.state_ids)
    rows = {**cfg.basis, **cfg.scenarios[scenario].overgangen}
    P = np.zeros((len(states), len(states)))
    sources: dict[tuple[str, str], Rate] = {}
    for src, row in rows.items():
        for dst, rate in row.items():
            P[states.index(src), states.index(dst)] = rate.kans
            sources[(src, dst)] = rate
    return Chain(states, P, sources)


def with_rate(chain: Chain, src: str, dst: str, value: float) -> Chain:
    """A copy with ``P[src, dst] = value``; the stay-probability of ``src`` absorbs the change.

    Raises ValueError when that is impossible (value outside [0, 1], changing the
    stay-probability itself, or the stay-probability would become negative).
    """
    i, j = chain.index(src), chain.index(dst)
    if i == j:
        raise ValueError("change a transition to another state; 'blijven' is the remainder")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"probability must be within [0, 1], got {value:g}")
    P = chain.P.copy()
    stay = P[i, i] + P[i, j] - value
    if stay < -TOLERANCE:
        raise ValueError(
            f"{src} → {dst} = {value:g} leaves a negative chance to stay in {src!r}; lower it"
        )
    P[i, j] = value
    P[i, i] = max(stay, 0.0)
    return Chain(chain.states, P, chain.sources)


def start_vector(chain: Chain, start: str | dict[str, float]) -> np.ndarray:
    """A start distribution: everyone in one state, or shares per state (summing to 1)."""
    v = np.zeros(len(chain.states))
    if isinstance(start, str):
        v[chain.index(start)] = 1.0
    else:
        for state, share in start.items():
            v[chain.index(state)] = share
        if abs(v.sum() - 1.0) > TOLERANCE or (v < 0).any():
            raise ValueError("start shares must be non-negative and sum to 1")
    return v


def expected_run(chain: Chain, start: str | dict[str, float], weeks: int) -> pd.DataFrame:
    """Expected share of pupils per state for weeks 0..weeks (deterministic)."""
    v = start_vector(chain, start)
    out = np.empty((weeks + 1, len(v)))
    out[0] = v
    for t in range(weeks):
        v = v @ chain.P
        out[t + 1] = v
    return pd.DataFrame(out, columns=list(chain.states)).rename_axis("week")


def stochastic_run(chain: Chain, start: str, weeks: int, n: int, seed: int) -> pd.DataFrame:
    """Counts per state for ``n`` simulated pupils; the same seed gives the same run."""
    rng = np.random.default_rng(seed)
    counts = np.zeros(len(chain.states), dtype=np.int64)
    counts[chain.index(start)] = n
    out = np.empty((weeks + 1, len(counts)), dtype=np.int64)
    out[0] = counts
    for t in range(weeks):
        nxt = np.zeros_like(counts)
        for i, c in enumerate(counts):
            if c:
                nxt += rng.multinomial(c, chain.P[i])
        counts = nxt
        out[t + 1] = counts
    return pd.DataFrame(out, columns=list(chain.states)).rename_axis("week")


def absorption(P: np.ndarray, absorbing: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Treat ``absorbing`` states as final; return (B, t) from the fundamental matrix.

    ``B[k, m]``: probability that transient state k (in index order) ends in absorbing
    state m; ``t[k]``: expected number of steps until absorption from transient state k.
    """
    P = np.asarray(P, dtype=float)
    transient = [i for i in range(len(P)) if i not in absorbing]
    Q = P[np.ix_(transient, transient)]
    R = P[np.ix_(transient, absorbing)]
    try:
        N = np.linalg.inv(np.eye(len(transient)) - Q)
    except np.linalg.LinAlgError:
        raise ValueError("some transient states can never reach an absorbing state") from None
    return N @ R, N @ np.ones(len(transient))


def escalation_risk(
    chain: Chain, start: str, bad: str = "thuiszitter", good: str = "aanwezig"
) -> float:
    """Chance to reach ``bad`` before getting back to ``good``, starting in ``start``."""
    i_bad, i_good, i_start = chain.index(bad), chain.index(good), chain.index(start)
    if i_start in (i_bad, i_good):
        return 1.0 if i_start == i_bad else 0.0
    B, _ = absorption(chain.P, [i_good, i_bad])
    transient = [i for i in range(len(chain.states)) if i not in (i_good, i_bad)]
    return float(B[transient.index(i_start), 1])


def metrics(chain: Chain, start: str, weeks: int) -> dict[str, float]:
    """Headline numbers of one run, per 1,000 pupils where that reads better."""
    run = expected_run(chain, start, weeks)
    absent = [s for s in chain.states if s != "aanwezig"]
    return {
        "thuiszitters_per_1000": 1000 * float(run["thuiszitter"].iloc[-1]),
        "aanwezig_per_1000": 1000 * float(run["aanwezig"].iloc[-1]),
        "weken_thuiszitter": float(run["thuiszitter"].iloc[1:].sum()),
        "weken_niet_aanwezig": float(run[absent].iloc[1:].sum(axis=1).sum()),
        "kans_thuiszitter_voor_terugkeer": escalation_risk(chain, start),
    }


def compare(
    cfg: ModelFile, start: str, weeks: int, chains: dict[str, Chain] | None = None
) -> pd.DataFrame:
    """Metrics per scenario side by side (rows: metrics, columns: scenarios)."""
    chains = chains or {name: build_chain(cfg, name) for name in cfg.scenarios}
    return pd.DataFrame({name: metrics(ch, start, weeks) for name, ch in chains.items()})


def sensitivity(
    chain: Chain, start: str, weeks: int, delta: float = 0.2, metric: str = "thuiszitters_per_1000"
) -> pd.DataFrame:
    """One-at-a-time sensitivity: change each transition by ±delta (relative) in turn.

    The stay-probability absorbs each change. Rows are sorted by the size of the effect
    on ``metric``; ``bron`` tells whether the rate is an assumption or sourced.
    """
    base = metrics(chain, start, weeks)[metric]
    rows = []
    for i, src in enumerate(chain.states):
        for j, dst in enumerate(chain.states):
            p = chain.P[i, j]
            if i == j or p == 0:
                continue
            effects = []
            for factor in (1 - delta, 1 + delta):
                try:
                    changed = with_rate(chain, src, dst, min(p * factor, 1.0))
                    effects.append(metrics(changed, start, weeks)[metric] - base)
                except ValueError:
                    effects.append(float("nan"))
            rate = chain.sources.get((src, dst))
            rows.append(
                {
                    "overgang": f"{src} → {dst}",
                    "kans": p,
                    "effect_lager": effects[0],
                    "effect_hoger": effects[1],
                    "bereik": float(np.nanmax(np.abs(effects)))
                    if not np.isnan(effects).all()
                    else 0.0,
                    "bron": "aanname" if rate is None or rate.bron == ASSUMPTION else "bron",
                }
            )
    table = pd.DataFrame(rows)
    return table.sort_values("bereik", ascending=False, ignore_index=True)


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
) -> None:
    """A tornado chart: the transitions whose ±delta change moves the metric most."""
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
    ax.set_yticklabels([f"{o}  ({b})" for o, b in zip(part["overgang"], part["bron"], strict=True)])
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
    ("langdurig", "thuiszitter"),
)

WIDGET_TEXT = Strings(
    {
        "kop": {"nl": "Schuif met de kansen per week", "en": "Move the weekly probabilities"},
        "reset": {"nl": "Terug naar de standaardwaarden", "en": "Back to the defaults"},
        "fout": {"nl": "Kan niet: {reden}", "en": "Not possible: {reden}"},
        "statisch": {
            "nl": "In deze vaste (HTML-)versie werken de schuifjes niet. Open het notebook in "
            "JupyterLab of als app om de kansen zelf te veranderen. Met de standaardwaarden "
            "geldt na {weeks} weken:",
            "en": "Sliders do not work in this static (HTML) edition. Open the notebook in "
            "JupyterLab or as an app to change the probabilities. With the defaults, after "
            "{weeks} weeks:",
        },
        "per1000": {"nl": "thuiszitters per 1.000", "en": "out of school per 1,000"},
        "risico": {
            "nl": "kans op thuiszitten vóór terugkeer",
            "en": "chance of ending out of school before returning",
        },
    }
)


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
            items = [w.HTML(f"<b>{esc(cfg.scenarios[name].titel)}</b>")]
            for src, dst in KNOBS:
                slider = w.FloatSlider(
                    value=ch.rate(src, dst),
                    min=0.0,
                    max=0.6,
                    step=0.005,
                    readout_format=".3f",
                    description=f"{src} → {dst}",
                    continuous_update=False,
                    style={"description_width": "11em"},
                    layout=w.Layout(width="26em"),
                )
                slider.observe(self._redraw, names="value")
                self.sliders[(name, src, dst)] = slider
                items.append(slider)
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
        import matplotlib.pyplot as plt

        from leerrecht.views.plots import new_figure

        try:
            chains = self.chains()
        except ValueError as exc:
            self.message.value = f"<p>⚠ {esc(WIDGET_TEXT('fout', self.taal, reden=str(exc)))}</p>"
            return
        self.message.value = ""
        runs = {name: expected_run(ch, self.start, self.weeks) for name, ch in chains.items()}
        labels = {name: s.titel for name, s in self.cfg.scenarios.items()}
        with self.out:
            self.out.clear_output(wait=True)
            fig, ax = new_figure()
            plot_runs(ax, runs, "thuiszitter", self.n, self.colors, labels, self.taal)
            ax.set_title(TEXT("metric_thuiszitters", self.taal, weeks=self.weeks), loc="left")
            plt.show()

    def fallback_rows(self) -> list[tuple[str, float, float]]:
        return [
            (
                self.cfg.scenarios[name].titel,
                m["thuiszitters_per_1000"],
                m["kans_thuiszitter_voor_terugkeer"],
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


def rates_html(cfg: ModelFile) -> str:
    """Every transition of every scenario with its probability, source and reason."""
    states = cfg.state_ids
    names = list(cfg.scenarios)
    head = ["Van", "Naar", *(cfg.scenarios[n].titel for n in names), "Bron of aanname", "Waarom"]
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
            cells = [esc(src), esc(dst)]
            cells += [f"{rates[n].kans:.3f}" if n in rates else "" for n in names]
            if same:
                cells += [_source_html(first.bron), esc(first.reden)]
            else:
                cells += [
                    "<br>".join(
                        f"{esc(cfg.scenarios[n].titel)}: {_source_html(r.bron)}"
                        for n, r in rates.items()
                    ),
                    "<br>".join(
                        f"{esc(cfg.scenarios[n].titel)}: {esc(r.reden)}" for n, r in rates.items()
                    ),
                ]
            rows.append(cells)
    return html_table(head, rows)


def states_html(cfg: ModelFile) -> str:
    """The states of the model with their explanation."""
    return html_table(
        ["Toestand", "Wat het betekent"], [[esc(s.naam), esc(s.uitleg)] for s in cfg.toestanden]
    )


def compare_text(table: pd.DataFrame, cfg: ModelFile, weeks: int) -> str:
    """A short deterministic summary of :func:`compare` for printing."""
    labels = {
        "thuiszitters_per_1000": f"thuiszitters per 1.000 na {weeks} weken",
        "aanwezig_per_1000": f"weer aanwezig per 1.000 na {weeks} weken",
        "weken_thuiszitter": "verwachte weken als thuiszitter per leerling",
        "weken_niet_aanwezig": "verwachte weken niet aanwezig per leerling",
        "kans_thuiszitter_voor_terugkeer": "kans op thuiszitten vóór terugkeer (%)",
    }
    width = max(len(v) for v in labels.values())
    head = " " * width + "".join(f"{cfg.scenarios[c].titel:>18}" for c in table.columns)
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
    """Two panels per scenario: thuiszitters and pupils back in school, expected and simulated."""
    from leerrecht.views.plots import APPROACH_COLORS, house_style, new_figure

    with house_style():
        fig, axes = new_figure(1, 2, figsize=(11, 4.2))
        for ax, state, title in zip(
            axes, ("thuiszitter", "aanwezig"), ("Thuiszitters", "Weer aanwezig"), strict=True
        ):
            for name, ch in chains.items():
                color = APPROACH_COLORS[cfg.scenarios[name].aanpak]
                exp = expected_run(ch, start, weeks)[state] * n
                sim = stochastic_run(ch, start, weeks, n, seed)[state]
                ax.plot(
                    exp.index,
                    exp,
                    color=color,
                    lw=2.2,
                    label=f"{cfg.scenarios[name].titel} (verwachting)",
                )
                ax.plot(
                    sim.index,
                    sim,
                    color=color,
                    lw=1,
                    ls=":",
                    label=f"{cfg.scenarios[name].titel} (één simulatie)",
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
            plot_sensitivity(ax, table, weeks, delta, cfg.scenarios[name].titel, taal=taal)
        fig.tight_layout()
    return fig


def _source_html(bron: str) -> str:
    if bron == ASSUMPTION:
        return "<i>aanname</i>"
    return f'<a href="{esc(bron)}" target="_blank" rel="noopener">bron</a>'
