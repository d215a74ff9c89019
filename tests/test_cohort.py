"""Cohort files: the example validates, and every kind of bad input gives one clear message."""

from __future__ import annotations

import pytest
from support.testing import ROOT, make_notebook, write_cohort

from leerrecht.cli import main
from leerrecht.core.errors import UserError
from leerrecht.domain.cohort import load_cohort, new_cohort_text

GOOD = """\
naam: proef
titel: "Proef"
startdatum: 2026-09-07
einddatum: 2026-12-14
trainer: trainer-a
deelnemers: [deelnemer-01, deelnemer-02]
notebooks: [00_welkom]
"""


def test_example_cohort_is_valid():
    cohort = load_cohort(ROOT / "cohorts" / "voorbeeld.yml")
    assert cohort.naam == "voorbeeld"
    assert cohort.deelnemers and cohort.casussen
    assert cohort.output_path == (ROOT / "output" / "voorbeeld").resolve()
    assert cohort.answers_path == (ROOT / "answers" / "voorbeeld").resolve()


def test_new_cohort_template_validates(tmp_path):
    path = tmp_path / "nieuw.yml"
    path.write_text(new_cohort_text("nieuw", str(path)), encoding="utf-8")
    cohort = load_cohort(path)
    assert cohort.naam == "nieuw"
    assert "02_casus" in cohort.notebooks


def test_cohort_new_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "x.yml"
    assert main(["cohort", "new", "x", "--file", str(target)]) == 0
    assert main(["cohort", "new", "x", "--file", str(target)]) == 2
    assert "bestaat al" in capsys.readouterr().err


def _run_bad(tmp_path, capsys, text: str) -> str:
    """Run the CLI on a bad cohort file; it must exit 2, print no traceback, write nothing."""
    cohort_file = write_cohort(tmp_path / "bad.yml", text)
    out = tmp_path / "out"
    code = main(["cohort", "run", str(cohort_file), "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert not out.exists(), "nothing may be written for a bad cohort file"
    assert str(cohort_file) in err
    return err


@pytest.fixture
def welkom(notebooks_dir):
    make_notebook(
        notebooks_dir / "00_welkom.ipynb",
        "print(cohort, ronden)",
        parameters='cohort: str = "x"  # the cohort\nronden: int = 2  # how many rounds\n',
    )
    return notebooks_dir


def test_yaml_syntax_error_names_the_line(tmp_path, capsys, welkom):
    err = _run_bad(tmp_path, capsys, GOOD + "deelnemers: [a, b\n")
    assert "YAML-fout" in err
    assert "bad.yml:9" in err or "bad.yml:8" in err


def test_misspelt_key_is_refused(tmp_path, capsys, welkom):
    err = _run_bad(tmp_path, capsys, GOOD.replace("deelnemers:", "deelnemer:"))
    assert "bad.yml:6: deelnemer: onbekende sleutel" in err
    assert "tip:" in err and "deelnemers" in err


def test_unknown_notebook(tmp_path, capsys, welkom):
    err = _run_bad(tmp_path, capsys, GOOD.replace("[00_welkom]", "[00_welkom, 07_bestaatniet]"))
    assert "bad.yml:7: notebooks.1: onbekend notebook '07_bestaatniet'" in err
    assert "kies uit: 00_welkom" in err


def test_unknown_case(tmp_path, capsys, welkom):
    err = _run_bad(tmp_path, capsys, GOOD + "casussen: [geen-echte-casus]\n")
    assert "casussen.0: onbekende casus 'geen-echte-casus'" in err
    assert "leerrecht cases list" in err


def test_unknown_parameter(tmp_path, capsys, welkom):
    err = _run_bad(tmp_path, capsys, GOOD + "parameters:\n  00_welkom:\n    rondes: 3\n")
    assert "bad.yml:10: parameters.00_welkom.rondes: 00_welkom has no parameter 'rondes'" in err
    assert "its parameters are: cohort, ronden" in err


def test_wrong_parameter_type(tmp_path, capsys, welkom):
    err = _run_bad(tmp_path, capsys, GOOD + "parameters:\n  00_welkom:\n    ronden: drie\n")
    assert "parameters.00_welkom.ronden: expected a value of type int, got 'drie'" in err
    assert "how many rounds" in err


def test_wrong_field_type(tmp_path, capsys, welkom):
    err = _run_bad(tmp_path, capsys, GOOD.replace("2026-09-07", "volgende week"))
    assert "bad.yml:3: startdatum: 'volgende week' is geen datum" in err
    assert "startdatum: 2026-09-07" in err


def test_duplicate_trainee_and_bad_pseudonym(tmp_path, capsys, welkom):
    err = _run_bad(tmp_path, capsys, GOOD.replace("deelnemer-02]", "deelnemer-01, 'Jan Jansen']"))
    assert "deelnemers" in err
    assert "'Jan Jansen'" in err


def test_missing_file(tmp_path, capsys):
    code = main(["cohort", "run", str(tmp_path / "nope.yml"), "--no-progress"])
    assert code == 2
    assert "bestand niet gevonden" in capsys.readouterr().err


def test_debug_shows_traceback(tmp_path, capsys, welkom):
    cohort_file = write_cohort(tmp_path / "bad.yml", GOOD.replace("naam: proef", "naam: Proef!"))
    assert main(["--debug", "cohort", "run", str(cohort_file), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "naam" in err


def test_only_unknown_notebook(tmp_path, capsys, welkom):
    cohort_file = write_cohort(tmp_path / "c.yml", GOOD)
    assert main(["cohort", "run", str(cohort_file), "--only", "02_casus", "--no-progress"]) == 2
    assert "--only names notebooks this cohort does not run: 02_casus" in capsys.readouterr().err


def test_user_error_lists_every_problem():
    error = UserError.single("x", file="a.yml", line=3, field="f", hint="h")
    assert str(error) == "a.yml:3: f: x\n    hint: h"


def test_parameter_papermill_cannot_read_is_refused(tmp_path, capsys, notebooks_dir):
    # papermill silently skips a declaration whose comment holds '='; the runner refuses it.
    make_notebook(
        notebooks_dir / "00_welkom.ipynb",
        "print(jaar)",
        parameters='cohort: str = "x"  # the cohort\njaar: int = 2025  # 2025 = 2025-2026\n',
    )
    cohort_file = write_cohort(tmp_path / "c.yml", GOOD)
    out = tmp_path / "out"
    assert main(["cohort", "run", str(cohort_file), "--out", str(out), "--no-progress"]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert (
        "00_welkom.ipynb:2: parameters: papermill cannot read the declaration of parameter 'jaar'"
        in err
    )


def test_messages_follow_the_cohort_language(tmp_path, capsys, welkom):
    english = GOOD.replace("startdatum: 2026-09-07\n", "") + "taal: en\n"
    err = _run_bad(tmp_path, capsys, english)
    assert err.startswith("error: ")
    assert "startdatum: required field is missing" in err
    assert "hint: add it, e.g.  startdatum: 2026-09-07" in err
    dutch = _run_bad(tmp_path, capsys, GOOD.replace("startdatum: 2026-09-07\n", ""))
    assert dutch.startswith("fout: ")
    assert "startdatum: verplicht veld ontbreekt" in dutch
    assert "tip: voeg het toe, bijvoorbeeld  startdatum: 2026-09-07" in dutch


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("naam: proef", "naam: Proef!"), "'Proef!' is geen geldige naam"),
        (("trainer: trainer-a", "trainer: [a]"), "trainer: verwacht tekst, niet ['a']"),
        (("[00_welkom]", "00_welkom"), "notebooks: verwacht een lijst, niet '00_welkom'"),
        (('titel: "Proef"', 'titel: ""'), "titel: mag niet leeg zijn"),
    ],
)
def test_dutch_messages_carry_an_example(tmp_path, capsys, welkom, change, expected):
    err = _run_bad(tmp_path, capsys, GOOD.replace(*change))
    assert expected in err
    assert "bijvoorbeeld" in err


def test_cohort_template_is_commented_in_dutch():
    text = new_cohort_text("nieuw", "cohorts/nieuw.yml")
    comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
    assert len(comments) >= 15
    assert "Cohortbestand voor leerrecht" in text
    assert "bijvoorbeeld 2026-09-07" in text
    for english in ("course day", "which notebooks", "pseudonym of", "where the"):
        assert english not in text
