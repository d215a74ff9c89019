"""The exercise data files: bundled ones valid; mistakes named with file:line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from leerrecht import cli
from leerrecht.core.errors import UserError
from leerrecht.domain import netwerk
from leerrecht.domain.gesprek import oefeningen


def _write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_bundled_data_is_valid(capsys):
    assert cli.main(["gesprek", "check"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    zinnen, opdrachten, gesprekken = oefeningen.bundled()
    assert len(zinnen) >= 60 and sum(z.oefening for z in zinnen) >= 16
    assert {g.met for g in gesprekken} == {"leerling", "ouder"}
    rollen, stappen = netwerk.bundled()
    assert len({c.casus for c in stappen}) >= 4
    assert all(r.bronnen for r in rollen.values())


def test_unknown_role_in_steps_names_file_and_line(tmp_path, capsys):
    data = yaml.safe_load((netwerk.FOLDER / netwerk.STAPPEN_FILE).read_text(encoding="utf-8"))
    data["casussen"][1]["stappen"][0]["beslist"] = "klantmanager"
    path = _write(tmp_path / "stappen.yml", data)
    assert cli.main(["gesprek", "check", "--stappen", str(path)]) == 2
    err = capsys.readouterr().err
    line = _line_of(path, "beslist: klantmanager")
    assert f"{path}:{line}: casussen.1.stappen.0.beslist: unknown role 'klantmanager'" in err
    assert "hint: use a role id" in err and "Traceback" not in err


def test_role_without_source_names_file_and_line(tmp_path, capsys):
    data = yaml.safe_load((netwerk.FOLDER / netwerk.ROLLEN_FILE).read_text(encoding="utf-8"))
    del data["rollen"][2]["bronnen"]
    path = _write(tmp_path / "rollen.yml", data)
    assert cli.main(["gesprek", "check", "--rollen", str(path)]) == 2
    err = capsys.readouterr().err
    line = _line_of(path, "id: mentor")
    assert f"{path}:{line}: rollen.2.bronnen: required field is missing" in err


def test_role_with_an_unknown_group_or_bad_url(tmp_path):
    data = yaml.safe_load((netwerk.FOLDER / netwerk.ROLLEN_FILE).read_text(encoding="utf-8"))
    data["rollen"][0]["groep"] = "politiek"
    data["rollen"][1]["bronnen"][0]["url"] = "zie de website"
    path = _write(tmp_path / "rollen.yml", data)
    with pytest.raises(UserError) as err:
        netwerk.load_rollen(path)
    fields = {p.field for p in err.value.problems}
    assert {"rollen.0.groep", "rollen.1.bronnen.0.url"} <= fields
    assert all(p.line for p in err.value.problems)


def test_sentences_with_an_unknown_case_or_missing_explanation(tmp_path):
    data = yaml.safe_load((oefeningen.FOLDER / oefeningen.ZINNEN_FILE).read_text(encoding="utf-8"))
    data["zinnen"][0]["casus"] = "bestaat-niet"
    path = _write(tmp_path / "zinnen.yml", data)
    with pytest.raises(UserError) as err:
        oefeningen.load_zinnen(path)
    assert "unknown case 'bestaat-niet'" in str(err.value)
    del data["zinnen"][0]["uitleg"]
    data["zinnen"][0]["casus"] = "isk-nieuwkomer"
    path = _write(tmp_path / "zinnen.yml", data)
    with pytest.raises(UserError) as err:
        oefeningen.load_zinnen(path)
    assert "needs an 'uitleg'" in str(err.value)


def test_broken_conversation_graph_is_reported_with_a_line(tmp_path):
    data = yaml.safe_load(
        (oefeningen.FOLDER / oefeningen.GESPREKKEN_FILE).read_text(encoding="utf-8")
    )
    data["gesprekken"][0]["momenten"][0]["opties"][0]["volgende"] = "m9"
    path = _write(tmp_path / "gesprekken.yml", data)
    with pytest.raises(UserError) as err:
        oefeningen.load_gesprekken(path)
    problem = next(p for p in err.value.problems if "m9" in p.message)
    assert problem.field == "gesprekken.0.momenten.0.opties.0.volgende"
    assert problem.line == _line_of(path, "volgende: m9")


def test_network_map_edges_come_from_the_step():
    _rollen, stappen = netwerk.bundled()
    stap = stappen[0].stappen[1]  # isk-s2: mentor aan zet, school beslist
    edges = netwerk.map_edges(stap)
    assert ("mentor", "school", "besluit") in edges
    assert ("mentor", "leerplichtambtenaar", "informeert") in edges
    assert ("mentor", "leerling", "betrokken") in edges
    assert netwerk.roles_on_map(stap)[0] == "mentor"


def test_role_whose_english_points_do_not_match_is_refused(tmp_path):
    data = yaml.safe_load((netwerk.FOLDER / netwerk.ROLLEN_FILE).read_text(encoding="utf-8"))
    data["rollen"][0]["kan_en"] = data["rollen"][0]["kan_en"][:1]
    del data["rollen"][1]["kan_en"]
    path = _write(tmp_path / "rollen.yml", data)
    with pytest.raises(UserError) as info:
        netwerk.load_rollen(path)
    message = str(info.value)
    assert "kan_en has 1 points, kan has 3" in message
    assert "rollen.1.kan_en" in message
