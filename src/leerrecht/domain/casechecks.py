"""What a case schema cannot express: ids, graph faults, content rules, fictional names.

Every check yields ``(loc, message, hint)`` with ``loc`` a YAML location key; :func:`case_problems`
turns them into :class:`Problem` with file:line.

* Always: duplicate keys, the file name equals the id, unique ids, model answers name existing
  ids, timeline in order, a handhaving *and* a zorg option at every decision point, names in
  ``fictief.yml``, and the graph (:func:`leerrecht.domain.scenario.check_graph`: an option with
  both or neither of volgende/einde, an unknown target, an unreachable decision point or
  ending, a cycle, a dead end).
* Content rules of the branching format (issue 13), for every case that has ``eindes`` — or
  for every case when ``strict`` (then an old, linear case is refused with a clear message):
  >= 2 reachable endings, a first choice that matters, every path >= 2 decisions and one
  >= 3, handhaving, zorg and samenwerking at every decision point, the story (``tijdlijn``)
  stops at the first decision, and a model answer for every decision point and reflection.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from leerrecht.core.errors import Problem
from leerrecht.core.yamlio import node_line
from leerrecht.domain.casemodel import AANPAKKEN, Case
from leerrecht.domain.scenario import check_graph

Found = Iterator[tuple[tuple[Any, ...], str, str]]

MIN_ENDINGS = 2
MIN_PATH = 2
MIN_LONGEST_PATH = 3


def _check_ids(case: Case) -> Found:
    """Reflection ids unique, model-answer keys known, handhaving and zorg at every point.
    (Decision-point, option and ending ids are checked with the graph.)"""
    known: dict[str, str] = {}
    for bm in case.beslismomenten:
        known.setdefault(bm.id, "beslismoment")
        if not {"handhaving", "zorg"} <= {opt.aanpak for opt in bm.opties}:
            missing = [a for a in ("handhaving", "zorg") if a not in {o.aanpak for o in bm.opties}]
            i = case.beslismomenten.index(bm)
            yield (
                ("beslismomenten", i, "opties"),
                f"decision point '{bm.id}' has no option with aanpak {' or '.join(missing)}; "
                "every decision point needs at least one handhaving and one zorg option",
                "add an option (or change an aanpak) so both approaches can be chosen",
            )
    for end in case.eindes:
        known.setdefault(end.id, "einde")
    for k, refl in enumerate(case.reflectie):
        if refl.id in known:
            yield (
                ("reflectie", k, "id"),
                f"duplicate id '{refl.id}' (already used by a {known[refl.id]})",
                "give every reflection question its own id (r1, r2, ...)",
            )
        known.setdefault(refl.id, "reflectievraag")
    for key in case.trainer.modelantwoorden:
        if key not in known:
            expected = ", ".join(known) or "(none)"
            yield (
                ("trainer", "modelantwoorden", key),
                f"'{key}' names no decision point, ending or reflection question; "
                f"expected one of: {expected}",
                "use the id of a decision point (bm…), an ending or a reflection question (r…)",
            )


def _check_graph(case: Case) -> Found:
    for problem in check_graph(case.graph):
        loc = problem.loc + ((problem.field,) if problem.field else ())
        yield loc, problem.message, problem.hint


def _check_timeline(case: Case) -> Found:
    weeks = [item.week for item in case.tijdlijn]
    for i in range(1, len(weeks)):
        if weeks[i] < weeks[i - 1]:
            yield (
                ("tijdlijn", i, "week"),
                f"week {weeks[i]} comes after week {weeks[i - 1]}; the timeline must be in order",
                "sort the timeline by week",
            )


def _check_names(case: Case, fictief: dict[str, set[str]]) -> Found:
    checks = [("roepnaam", "personen"), ("gemeente", "plaatsen"), ("school", "scholen")]
    for field, key in checks:
        value = getattr(case.profiel, field)
        if value not in fictief[key]:
            yield (
                ("profiel", field),
                f"'{value}' is not listed under '{key}' in casestudies/fictief.yml",
                f"use only invented names and add '{value}' to '{key}' in fictief.yml",
            )


def content_problems(case: Case) -> Found:
    """The content rules of a branching case (run on a graph without structural faults)."""
    graph = case.graph
    paths = graph.paths()
    _, endings = graph.reachable()
    if len(endings) < MIN_ENDINGS:
        yield (
            ("eindes",),
            f"only {len(endings)} ending(s) can be reached; a case needs at least {MIN_ENDINGS}",
            "let choices lead to different endings (add one under 'eindes')",
        )
    first = graph.start
    targets = {(o.volgende, o.einde) for o in first.options}
    if len(targets) < 2:
        yield (
            ("beslismomenten", 0, "opties"),
            f"every option of the first decision point '{first.id}' leads to the same place; "
            "the first choice must matter",
            "let at least one option lead to another decision point or ending",
        )
    for path in paths:
        if len(path) < MIN_PATH:
            node, option = path[-1]
            yield (
                (*option.loc, "einde"),
                f"the path {' → '.join(f'{n.id}:{o.id}' for n, o in path)} ends after "
                f"{len(path)} decision; every path needs at least {MIN_PATH} decisions",
                "let this option lead on to another decision point with 'volgende'",
            )
    if paths and max(len(p) for p in paths) < MIN_LONGEST_PATH:
        yield (
            ("beslismomenten",),
            f"no path has {MIN_LONGEST_PATH} or more decisions; at least one path needs "
            f"{MIN_LONGEST_PATH}",
            "let one option of a second decision point lead on to a third",
        )
    for i, bm in enumerate(case.beslismomenten):
        missing = [a for a in AANPAKKEN if a not in {o.aanpak for o in bm.opties}]
        if missing:
            yield (
                ("beslismomenten", i, "opties"),
                f"decision point '{bm.id}' has no option with aanpak {', '.join(missing)}; "
                "every decision point offers handhaving, zorg and samenwerking",
                "add an option (or change an aanpak) for each approach",
            )
    first_week = case.beslismomenten[0].week
    for k, item in enumerate(case.tijdlijn):
        if item.week > first_week:
            yield (
                ("tijdlijn", k, "week"),
                f"the story (tijdlijn) runs to week {item.week}, after the first decision "
                f"(week {first_week}); the trainee would see what has not happened yet",
                "move later events into 'gebeurtenissen' of the options that cause them",
            )
    answered = set(case.trainer.modelantwoorden)
    needed = [("beslismomenten", i, bm.id) for i, bm in enumerate(case.beslismomenten)]
    needed += [("reflectie", k, r.id) for k, r in enumerate(case.reflectie)]
    for section, index, item_id in needed:
        if item_id not in answered:
            yield (
                (section, index, "id"),
                f"'{item_id}' has no model answer under trainer.modelantwoorden",
                f"add '{item_id}: <model answer>' under trainer.modelantwoorden",
            )


def case_problems(
    case: Case,
    path: Path,
    node: yaml.Node | None,
    fictief: dict[str, set[str]] | None = None,
    strict: bool = False,
) -> list[Problem]:
    """Problems the schema cannot catch, located by line."""
    found: list[tuple[tuple[Any, ...], str, str]] = []
    if path.stem != case.id:
        found.append(
            (
                ("id",),
                f"id '{case.id}' does not match the file name '{path.name}'",
                f"rename the file to {case.id}.yml or change the id to '{path.stem}'",
            )
        )
    found.extend(_check_ids(case))
    graph_faults = list(_check_graph(case))
    found.extend(graph_faults)
    found.extend(_check_timeline(case))
    if fictief is not None:
        found.extend(_check_names(case, fictief))
    if not case.is_graph and strict:
        found.append(
            (
                ("beslismomenten",),
                "old, linear case format: there is no 'eindes' list, so no choice changes "
                "what happens next",
                "add 'eindes' and give every option 'volgende: <id>' or 'einde: <id>' "
                "(see casestudies/README.md)",
            )
        )
    elif case.is_graph and not graph_faults:
        found.extend(content_problems(case))
    return [
        Problem(msg, file=path, line=node_line(node, loc), field=".".join(map(str, loc)), hint=hint)
        for loc, msg, hint in found
    ]
