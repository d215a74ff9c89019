"""A case's scenario graph drawn as SVG, from data: decision points in columns, endings last.

One drawing serves three readers: the trainee's own path (``highlight``: the options taken,
the rest faded), the trainer's whole case (every option and ending), and the cohort's flow
(``counts``: how many trainees took each option; line width follows the count). Every text
is escaped; colours follow the house style per approach.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from leerrecht.core.i18n import Strings
from leerrecht.domain.scenario import Graph
from leerrecht.views.htmlparts import esc, lang_attr
from leerrecht.views.plots import APPROACH_COLORS, NEUTRAL

BOX_W, BOX_H = 150, 46
COL_W, ROW_H = 210, 70
PAD = 12
OUTCOME_NAMES = Strings.load("views/casegraph", "outcome_names")
OUTCOME_COLORS = {"goed": "#009E73", "gemengd": "#E69F00", "zorgelijk": "#D55E00"}


def _columns(graph: Graph) -> dict[str, int]:
    """Column of every reachable node (its longest distance from the start), endings last."""
    depth: dict[str, int] = {graph.start.id: 0}
    changed = True
    for _ in range(len(graph.nodes) + 1):  # longest path in a DAG by relaxation
        if not changed:
            break
        changed = False
        for node in graph.nodes:
            if node.id not in depth:
                continue
            for opt in node.options:
                known = opt.volgende and graph.node(opt.volgende) is not None
                if known and depth.get(opt.volgende, -1) < depth[node.id] + 1:
                    depth[opt.volgende] = depth[node.id] + 1
                    changed = True
    last = max(depth.values(), default=0) + 1
    for end in graph.endings:
        depth[f"end:{end.id}"] = last
    return depth


def _label(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def graph_svg(
    graph: Graph,
    *,
    highlight: Collection[tuple[str, str]] = (),
    counts: Mapping[tuple[str, str], int] | None = None,
    ending_counts: Mapping[str, int] | None = None,
    reached: str | None = None,
    title: str = "",
    taal: str = "nl",
) -> str:
    """The graph as an inline SVG string (``lr-graph``); see the module docstring."""
    cols = _columns(graph)
    per_col: dict[int, list[str]] = {}
    for key, col in cols.items():
        per_col.setdefault(col, []).append(key)
    rows = max((len(v) for v in per_col.values()), default=1)
    width = PAD * 2 + COL_W * (max(per_col, default=0)) + BOX_W
    height = PAD * 2 + ROW_H * rows + (20 if title else 0)
    top = PAD + (20 if title else 0)
    pos: dict[str, tuple[float, float]] = {}
    for col, keys in per_col.items():
        offset = (rows - len(keys)) * ROW_H / 2
        for r, key in enumerate(keys):
            pos[key] = (PAD + col * COL_W, top + offset + r * ROW_H)
    top_count = max(counts.values(), default=1) if counts else 1
    edges, boxes = [], []
    for node in graph.nodes:
        if node.id not in pos:
            continue
        x, y = pos[node.id]
        n = len(node.options)
        for i, opt in enumerate(node.options):
            target = opt.volgende if opt.volgende else f"end:{opt.einde}"
            if target not in pos:
                continue
            tx, ty = pos[target]
            sy = y + BOX_H * (i + 1) / (n + 1)
            aanpak = getattr(opt.data, "aanpak", None)
            colour = APPROACH_COLORS.get(aanpak, NEUTRAL)
            taken = (node.id, opt.id) in highlight
            count = (counts or {}).get((node.id, opt.id), 0)
            if counts is not None:
                stroke = 1 + 7 * count / top_count if count else 0.8
                opacity = 0.9 if count else 0.25
            else:
                stroke = 4 if taken else 1.5
                opacity = 1.0 if taken or not highlight else 0.25
            x1, x2 = x + BOX_W, tx
            ey = ty + BOX_H / 2
            edges.append(
                f'<path d="M{x1:.0f},{sy:.0f} C{x1 + 40:.0f},{sy:.0f} {x2 - 40:.0f},{ey:.0f} '
                f'{x2:.0f},{ey:.0f}" fill="none" stroke="{colour}" stroke-width="{stroke:.1f}" '
                f'stroke-opacity="{opacity}" class="lr-edge{" lr-taken" if taken else ""}">'
                f"<title>{esc(node.id)} → {esc(opt.id)}: {esc(aanpak or '')}"
                f"{f' ({count})' if counts is not None else ''}</title></path>"
            )
            tag = esc(opt.id.upper()) + (f" · {count}" if counts is not None and count else "")
            edges.append(
                f'<text x="{x1 + 6:.0f}" y="{sy - 3:.0f}" font-size="10" fill="{colour}" '
                f'fill-opacity="{max(opacity, 0.5)}">{tag}</text>'
            )
        on_path = any(step[0] == node.id for step in highlight)
        boxes.append(
            f'<g class="lr-node"><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" '
            f'fill="{"#eef4fb" if on_path else "#ffffff"}" stroke="{NEUTRAL}" '
            f'stroke-width="{2 if on_path else 1}"/>'
            f'<text x="{x + 8}" y="{y + 18}" font-size="12" font-weight="bold">'
            f"{esc(_label(node.id))}</text>"
            f'<text x="{x + 8}" y="{y + 35}" font-size="10" fill="{NEUTRAL}">'
            f"week {esc(getattr(node.data, 'week', ''))}</text></g>"
        )
    for end in graph.endings:
        key = f"end:{end.id}"
        x, y = pos[key]
        outcome = getattr(end.data, "uitkomst", None)
        colour = OUTCOME_COLORS.get(outcome, NEUTRAL)
        here = reached == end.id
        label = getattr(end.data, "titel", end.id)
        extra = f" · {ending_counts.get(end.id, 0)}" if ending_counts is not None else ""
        boxes.append(
            f'<g class="lr-ending{" lr-reached" if here else ""}"><rect x="{x}" y="{y}" '
            f'width="{BOX_W}" height="{BOX_H}" rx="18" fill="{colour}" fill-opacity='
            f'"{0.35 if here or not reached else 0.12}" stroke="{colour}" '
            f'stroke-width="{3 if here else 1}"/>'
            f'<text x="{x + 10}" y="{y + 19}" font-size="11" font-weight="bold">'
            f"{esc(_label(label))}</text>"
            f'<text x="{x + 10}" y="{y + 35}" font-size="10">{esc(_outcome(outcome, taal))}{esc(extra)}'
            f"</text><title>{esc(label)}</title></g>"
        )
    heading = (
        f'<text x="{PAD}" y="{PAD + 10}" font-size="13" font-weight="bold">{esc(title)}</text>'
        if title
        else ""
    )
    return (
        f'<svg class="lr-graph" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{esc(title or "casusschema")}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="max-width:100%;height:auto;'
        f'font-family:sans-serif">{heading}{"".join(edges)}{"".join(boxes)}</svg>'
    )


def _outcome(outcome: str | None, taal: str) -> str:
    return OUTCOME_NAMES(outcome, taal) if outcome in OUTCOME_NAMES.table else (outcome or "")


def trainer_graph_html(case, taal: str = "nl") -> str:
    """For the trainer edition: the whole case graph and every ending with its debrief
    (the case's own text is Dutch: marked ``lang="nl"`` on a page in another language)."""
    heading = "Het hele casusschema" if taal == "nl" else "The whole case graph"
    nl = lang_attr("nl", taal)
    items = "".join(
        f"<li><strong{nl}>{esc(e.titel)}</strong> ({esc(_outcome(e.uitkomst, taal))}): "
        f"<span{nl}>{esc(e.tekst)}</span><br><em{nl}>{esc(e.debrief)}</em></li>"
        for e in case.eindes
    )
    return (
        f'<div class="lr-trainer-graph"><h4>{esc(heading)}</h4>{graph_svg(case.graph, taal=taal)}'
        f"{f'<ul>{items}</ul>' if items else ''}</div>"
    )
