"""A generic branching-scenario engine: decision points, options, endings, and a walk.

Pure data and logic (no widgets, no HTML), shared by the case studies
(:mod:`leerrecht.domain.cases`) and the short practice conversations. A :class:`Graph` is a
list of :class:`Node` (decision points; the first is the start) and :class:`Ending`. Each
:class:`Option` of a node leads on (``volgende``: a node id) or ends (``einde``: an ending id),
and may carry timeline ``events``. Every element has a free ``data`` payload (the caller's own
model object) and a ``loc``: the caller's location key (for example a YAML path such as
``("beslismomenten", 2, "opties", 0)``) so :func:`check_graph` problems can be reported with
file:line by the caller.

A :class:`Walk` is the state of one trainee: the path taken in the current attempt, the node
they are at or the ending reached, and the events so far. It is rebuilt from the recorded
choices (:meth:`Walk.replay`): a choice at a node earlier on the path starts a new attempt from
there ("probeer een ander pad"); a choice that no longer fits the graph (an answer line from an
older version of the case) becomes history, never an error.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

Loc = tuple[Hashable, ...]


@dataclass(frozen=True)
class Option:
    """One answer at a decision point: leads on to ``volgende`` or ends in ``einde``."""

    id: str
    volgende: str | None = None
    einde: str | None = None
    events: tuple[Any, ...] = ()
    data: Any = None
    loc: Loc = ()


@dataclass(frozen=True)
class Node:
    """A decision point."""

    id: str
    options: tuple[Option, ...]
    data: Any = None
    loc: Loc = ()

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Ending:
    id: str
    data: Any = None
    loc: Loc = ()


@dataclass(frozen=True)
class GraphProblem:
    """One fault in a graph. ``loc`` is the caller's location key of the faulty element,
    ``field`` the attribute within it (``volgende``, ``einde``, ``id`` or empty)."""

    code: str
    message: str
    loc: Loc
    field: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]
    endings: tuple[Ending, ...] = ()

    @property
    def start(self) -> Node:
        return self.nodes[0]

    def node(self, node_id: str) -> Node | None:
        return self._nodes.get(node_id)

    def ending(self, ending_id: str) -> Ending | None:
        return self._endings.get(ending_id)

    @property
    def _nodes(self) -> dict[str, Node]:
        # first wins, like check_graph's duplicate rule
        found: dict[str, Node] = {}
        for n in self.nodes:
            found.setdefault(n.id, n)
        return found

    @property
    def _endings(self) -> dict[str, Ending]:
        found: dict[str, Ending] = {}
        for e in self.endings:
            found.setdefault(e.id, e)
        return found

    def reachable(self) -> tuple[set[str], set[str]]:
        """Ids of the nodes and endings reachable from the start."""
        if not self.nodes:
            return set(), set()
        nodes, endings = self._nodes, self._endings
        seen, ends, todo = {self.start.id}, set(), [self.start]
        while todo:
            for opt in todo.pop().options:
                if opt.einde in endings:
                    ends.add(opt.einde)
                nxt = nodes.get(opt.volgende) if opt.volgende else None
                if nxt is not None and nxt.id not in seen:
                    seen.add(nxt.id)
                    todo.append(nxt)
        return seen, ends

    def paths(self, limit: int = 10_000) -> list[tuple[tuple[Node, Option], ...]]:
        """Every complete path from the start to an ending (acyclic graphs; at most ``limit``)."""
        nodes, endings = self._nodes, self._endings
        found: list[tuple[tuple[Node, Option], ...]] = []

        def walk(node: Node, so_far: tuple[tuple[Node, Option], ...], on_path: set[str]) -> None:
            for opt in node.options:
                if len(found) >= limit:
                    return
                step = (*so_far, (node, opt))
                if opt.einde in endings and opt.volgende is None:
                    found.append(step)
                nxt = nodes.get(opt.volgende) if opt.volgende and opt.einde is None else None
                if nxt is not None and nxt.id not in on_path:
                    walk(nxt, step, on_path | {nxt.id})

        if self.nodes:
            walk(self.start, (), {self.start.id})
        return found

    def min_decisions_to_end(self, node_id: str) -> int | None:
        """Fewest decisions from ``node_id`` (counting it) to an ending; None if none."""
        nodes, endings = self._nodes, self._endings
        memo: dict[str, int | None] = {}

        def dist(nid: str, on_path: frozenset[str]) -> int | None:
            if nid in memo:
                return memo[nid]
            node = nodes.get(nid)
            if node is None or nid in on_path:
                return None
            best: int | None = None
            for opt in node.options:
                if opt.einde is not None:
                    d = 1 if opt.einde in endings else None
                elif opt.volgende is not None:
                    rest = dist(opt.volgende, on_path | {nid})
                    d = None if rest is None else rest + 1
                else:
                    d = None
                if d is not None and (best is None or d < best):
                    best = d
            memo[nid] = best
            return best

        return dist(node_id, frozenset())


def check_graph(graph: Graph) -> list[GraphProblem]:
    """Every structural fault: duplicate ids, an option with both or neither of
    volgende/einde, an unknown target, an unreachable node or ending, a cycle, a dead end."""
    problems: list[GraphProblem] = []
    if not graph.nodes:
        return [GraphProblem("empty", "the scenario has no decision points", ())]
    node_ids = [n.id for n in graph.nodes]
    ending_ids = [e.id for e in graph.endings]
    seen: set[str] = set()
    for item in (*graph.nodes, *graph.endings):
        if item.id in seen:
            kind = "decision point" if isinstance(item, Node) else "ending"
            problems.append(
                GraphProblem(
                    "duplicate",
                    f"duplicate id '{item.id}' ({kind}); ids must be unique",
                    item.loc,
                    "id",
                    "give every decision point and ending its own id",
                )
            )
        seen.add(item.id)
    duplicates = bool(problems)
    for node in graph.nodes:
        problems.extend(_option_problems(node, node_ids, ending_ids))
    if duplicates:  # with two nodes of one id, targets are ambiguous: fix the ids first
        return problems
    reach_nodes, reach_ends = graph.reachable()
    for node in graph.nodes[1:]:
        if node.id not in reach_nodes:
            problems.append(
                GraphProblem(
                    "unreachable",
                    f"decision point '{node.id}' cannot be reached from the start "
                    f"('{graph.start.id}'): no option leads to it",
                    node.loc,
                    "id",
                    f"let an option point to it with 'volgende: {node.id}', or remove it",
                )
            )
    for end in graph.endings:
        if end.id not in reach_ends:
            problems.append(
                GraphProblem(
                    "unreachable",
                    f"ending '{end.id}' cannot be reached: no reachable option ends in it",
                    end.loc,
                    "id",
                    f"let an option end with 'einde: {end.id}', or remove the ending",
                )
            )
    problems.extend(_cycle_problems(graph))
    for node in graph.nodes:
        if node.id in reach_nodes and graph.min_decisions_to_end(node.id) is None:
            problems.append(
                GraphProblem(
                    "dead_end",
                    f"dead end: from decision point '{node.id}' no choice leads to an ending",
                    node.loc,
                    "opties",
                    "let at least one option (eventually) end with 'einde: <id>'",
                )
            )
    return problems


def _option_problems(
    node: Node, node_ids: Sequence[str], ending_ids: Sequence[str]
) -> Iterable[GraphProblem]:
    if not node.options:
        yield GraphProblem(
            "no_options", f"decision point '{node.id}' has no options", node.loc, "opties"
        )
    seen: set[str] = set()
    for opt in node.options:
        where = f"option '{opt.id}' of decision point '{node.id}'"
        if opt.id in seen:
            yield GraphProblem(
                "duplicate",
                f"duplicate option id '{opt.id}' in decision point '{node.id}'",
                opt.loc,
                "id",
                "give every option of a decision point its own id (a, b, c, ...)",
            )
        seen.add(opt.id)
        if opt.volgende is not None and opt.einde is not None:
            yield GraphProblem(
                "both",
                f"{where} has both 'volgende' and 'einde'; it must have exactly one",
                opt.loc,
                "einde",
                "keep 'volgende' to lead on, or 'einde' to end the case here",
            )
        elif opt.volgende is None and opt.einde is None:
            yield GraphProblem(
                "neither",
                f"{where} has neither 'volgende' nor 'einde'; it must have exactly one",
                opt.loc,
                "",
                "add 'volgende: <decision point id>' or 'einde: <ending id>'",
            )
        targets = (
            ("volgende", opt.volgende, node_ids, "decision point", "correct the id"),
            (
                "einde",
                opt.einde,
                ending_ids,
                "ending",
                "correct the id, or add the ending under 'eindes'",
            ),
        )
        for key, target, known, kind, hint in targets:
            if target is not None and target not in known:
                yield GraphProblem(
                    "unknown_target",
                    f"{where}: '{key}: {target}' names no {kind}; "
                    f"expected one of: {', '.join(known) or f'(no {kind}s defined)'}",
                    opt.loc,
                    key,
                    hint,
                )


def _cycle_problems(graph: Graph) -> list[GraphProblem]:
    """One problem per option that closes a loop (a back edge of a depth-first search)."""
    nodes = graph._nodes
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    problems: list[GraphProblem] = []

    def visit(node: Node, path: list[str]) -> None:
        state[node.id] = 1
        for opt in node.options:
            target = nodes.get(opt.volgende) if opt.volgende else None
            if target is None:
                continue
            if state.get(target.id) == 1:
                loop = [*path[path.index(target.id) :], target.id]
                problems.append(
                    GraphProblem(
                        "cycle",
                        f"cycle: option '{opt.id}' of '{node.id}' leads back to "
                        f"'{target.id}' ({' → '.join(loop)})",
                        opt.loc,
                        "volgende",
                        "a case runs forward: point to a later decision point or an ending",
                    )
                )
            elif target.id not in state:
                visit(target, [*path, target.id])
        state[node.id] = 2

    for node in graph.nodes:  # also finds loops among unreachable nodes
        if node.id not in state:
            visit(node, [node.id])
    return problems


# --- the walk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    node: Node
    option: Option


@dataclass(frozen=True)
class Walk:
    """One trainee's position in a scenario.

    ``steps`` is the path of the current attempt; ``attempts`` every earlier attempt (each a
    tuple of steps, abandoned by a restart); ``history`` the recorded choices that do not fit
    the graph (old answer lines), as ``(node_id, option_id)``.
    """

    graph: Graph
    steps: tuple[Step, ...] = ()
    attempts: tuple[tuple[Step, ...], ...] = ()
    history: tuple[tuple[str, str | None], ...] = field(default=())

    @classmethod
    def start(cls, graph: Graph) -> Walk:
        return cls(graph)

    @classmethod
    def replay(cls, graph: Graph, choices: Iterable[tuple[str, str | None]]) -> Walk:
        """Rebuild the state from recorded ``(node_id, option_id)`` choices, oldest first.

        An ``option_id`` of None records a restart at that node without a choice yet.
        """
        walk = cls(graph)
        for node_id, option_id in choices:
            walk = walk._apply(node_id, option_id)
        return walk

    def _apply(self, node_id: str, option_id: str | None) -> Walk:
        on_path = [s.node.id for s in self.steps]
        node = self.graph.node(node_id)
        # a choice at a decision point earlier on the path starts a new attempt from there
        walk = self.restart_at(node_id) if node is not None and node_id in on_path else self
        current = walk.current
        if current is None or current.id != node_id:
            return replace(self, history=(*self.history, (node_id, option_id)))
        if option_id is None:
            return walk
        if current.option(option_id) is None:
            return replace(self, history=(*self.history, (node_id, option_id)))
        return walk.choose(option_id)

    @property
    def current(self) -> Node | None:
        """The decision point to answer now; None once an ending is reached (or stuck)."""
        if not self.steps:
            return self.graph.start if self.graph.nodes else None
        last = self.steps[-1].option
        if last.einde is not None:
            return None
        return self.graph.node(last.volgende) if last.volgende else None

    @property
    def ending(self) -> Ending | None:
        if not self.steps or self.steps[-1].option.einde is None:
            return None
        return self.graph.ending(self.steps[-1].option.einde)

    @property
    def done(self) -> bool:
        return self.ending is not None

    @property
    def events(self) -> list[Any]:
        """The events of the options taken so far, in path order."""
        return [ev for s in self.steps for ev in s.option.events]

    @property
    def number(self) -> int:
        """1-based number of the current decision (or of the last one once ended)."""
        return len(self.steps) + (0 if self.current is None else 1)

    @property
    def at_least(self) -> int:
        """The fewest decisions this path can still have in total ("van ten minste N")."""
        node = self.current
        if node is None:
            return len(self.steps)
        rest = self.graph.min_decisions_to_end(node.id)
        return len(self.steps) + (rest if rest is not None else 1)

    def choose(self, option_id: str) -> Walk:
        """Answer the current decision point; ValueError if the option is not one of its."""
        node = self.current
        option = node.option(option_id) if node is not None else None
        if node is None or option is None:
            where = node.id if node is not None else "(ended)"
            raise ValueError(f"option '{option_id}' is not an option of {where}")
        return replace(self, steps=(*self.steps, Step(node, option)))

    def restart_at(self, node_id: str) -> Walk:
        """Start a new attempt from an earlier decision point of this path (or the start):
        the path is kept up to just before it; the old path goes to ``attempts``."""
        ids = [s.node.id for s in self.steps]
        if node_id in ids:
            keep = ids.index(node_id)
        elif node_id == self.graph.start.id:
            keep = 0
        else:
            raise ValueError(f"'{node_id}' is not on the current path")
        attempts = (*self.attempts, self.steps) if self.steps else self.attempts
        return replace(self, steps=self.steps[:keep], attempts=attempts)

    @property
    def all_attempts(self) -> tuple[tuple[Step, ...], ...]:
        """Earlier attempts plus the current one (if it has a step)."""
        return (*self.attempts, self.steps) if self.steps else self.attempts
