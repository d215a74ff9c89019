"""Tests for the case library: model, validation messages, CLI, schema, bundled cases."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from leerrecht import cli
from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.domain import cases

FICTIEF = {
    "personen": ["Testkind"],
    "plaatsen": ["Testdorp"],
    "scholen": ["Testschool"],
    "instellingen": [],
}


def _option(oid: str, aanpak: str, volgende: str | None = None) -> dict[str, Any]:
    opt = {
        "id": oid,
        "tekst": f"optie {oid}",
        "aanpak": aanpak,
        "feedback": "uitleg",
        "grondslag": "art. 13a LPW",
        "gevolg": "wat volgt",
    }
    if volgende:
        opt["volgende"] = volgende
    return opt


def _bm(bid: str, week: int) -> dict[str, Any]:
    return {
        "id": bid,
        "week": week,
        "situatie": "situatie",
        "vraag": "wat doe je?",
        "opties": [
            _option("a", "handhaving"),
            _option("b", "zorg"),
            _option("c", "samenwerking"),
        ],
    }


BASE: dict[str, Any] = {
    "id": "proef",
    "titel": "Proefcasus",
    "samenvatting": "samenvatting",
    "leerdoelen": ["doel"],
    "profiel": {
        "roepnaam": "Testkind",
        "leeftijd": 14,
        "onderwijstype": "vo",
        "leerjaar": 2,
        "gemeente": "Testdorp",
        "school": "Testschool",
        "context": "context",
    },
    "tijdlijn": [
        {"week": 1, "gebeurtenis": "begin"},
        {"week": 2, "gebeurtenis": "verzuim", "verzuim": [{"soort": "ongeoorloofd", "uren": 4}]},
        {
            "week": 3,
            "gebeurtenis": "meer",
            "verzuim": [{"soort": "ziek", "uren": 6}, {"soort": "te_laat", "uren": 1.5}],
        },
    ],
    "beslismomenten": [_bm("bm1", 1), _bm("bm2", 2), _bm("bm3", 3)],
    "paden": {
        "handhaving": {"titel": "h", "verloop": ["stap"], "uitkomst": "u"},
        "zorg": {"titel": "z", "verloop": ["stap"], "uitkomst": "u"},
    },
    "reflectie": [{"id": "r1", "vraag": "vraag?"}],
    "trainer": {"gespreksleiding": "leiding", "modelantwoorden": {"bm1": "a", "r1": "x"}},
    "bronnen": [{"titel": "Inspectie", "url": "https://www.onderwijsinspectie.nl/"}],
}


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "fictief.yml").write_text(yaml.safe_dump(FICTIEF), encoding="utf-8")
    return tmp_path


def write_case(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / f"{name or data['id']}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing ``needle``."""
    hits = [i for i, text in enumerate(path.read_text().splitlines(), 1) if needle in text]
    return hits[occurrence - 1]


def only_problem(path: Path, folder: Path) -> Problem:
    _, problems = cases.validate_paths([path], folder / "fictief.yml")
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def variant() -> dict[str, Any]:
    return copy.deepcopy(BASE)


# --- a valid case ---------------------------------------------------------------------------


def test_valid_case_loads(folder: Path) -> None:
    write_case(folder, BASE)
    case = cases.load_case("proef", folder)
    assert case.id == "proef"
    assert [bm.id for bm in case.beslismomenten] == ["bm1", "bm2", "bm3"]
    assert case.beslismoment("bm2").opties[1].aanpak == "zorg"
    assert [c.id for c in cases.list_cases(folder)] == ["proef"]


def test_verzuim_records_and_frame_are_tidy(folder: Path) -> None:
    write_case(folder, BASE)
    case = cases.load_case("proef", folder)
    assert case.verzuim_records() == [
        {"week": 2, "soort": "ongeoorloofd", "uren": 4.0},
        {"week": 3, "soort": "ziek", "uren": 6.0},
        {"week": 3, "soort": "te_laat", "uren": 1.5},
    ]
    frame = case.verzuim_frame()
    assert list(frame.columns) == ["week", "soort", "uren"]
    assert frame["uren"].sum() == 11.5
    assert list(frame["soort"].cat.categories) == list(cases.SOORTEN)


def test_unknown_case_id_names_the_known_ones(folder: Path) -> None:
    write_case(folder, BASE)
    with pytest.raises(UserError) as err:
        cases.load_case("bestaat-niet", folder)
    problem = err.value.problems[0]
    assert "unknown case 'bestaat-niet'" in problem.message
    assert "proef" in problem.hint


# --- each kind of invalid file --------------------------------------------------------------


def test_yaml_syntax_error(folder: Path) -> None:
    path = folder / "proef.yml"
    path.write_text('id: proef\ntitel: "niet afgesloten\nsamenvatting: x\n', encoding="utf-8")
    problem = only_problem(path, folder)
    assert "YAML syntax error" in problem.message
    assert problem.file == path and problem.line is not None


def test_missing_field(folder: Path) -> None:
    data = variant()
    del data["profiel"]["school"]
    path = write_case(folder, data)
    problem = only_problem(path, folder)
    assert problem.field == "profiel.school"
    assert problem.message == "required field is missing"
    assert problem.line == line_of(path, "profiel:")
    assert problem.hint == "add this field"


def test_wrong_type(folder: Path) -> None:
    data = variant()
    data["beslismomenten"][1]["week"] = "drie"
    path = write_case(folder, data)
    problem = only_problem(path, folder)
    assert problem.field == "beslismomenten.1.week"
    assert "valid integer" in problem.message
    assert problem.line == line_of(path, "week: drie")
    assert "whole number" in problem.hint


def test_unknown_approach(folder: Path) -> None:
    data = variant()
    data["beslismomenten"][0]["opties"][2]["aanpak"] = "straffen"
    path = write_case(folder, data)
    _, problems = cases.validate_paths([path], folder / "fictief.yml")
    fields = {p.field: p for p in problems}
    problem = fields["beslismomenten.0.opties.2.aanpak"]
    assert "'handhaving', 'zorg' or 'samenwerking'" in problem.message
    assert problem.line == line_of(path, "aanpak: straffen")
    assert problem.hint == "use one of the allowed values"


def test_unknown_soort_and_zero_hours(folder: Path) -> None:
    data = variant()
    data["tijdlijn"][1]["verzuim"] = [{"soort": "spijbelen", "uren": 0}]
    path = write_case(folder, data)
    _, problems = cases.validate_paths([path], folder / "fictief.yml")
    by_field = {p.field: p for p in problems}
    assert "'ongeoorloofd'" in by_field["tijdlijn.1.verzuim.0.soort"].message
    assert "greater than 0" in by_field["tijdlijn.1.verzuim.0.uren"].message


def test_unknown_key(folder: Path) -> None:
    data = variant()
    data["profiel"]["achternaam"] = "Jansen"
    path = write_case(folder, data)
    problem = only_problem(path, folder)
    assert problem.field == "profiel.achternaam"
    assert problem.message == "unknown key"
    assert problem.line == line_of(path, "achternaam:")


def test_duplicate_decision_point_id(folder: Path) -> None:
    data = variant()
    data["beslismomenten"][2]["id"] = "bm1"
    path = write_case(folder, data)
    problem = only_problem(path, folder)
    assert problem.message == "duplicate id 'bm1' (decision point); ids must be unique"
    assert problem.field == "beslismomenten.2.id"
    assert problem.line == line_of(path, "- id: bm1", 2)


def test_duplicate_option_id(folder: Path) -> None:
    data = variant()
    data["beslismomenten"][1]["opties"][2]["id"] = "a"
    path = write_case(folder, data)
    problem = only_problem(path, folder)
    assert problem.message == "duplicate option id 'a' in decision point 'bm2'"
    assert problem.field == "beslismomenten.1.opties.2.id"


def test_duplicate_reflection_id(folder: Path) -> None:
    data = variant()
    data["reflectie"].append({"id": "r1", "vraag": "nog een"})
    path = write_case(folder, data)
    problem = only_problem(path, folder)
    assert problem.message == "duplicate id 'r1' (already used by a reflectievraag)"
    assert problem.field == "reflectie.1.id"


def test_duplicate_case_id_across_files(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = write_case(folder, BASE)
    other = tmp_path_factory.mktemp("elders")
    second = write_case(other, BASE)
    _, problems = cases.validate_paths([first, second], folder / "fictief.yml")
    assert len(problems) == 1
    assert problems[0].message == f"duplicate case id 'proef' (also in {first})"
    assert problems[0].file == second and problems[0].line == 1


def test_duplicate_yaml_key(folder: Path) -> None:
    path = write_case(folder, BASE)
    text = path.read_text().replace("titel: Proefcasus\n", "titel: Proefcasus\ntitel: Nog eens\n")
    path.write_text(text)
    problem = only_problem(path, folder)
    assert "key 'titel' appears twice" in problem.message
    assert problem.line == line_of(path, "titel: Nog eens")


def test_option_pointing_nowhere(folder: Path) -> None:
    data = variant()
    data["beslismomenten"][0]["opties"][0]["volgende"] = "bm9"
    path = write_case(folder, data)
    problem = only_problem(path, folder)
    assert problem.message == (
        "option 'a' of decision point 'bm1': 'volgende: bm9' names no decision point; "
        "expected one of: bm1, bm2, bm3"
    )
    assert problem.field == "beslismomenten.0.opties.0.volgende"
    assert problem.line == line_of(path, "volgende: bm9")


def test_option_pointing_to_itself(folder: Path) -> None:
    data = variant()
    data["beslismomenten"][1]["opties"][0]["volgende"] = "bm2"
    problem = only_problem(write_case(folder, data), folder)
    assert problem.message == "cycle: option 'a' of 'bm2' leads back to 'bm2' (bm2 → bm2)"
    assert problem.field == "beslismomenten.1.opties.0.volgende"


def test_file_name_must_match_id(folder: Path) -> None:
    path = write_case(folder, BASE, name="andere-naam")
    problem = only_problem(path, folder)
    assert problem.message == "id 'proef' does not match the file name 'andere-naam.yml'"
    assert problem.field == "id" and problem.line == 1
    assert "rename the file to proef.yml" in problem.hint


def test_too_few_decision_points(folder: Path) -> None:
    data = variant()
    data["beslismomenten"] = data["beslismomenten"][:2]
    data["trainer"]["modelantwoorden"] = {}
    problem = only_problem(write_case(folder, data), folder)
    assert problem.field == "beslismomenten"
    assert "at least 3 items" in problem.message


def test_too_few_options(folder: Path) -> None:
    data = variant()
    data["beslismomenten"][2]["opties"] = data["beslismomenten"][2]["opties"][:2]
    problem = only_problem(write_case(folder, data), folder)
    assert problem.field == "beslismomenten.2.opties"
    assert "at least 3 items" in problem.message


def test_decision_point_needs_handhaving_and_zorg(folder: Path) -> None:
    data = variant()
    data["beslismomenten"][1]["opties"][1]["aanpak"] = "samenwerking"
    path = write_case(folder, data)
    problem = only_problem(path, folder)
    assert problem.field == "beslismomenten.1.opties"
    assert "no option with aanpak zorg" in problem.message
    assert "at least one handhaving and one zorg option" in problem.message


def test_model_answer_for_unknown_id(folder: Path) -> None:
    data = variant()
    data["trainer"]["modelantwoorden"]["bm7"] = "?"
    path = write_case(folder, data)
    problem = only_problem(path, folder)
    assert problem.field == "trainer.modelantwoorden.bm7"
    assert "'bm7' names no decision point, ending or reflection question" in problem.message
    assert problem.line == line_of(path, "bm7:")


def test_timeline_out_of_order(folder: Path) -> None:
    data = variant()
    data["tijdlijn"][2]["week"] = 1
    problem = only_problem(write_case(folder, data), folder)
    assert problem.field == "tijdlijn.2.week"
    assert "must be in order" in problem.message


def test_name_not_in_fictief(folder: Path) -> None:
    data = variant()
    data["profiel"]["gemeente"] = "Echtestad"
    problem = only_problem(write_case(folder, data), folder)
    assert problem.field == "profiel.gemeente"
    assert "'Echtestad' is not listed under 'plaatsen'" in problem.message


def test_load_case_raises_with_all_problems(folder: Path) -> None:
    data = variant()
    data["beslismomenten"][0]["opties"][0]["volgende"] = "bm9"
    data["trainer"]["modelantwoorden"]["bm7"] = "?"
    write_case(folder, data)
    with pytest.raises(UserError) as err:
        cases.load_case("proef", folder)
    assert len(err.value.problems) == 2


# --- CLI -----------------------------------------------------------------------------------


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch):
    # Only our group: other command groups may be work in progress.
    monkeypatch.setattr(cli, "GROUPS", ["cases"])
    return cli.main


def test_cli_validate_ok(run, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_case(folder, BASE)
    assert run(["cases", "validate", str(folder), "--fictief", str(folder / "fictief.yml")]) == 0
    assert "ok: 1 case file(s) valid" in capsys.readouterr().out


def test_cli_validate_invalid_exits_2(
    run, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = variant()
    data["beslismomenten"][0]["opties"][0]["aanpak"] = "straffen"
    path = write_case(folder, data)
    code = run(["cases", "validate", str(path), "--fictief", str(folder / "fictief.yml")])
    err = capsys.readouterr().err
    assert code == 2
    line = line_of(path, "aanpak: straffen")
    assert f"{path}:{line}: beslismomenten.0.opties.0.aanpak:" in err
    assert "hint: use one of the allowed values" in err


def test_cli_list(run, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_case(folder, BASE)
    assert run(["cases", "list", "--folder", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "proef  vo     14   3  Proefcasus" in out
    assert "1 cases" in out


def test_cli_schema_write_and_check(
    run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "schema.json"
    assert run(["cases", "schema", "--output", str(target)]) == 0
    assert run(["cases", "schema", "--output", str(target), "--check"]) == 0
    target.write_text("{}\n")
    assert run(["cases", "schema", "--output", str(target), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err


# --- schema and bundled content -------------------------------------------------------------


def test_committed_schema_is_in_sync(tmp_path: Path) -> None:
    fresh = cases.write_schema(tmp_path / "schema.json").read_text(encoding="utf-8")
    committed = (paths.CASESTUDIES / cases.SCHEMA_FILE).read_text(encoding="utf-8")
    assert fresh == committed, "run: leerrecht cases schema"
    schema = json.loads(committed)
    assert schema["properties"]["beslismomenten"]["minItems"] == 3
    assert set(schema["required"]) >= {"id", "titel", "beslismomenten", "paden", "bronnen"}


def test_template_is_not_a_case_but_validates_when_filled(folder: Path) -> None:
    template = paths.CASESTUDIES / cases.TEMPLATE_FILE
    assert template not in cases.case_files()
    text = template.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    # Fill the placeholders the way a trainer would.
    data.update(id="proef")
    data["profiel"].update(roepnaam="Testkind", gemeente="Testdorp", school="Testschool")
    # The template is a complete small graph: filled in, it passes the strict content rules.
    _, problems = cases.validate_paths(
        [write_case(folder, data)], folder / "fictief.yml", strict=True
    )
    assert problems == []


def test_bundled_cases_are_valid() -> None:
    found, problems = cases.validate_paths()
    assert problems == [], "\n".join(map(str, problems))
    assert len(found) >= 5


MY_CASES = [
    "isk-nieuwkomer",
    "angst-na-corona",
    "telaat-planning",
    "vakantieverlof-luxe",
    "thuiszitter-passend-onderwijs",
]


@pytest.mark.parametrize("case_id", MY_CASES)
def test_bundled_case_content_rules(case_id: str) -> None:
    case = cases.load_case(case_id)
    text = (paths.CASESTUDIES / f"{case_id}.yml").read_text(encoding="utf-8")
    assert len(case.beslismomenten) >= 3
    # "art. 5 onder a" for the medical exemption; "5a" only where the two are contrasted.
    assert all("5 onder a" in line for line in text.splitlines() if "5a" in line)
    assert all(b.url.startswith("https://") or b.url.startswith("http://") for b in case.bronnen)
    # Absence lives in the story and in the events of the options (the timeline grows per path).
    events = [g for bm in case.beslismomenten for o in bm.opties for g in o.gebeurtenissen]
    frame = case.verzuim_frame([*case.tijdlijn, *events])
    assert not frame.empty and (frame["uren"] > 0).all()
    # Every decision point is reachable from the story: answered by the trainer notes.
    assert {bm.id for bm in case.beslismomenten} <= set(case.trainer.modelantwoorden)


# --- the branching format (issue 13) ---------------------------------------------------------


def _gopt(oid: str, aanpak: str, volgende: str | None = None, einde: str | None = None) -> dict:
    opt = _option(oid, aanpak, volgende)
    if einde:
        opt["einde"] = einde
    return opt


def _gbm(bid: str, week: int, *targets: tuple[str | None, str | None]) -> dict[str, Any]:
    kinds = ("handhaving", "zorg", "samenwerking")
    opts = [_gopt("abc"[i], kinds[i], v, e) for i, (v, e) in enumerate(targets)]
    return {"id": bid, "week": week, "situatie": "s", "vraag": "v?", "opties": opts}


def graph_case() -> dict[str, Any]:
    """A valid branching case: bm1 → bm2-melding | bm2-zorg → bm3 → two endings."""
    data = variant()
    data["tijdlijn"] = data["tijdlijn"][:1]
    data["beslismomenten"] = [
        _gbm("bm1", 1, ("bm2-melding", None), ("bm2-zorg", None), ("bm2-zorg", None)),
        _gbm("bm2-melding", 2, (None, "streng"), ("bm3", None), ("bm3", None)),
        _gbm("bm2-zorg", 2, ("bm3", None), (None, "zacht"), ("bm3", None)),
        _gbm("bm3", 3, (None, "streng"), (None, "zacht"), (None, "zacht")),
    ]
    data["eindes"] = [
        {"id": e, "titel": e, "tekst": "t", "debrief": "d", "uitkomst": u}
        for e, u in (("streng", "gemengd"), ("zacht", "goed"))
    ]
    data["trainer"]["modelantwoorden"] = {bm["id"]: "m" for bm in data["beslismomenten"]}
    data["trainer"]["modelantwoorden"]["r1"] = "m"
    return data


def problems_of(folder: Path, data: dict[str, Any], strict: bool = False) -> list[Problem]:
    path = write_case(folder, data)
    return cases.validate_paths([path], folder / "fictief.yml", strict=strict)[1]


def test_graph_case_is_valid_and_walks(folder: Path) -> None:
    data = graph_case()
    assert problems_of(folder, data, strict=True) == []
    case = cases.load_case("proef", folder)
    walk = case.walk([("bm1", "b"), ("bm2-zorg", "a")])
    assert walk.current.id == "bm3" and walk.number == 3
    assert case.walk([("bm1", "b"), ("bm2-zorg", "b")]).ending.data.uitkomst == "goed"


def _one(problems: list[Problem], needle: str) -> Problem:
    hits = [p for p in problems if needle in p.message]
    assert len(hits) == 1, [str(p) for p in problems]
    return hits[0]


def test_option_with_both_volgende_and_einde(folder: Path) -> None:
    data = graph_case()
    data["beslismomenten"][1]["opties"][0]["volgende"] = "bm3"
    path = folder / "proef.yml"
    problem = _one(problems_of(folder, data), "has both")
    assert problem.message == (
        "option 'a' of decision point 'bm2-melding' has both 'volgende' and 'einde'; "
        "it must have exactly one"
    )
    assert problem.field == "beslismomenten.1.opties.0.einde"
    assert problem.line == line_of(path, "einde: streng")


def test_option_with_neither_in_graph_case(folder: Path) -> None:
    data = graph_case()
    del data["beslismomenten"][3]["opties"][0]["einde"]
    problem = _one(problems_of(folder, data), "neither")
    assert problem.message == (
        "option 'a' of decision point 'bm3' has neither 'volgende' nor 'einde'; "
        "it must have exactly one"
    )
    assert problem.field == "beslismomenten.3.opties.0"
    assert problem.line == line_of(folder / "proef.yml", "- id: a", 4)


def test_unknown_ending(folder: Path) -> None:
    data = graph_case()
    data["beslismomenten"][3]["opties"][0]["einde"] = "onbekend"
    problem = _one(problems_of(folder, data), "names no ending")
    assert "'einde: onbekend' names no ending; expected one of: streng, zacht" in problem.message
    assert problem.line == line_of(folder / "proef.yml", "einde: onbekend")


def test_unreachable_decision_point_and_ending(folder: Path) -> None:
    data = graph_case()
    data["beslismomenten"].append(_gbm("bm9", 9, (None, "zacht"), (None, "zacht"), (None, "zacht")))
    data["eindes"].append({**data["eindes"][0], "id": "vergeten"})
    found = problems_of(folder, data)
    bm = _one(found, "'bm9' cannot be reached")
    assert bm.line == line_of(folder / "proef.yml", "- id: bm9") and bm.field.endswith(".id")
    end = _one(found, "ending 'vergeten' cannot be reached")
    assert end.line == line_of(folder / "proef.yml", "- id: vergeten")


def test_cycle_in_graph_case(folder: Path) -> None:
    data = graph_case()
    data["beslismomenten"][3]["opties"][2] = _gopt("c", "samenwerking", volgende="bm1")
    problem = _one(problems_of(folder, data), "cycle")
    assert problem.message == (
        "cycle: option 'c' of 'bm3' leads back to 'bm1' (bm1 → bm2-melding → bm3 → bm1)"
    )
    assert problem.line == line_of(folder / "proef.yml", "volgende: bm1")


def test_dead_end_in_graph_case(folder: Path) -> None:
    data = graph_case()
    # bm3 only loops back to bm2-zorg's sibling: no way from bm3 to an ending
    data["beslismomenten"][3]["opties"] = [
        _gopt("a", "handhaving", volgende="bm3b"),
        _gopt("b", "zorg", volgende="bm3b"),
        _gopt("c", "samenwerking", volgende="bm3b"),
    ]
    data["beslismomenten"].append(_gbm("bm3b", 4, ("bm3", None), ("bm3", None), ("bm3", None)))
    found = problems_of(folder, data)
    dead = _one(found, "dead end: from decision point 'bm3' ")
    assert dead.field == "beslismomenten.3.opties"
    assert any(p.message.startswith("cycle: ") for p in found)


def test_content_rules_for_graph_case(folder: Path) -> None:
    data = graph_case()
    # every first choice leads to bm2-zorg, all of whose options go to bm3; one ending only
    points = data["beslismomenten"]
    for opt in points[0]["opties"]:
        opt["volgende"] = "bm2-zorg"
    points[2]["opties"][1] = _gopt("b", "zorg", volgende="bm3")
    points[3]["opties"] = [
        _gopt("a", "handhaving", einde="zacht"),
        _gopt("b", "zorg", einde="zacht"),
        _gopt("c", "zorg", einde="zacht"),
    ]
    del points[1]
    data["eindes"] = data["eindes"][1:]
    data["tijdlijn"].append({"week": 5, "gebeurtenis": "later"})
    del data["trainer"]["modelantwoorden"]["r1"]
    del data["trainer"]["modelantwoorden"]["bm2-melding"]
    found = problems_of(folder, data)
    messages = sorted(p.message for p in found)
    assert "only 1 ending(s) can be reached; a case needs at least 2" in messages
    assert (
        "every option of the first decision point 'bm1' leads to the same place; "
        "the first choice must matter"
    ) in messages
    assert (
        "decision point 'bm3' has no option with aanpak samenwerking; every decision "
        "point offers handhaving, zorg and samenwerking"
    ) in messages
    assert any(m.startswith("the story (tijdlijn) runs to week 5") for m in messages)
    assert "'r1' has no model answer under trainer.modelantwoorden" in messages
    assert len(found) == 5, [str(p) for p in found]


def test_no_path_of_three(folder: Path) -> None:
    data = graph_case()
    points = data["beslismomenten"]
    points[0]["opties"][2]["volgende"] = "bm3"
    points[1]["opties"] = [_gopt(o, k, einde="streng") for o, k in zip("abc", AANPAK3, strict=True)]
    points[2]["opties"] = [_gopt(o, k, einde="zacht") for o, k in zip("abc", AANPAK3, strict=True)]
    problem = _one(problems_of(folder, data), "no path has 3")
    assert problem.message == "no path has 3 or more decisions; at least one path needs 3"


AANPAK3 = ("handhaving", "zorg", "samenwerking")


def test_short_path_is_named(folder: Path) -> None:
    data = graph_case()
    data["beslismomenten"][0]["opties"][2] = _gopt("c", "samenwerking", einde="streng")
    problem = _one(problems_of(folder, data), "ends after 1 decision")
    assert problem.message == (
        "the path bm1:c ends after 1 decision; every path needs at least 2 decisions"
    )
    assert problem.line == line_of(folder / "proef.yml", "einde: streng")


def test_old_format_is_valid_but_strict_refuses_it(folder: Path) -> None:
    assert problems_of(folder, variant()) == []
    problem = _one(problems_of(folder, variant(), strict=True), "old, linear case format")
    assert "add 'eindes'" in problem.hint and problem.field == "beslismomenten"
    case = cases.load_case("proef", folder)
    walk = case.walk([("bm1", "a"), ("bm2", "b"), ("bm3", "c")])
    assert walk.done and walk.ending.id == cases.LINEAR_END


def test_cli_validate_strict(run, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_case(folder, variant())
    fictief = str(folder / "fictief.yml")
    assert run(["cases", "validate", str(path), "--fictief", fictief]) == 0
    assert "old, linear format" in capsys.readouterr().out
    assert run(["cases", "validate", "--strict", str(path), "--fictief", fictief]) == 2
    assert "old, linear case format" in capsys.readouterr().err


def test_graph_fixture_passes_every_rule(folder: Path) -> None:
    from support.case_fixture import graph_case_data

    data = graph_case_data("proef")
    assert problems_of(folder, data, strict=True) == []
    case = cases.load_case("proef", folder)
    walk = case.walk([("bm1", "a")])
    assert [g.gebeurtenis for g in case.visible_timeline(walk)] == ["Begin", "Melding gedaan"]
