"""The cohort report's view of branching cases: which paths the group took, how many reached
each ending, who tried several paths (issue 13 point 5).

Each trainee's decision lines for a case are replayed through the case graph
(:meth:`leerrecht.domain.casemodel.Case.walk`): the trainee's *latest* attempt counts for the
flow and the endings; every attempt counts for "tried several paths". Lines that no longer
fit the case (an older version) are counted apart, never an error. Pseudonyms and ids are
escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from leerrecht.core.i18n import Strings
from leerrecht.domain.answers import Answer
from leerrecht.views.casegraph import graph_svg
from leerrecht.views.htmlparts import esc, table

TEXT = Strings.load("views/report_paths", "text")


@dataclass
class CasePaths:
    """What the cohort did in one case."""

    case: Any
    paths: Counter = field(default_factory=Counter)  # tuple of (node, option) -> trainees
    endings: Counter = field(default_factory=Counter)  # ending id (or None) -> trainees
    edges: Counter = field(default_factory=Counter)  # (node, option) -> trainees (latest)
    attempts: dict[str, int] = field(default_factory=dict)  # trainee -> number of attempts
    misfits: int = 0

    @property
    def several(self) -> list[str]:
        return sorted(t for t, n in self.attempts.items() if n > 1)


def case_paths(case: Any, answers: Iterable[Answer]) -> CasePaths:
    """Replay every trainee's decision lines for ``case`` (answers of other cases ignored)."""
    per_trainee: dict[str, list[tuple[str, str | None]]] = {}
    for a in answers:
        if a.case == case.id and a.kind == "beslissing":
            per_trainee.setdefault(a.trainee, []).append((a.question, a.option))
    result = CasePaths(case)
    for trainee, lines in sorted(per_trainee.items()):
        walk = case.walk(lines)
        result.misfits += len(walk.history)
        if not walk.all_attempts:
            continue
        result.attempts[trainee] = len(walk.all_attempts)
        latest = walk.all_attempts[-1]
        result.paths[tuple((s.node.id, s.option.id) for s in latest)] += 1
        end = latest[-1].option.einde
        result.endings[end] += 1
        for s in latest:
            result.edges[(s.node.id, s.option.id)] += 1
    return result


def case_paths_html(summary: CasePaths, taal: str = "nl") -> str:
    """Flow diagram, a table of paths with their endings, and who tried several paths."""
    case = summary.case
    graph = case.graph
    ending_counts = {e: n for e, n in summary.endings.items() if e is not None}
    parts = [
        f'<div class="lr-case-paths"><h3>{esc(TEXT("title", taal, titel=case.titel))}</h3>',
        graph_svg(graph, counts=dict(summary.edges), ending_counts=ending_counts, taal=taal),
    ]
    rows = []
    for path, n in summary.paths.most_common():
        end_id = graph.node(path[-1][0]).option(path[-1][1]).einde if path else None
        end = graph.ending(end_id) if end_id else None
        title = getattr(end.data, "titel", end_id) if end is not None else TEXT("not_ended", taal)
        steps = " → ".join(f"{node}:{option.upper()}" for node, option in path)
        rows.append([esc(steps), esc(title), str(n)])
    header = [TEXT("col_path", taal), TEXT("col_end", taal), TEXT("col_n", taal)]
    parts.append(table(header, rows, "lr-table lr-paths-table"))
    names = summary.several
    line = TEXT("several", taal, names=", ".join(names)) if names else TEXT("several_none", taal)
    parts.append(f'<p class="lr-several">{esc(line)}</p>')
    if summary.misfits:
        parts.append(f"<p><small>{esc(TEXT('history', taal, n=summary.misfits))}</small></p>")
    parts.append("</div>")
    return "".join(parts)


def cohort_paths_html(answers: list[Answer], cases: Iterable[Any], taal: str = "nl") -> str:
    """One section per case that has decision answers (for notebook 90)."""
    return "".join(
        case_paths_html(case_paths(case, answers), taal)
        for case in cases
        if any(a.case == case.id and a.kind == "beslissing" for a in answers)
    )
