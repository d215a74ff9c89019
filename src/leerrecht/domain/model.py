"""An illustrative, transparent escalation model of school absence (a Markov chain).

States such as *aanwezig → signaal → gemeld → langdurig → drie_maanden_thuis*, with return
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
from leerrecht.core.yamlio import node_line, read_yaml, validation_problems

__all__ = [
    "DEFAULT_FILE",
    "TOLERANCE",
    "ASSUMPTION",
    "REQUIRED_STATES",
    "Rate",
    "Row",
    "State",
    "Scenario",
    "ModelFile",
    "structure_problems",
    "load_config",
    "local",
    "untranslated",
    "Chain",
    "check_matrix",
    "build_chain",
    "with_rate",
    "start_vector",
    "expected_run",
    "stochastic_run",
    "absorption",
    "escalation_risk",
    "metrics",
    "compare",
    "sensitivity",
]

DEFAULT_FILE = paths.DATA / "model" / "escalatie.yml"
TOLERANCE = 1e-9
ASSUMPTION = "aanname"
REQUIRED_STATES = ("aanwezig", "drie_maanden_thuis")  # the headline metrics are about these two
_URL = re.compile(r"^https?://\S+$")

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
    reden_en: str | None = None

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
    naam_en: str | None = None
    uitleg: str
    uitleg_en: str | None = None


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titel: str
    titel_en: str | None = None
    aanpak: Literal["handhaving", "zorg", "samenwerking"]
    uitleg: str
    uitleg_en: str | None = None
    overgangen: dict[str, Row]


class ModelFile(BaseModel):
    """The whole YAML file."""

    model_config = ConfigDict(extra="forbid")

    titel: str
    titel_en: str | None = None
    waarschuwing: str
    waarschuwing_en: str | None = None
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


def local(item: BaseModel, name: str, taal: str = "nl") -> str:
    """Text field ``name`` of ``item`` in ``taal``: under ``en`` its ``<name>_en`` twin when
    the file gives one (a trainer's own file may be Dutch only), else the Dutch text."""
    dutch = getattr(item, name)
    return (getattr(item, f"{name}_en", None) or dutch) if taal == "en" else dutch


def untranslated(cfg: ModelFile) -> list[str]:
    """Where a text of ``cfg`` has no English twin, e.g. ``scenarios.zorg.uitleg``."""
    items: list[tuple[str, BaseModel]] = [("", cfg)]
    items += [(f"toestanden.{s.id}.", s) for s in cfg.toestanden]
    for name, scen in cfg.scenarios.items():
        items.append((f"scenarios.{name}.", scen))
        items += [
            (f"scenarios.{name}.overgangen.{src}.{dst}.", rate)
            for src, row in scen.overgangen.items()
            for dst, rate in row.items()
        ]
    items += [
        (f"basis.{src}.{dst}.", rate) for src, row in cfg.basis.items() for dst, rate in row.items()
    ]
    return [
        prefix + key
        for prefix, item in items
        for key in ("titel", "waarschuwing", "naam", "uitleg", "reden")
        if hasattr(item, f"{key}_en") and not getattr(item, f"{key}_en")
    ]


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
    chain: Chain, start: str, bad: str = "drie_maanden_thuis", good: str = "aanwezig"
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
        "drie_maanden_thuis_per_1000": 1000 * float(run["drie_maanden_thuis"].iloc[-1]),
        "aanwezig_per_1000": 1000 * float(run["aanwezig"].iloc[-1]),
        "weken_drie_maanden_thuis": float(run["drie_maanden_thuis"].iloc[1:].sum()),
        "weken_niet_aanwezig": float(run[absent].iloc[1:].sum(axis=1).sum()),
        "kans_drie_maanden_thuis_voor_terugkeer": escalation_risk(chain, start),
    }


def compare(
    cfg: ModelFile, start: str, weeks: int, chains: dict[str, Chain] | None = None
) -> pd.DataFrame:
    """Metrics per scenario side by side (rows: metrics, columns: scenarios)."""
    chains = chains or {name: build_chain(cfg, name) for name in cfg.scenarios}
    return pd.DataFrame({name: metrics(ch, start, weeks) for name, ch in chains.items()})


def sensitivity(
    chain: Chain,
    start: str,
    weeks: int,
    delta: float = 0.2,
    metric: str = "drie_maanden_thuis_per_1000",
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
                    "van": src,
                    "naar": dst,
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
