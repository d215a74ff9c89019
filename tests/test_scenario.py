"""Tests for the generic scenario engine: graph checks and the walk."""

from __future__ import annotations

import pytest

from leerrecht.domain.scenario import Ending, Graph, Node, Option, Walk, check_graph


def _graph(spec: dict[str, list[tuple[str, str]]], endings=("e1", "e2")) -> Graph:
    """spec: node id -> [(option id, target)], target 'end:<id>' or a node id."""
    nodes = []
    for i, (nid, opts) in enumerate(spec.items()):
        options = tuple(
            Option(
                oid,
                volgende=None if t.startswith("end:") else t,
                einde=t[4:] if t.startswith("end:") else None,
                events=(f"{nid}{oid}",),
                loc=("n", i, oid),
            )
            for oid, t in opts
        )
        nodes.append(Node(nid, options, loc=("n", i)))
    return Graph(tuple(nodes), tuple(Ending(e, loc=("e", e)) for e in endings))


GOOD = {
    "bm1": [("a", "bm2-zorg"), ("b", "bm2-melding")],
    "bm2-zorg": [("a", "bm3"), ("b", "end:e1")],
    "bm2-melding": [("a", "end:e2"), ("b", "bm3")],
    "bm3": [("a", "end:e1"), ("b", "end:e2")],
}


def test_good_graph_has_no_problems_and_all_paths():
    g = _graph(GOOD)
    assert check_graph(g) == []
    lengths = sorted(len(p) for p in g.paths())
    assert lengths == [2, 2, 3, 3, 3, 3]
    assert g.min_decisions_to_end("bm1") == 2


def _messages(g: Graph) -> list[tuple[str, str, tuple]]:
    return [(p.code, p.message, p.loc) for p in check_graph(g)]


def test_both_volgende_and_einde():
    g = _graph(GOOD)
    bad = Option("c", volgende="bm3", einde="e1", loc=("x",))
    nodes = (Node("bm1", (*g.nodes[0].options, bad), loc=("n", 0)), *g.nodes[1:])
    found = _messages(Graph(nodes, g.endings))
    assert (
        "both",
        "option 'c' of decision point 'bm1' has both 'volgende' and 'einde'; "
        "it must have exactly one",
        ("x",),
    ) in found


def test_neither_volgende_nor_einde_is_also_a_dead_end():
    g = _graph({"bm1": [("a", "bm2")], "bm2": [("a", "end:e1"), ("b", "end:e2")]})
    nodes = (Node("bm1", (Option("a", loc=("o",)),), loc=("n", 0)), g.nodes[1])
    found = _messages(Graph(nodes, g.endings))
    codes = {c for c, _, _ in found}
    assert "neither" in codes and "dead_end" in codes and "unreachable" in codes
    assert any("has neither 'volgende' nor 'einde'" in m for _, m, _ in found)


def test_unknown_targets():
    found = _messages(_graph({"bm1": [("a", "bm9"), ("b", "end:e7"), ("c", "end:e1")]}, ("e1",)))
    msgs = [m for c, m, _ in found if c == "unknown_target"]
    assert msgs == [
        "option 'a' of decision point 'bm1': 'volgende: bm9' names no decision point; "
        "expected one of: bm1",
        "option 'b' of decision point 'bm1': 'einde: e7' names no ending; expected one of: e1",
    ]


def test_unreachable_node_and_ending():
    found = _messages(_graph({"bm1": [("a", "end:e1"), ("b", "end:e1")], "bm2": [("a", "end:e1")]}))
    assert (
        "unreachable",
        "decision point 'bm2' cannot be reached from the start ('bm1'): no option leads to it",
        ("n", 1),
    ) in found
    assert (
        "unreachable",
        "ending 'e2' cannot be reached: no reachable option ends in it",
        ("e", "e2"),
    ) in found


def test_cycle_named_with_its_loop():
    found = _messages(
        _graph(
            {
                "bm1": [("a", "bm2"), ("b", "end:e1")],
                "bm2": [("a", "bm3"), ("b", "end:e2")],
                "bm3": [("a", "bm1")],
            }
        )
    )
    assert [(c, m, loc) for c, m, loc in found if c == "cycle"] == [
        (
            "cycle",
            "cycle: option 'a' of 'bm3' leads back to 'bm1' (bm1 → bm2 → bm3 → bm1)",
            ("n", 2, "a"),
        )
    ]


def test_dead_end_loop_without_way_out():
    found = _messages(
        _graph(
            {"bm1": [("a", "bm2"), ("b", "end:e1")], "bm2": [("a", "bm3")], "bm3": [("a", "bm2")]},
            ("e1",),
        )
    )
    dead = sorted(m for c, m, _ in found if c == "dead_end")
    assert dead == [
        "dead end: from decision point 'bm2' no choice leads to an ending",
        "dead end: from decision point 'bm3' no choice leads to an ending",
    ]


def test_duplicate_ids():
    g = _graph({"bm1": [("a", "end:e1"), ("a", "end:e2")]}, ("e1", "e2", "e1"))
    msgs = [m for c, m, _ in _messages(g) if c == "duplicate"]
    assert "duplicate option id 'a' in decision point 'bm1'" in msgs
    assert "duplicate id 'e1' (ending); ids must be unique" in msgs


# --- walk ----------------------------------------------------------------------------------


def test_walk_follows_choices_and_collects_events():
    w = Walk.start(_graph(GOOD))
    assert w.current.id == "bm1" and w.number == 1 and w.at_least == 2
    w = w.choose("b")
    assert w.current.id == "bm2-melding" and w.number == 2
    w = w.choose("b")
    assert w.current.id == "bm3" and w.at_least == 3
    w = w.choose("a")
    assert w.current is None and w.ending.id == "e1" and w.done
    assert w.events == ["bm1b", "bm2-meldingb", "bm3a"]
    with pytest.raises(ValueError, match="not an option"):
        w.choose("a")


def test_restart_keeps_earlier_attempt():
    w = Walk.start(_graph(GOOD)).choose("a").choose("b")
    assert w.ending.id == "e1"
    w2 = w.restart_at("bm1")
    assert w2.steps == () and w2.current.id == "bm1"
    assert [s.option.id for s in w2.attempts[0]] == ["a", "b"]
    w3 = w.restart_at("bm2-zorg").choose("a")
    assert [s.node.id for s in w3.steps] == ["bm1", "bm2-zorg"] and w3.current.id == "bm3"
    with pytest.raises(ValueError):
        w.restart_at("bm3")


def test_replay_rebuilds_latest_attempt_and_keeps_misfits_as_history():
    g = _graph(GOOD)
    lines = [
        ("bm1", "a"),
        ("bm2", "c"),  # an old-format line: decision point no longer exists
        ("bm2-zorg", "b"),  # ends in e1
        ("bm1", "b"),  # tries another path from the start
        ("bm2-melding", "z"),  # option that does not exist
        ("bm3", "a"),  # not the current decision point
        ("bm2-melding", "b"),
        ("bm3", None),  # a restart marker at the current node: nothing changes
    ]
    w = Walk.replay(g, lines)
    assert [(s.node.id, s.option.id) for s in w.steps] == [("bm1", "b"), ("bm2-melding", "b")]
    assert w.current.id == "bm3"
    assert w.history == (("bm2", "c"), ("bm2-melding", "z"), ("bm3", "a"))
    assert len(w.attempts) == 1 and w.attempts[0][-1].option.einde == "e1"
    assert len(w.all_attempts) == 2


def test_replay_restart_marker_without_choice():
    g = _graph(GOOD)
    w = Walk.replay(g, [("bm1", "a"), ("bm2-zorg", "b"), ("bm2-zorg", None)])
    assert w.current.id == "bm2-zorg" and not w.done and len(w.attempts) == 1
