"""The privacy gate without holes: numbers at any field boundary, no full value in an
excerpt, unreadable files as findings, and a pseudonymiser that refuses what it cannot
vouch for. Patterns only (no deduce), so these run in the fast loop."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from leerrecht.cli import main
from leerrecht.core.errors import UserError
from leerrecht.privacy.cohortcheck import cohort_file_warnings
from leerrecht.privacy.names import build_allow_list
from leerrecht.privacy.pseudonymise import pseudonymise_file, read_key
from leerrecht.privacy.scanner import NamePass, scan_file

# Synthetic values that pass their checksums (textbook BSN and IBAN, a computed
# onderwijsnummer) and a mobile number from a range never handed out.
BSN = "111222333"
ONDERWIJSNUMMER = "100001008"
IBAN = "NL91ABNA0417164300"
PHONE = "0612345678"
VALUES = {"bsn": BSN, "onderwijsnummer": ONDERWIJSNUMMER, "iban": IBAN, "telefoon": PHONE}
GOOD_KEY = "3f9c2a7e1b5d8046c2e9a1f7b3d5c8e04a6b2d9f1c7e3a5b8d0f2c4e6a8b1d3f"


def scan(path: Path):
    return scan_file(path, NamePass(build_allow_list(None)), path.name)


def assert_no_value_shown(findings, value: str) -> None:
    shown = "\n".join(map(str, findings))
    assert value not in shown
    # Not even most of it: no run of five of its digits.
    digits = re.sub(r"\D", "", value)
    for i in range(len(digits) - 4):
        assert digits[i : i + 5] not in re.sub(r"\D", "", shown.split(": ", 2)[-1]), shown


@pytest.mark.parametrize("kind", sorted(VALUES))
@pytest.mark.parametrize("column", [0, 1, 2, 3])
@pytest.mark.parametrize(
    ("suffix", "sep"), [(".csv", ","), (".csv", ";"), (".tsv", "\t"), (".csv", '","')]
)
def test_number_found_in_any_table_column(tmp_path, kind, column, suffix, sep):
    cells = ["12", "4", "ja", "2,5"]
    cells[column] = VALUES[kind]
    header = sep.join(["a", "b", "c", "d"])
    row = sep.join(cells)
    if sep == '","':
        header, row = f'"{header}"', f'"{row}"'
    path = tmp_path / f"register{suffix}"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    findings, skipped = scan(path)
    assert [f.kind for f in findings] == [kind], findings
    assert findings[0].line == 2
    assert skipped == []
    assert_no_value_shown(findings, VALUES[kind])


def test_numbers_next_to_numbers_in_a_csv(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"id,bsn,telefoon\n17,{BSN},{PHONE}\n", encoding="utf-8")
    findings, _ = scan(path)
    assert sorted(f.kind for f in findings) == ["bsn", "telefoon"]


@pytest.mark.parametrize(
    "document",
    [
        {"leerling": {"bsn": BSN}},
        {"bsn": int(BSN)},
        {"nummers": [17, int(BSN), 3]},
        {"nummers": [f"x{BSN}"]},
    ],
)
def test_bsn_found_in_json_values(tmp_path, document):
    path = tmp_path / "d.json"
    path.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    findings, _ = scan(path)
    assert [f.kind for f in findings] == ["bsn"], findings
    assert_no_value_shown(findings, BSN)


def test_jsonl_values(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"t": "ok"}) + "\n" + json.dumps({"tel": PHONE, "iban": IBAN}) + "\n",
        encoding="utf-8",
    )
    findings, _ = scan(path)
    assert sorted((f.kind, f.line) for f in findings) == [("iban", 2), ("telefoon", 2)]


def test_decimal_comma_is_not_a_bsn(tmp_path):
    path = tmp_path / "t.md"
    path.write_text(f"gemiddeld 0,{BSN} uur\n", encoding="utf-8")
    assert scan(path)[0] == []


def test_excerpt_masks_numbers_no_detector_claimed(tmp_path):
    # The second number fails the 11-proef, so it is no finding; it is still someone's
    # number as far as the reader of the report knows.
    path = tmp_path / "n.md"
    path.write_text(f"bsn {BSN} en dossier 123456789\n", encoding="utf-8")
    findings, _ = scan(path)
    assert [f.kind for f in findings] == ["bsn"]
    assert "123456789" not in str(findings[0]) and "*********" in findings[0].excerpt


def test_utf16_file_is_scanned(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(f"a,b\nx,{BSN}\n".encode("utf-16"))
    findings, skipped = scan(path)
    assert [f.kind for f in findings] == ["bsn"]
    assert "UTF-16" in skipped[0].reason and not skipped[0].unreadable


def test_nul_byte_makes_a_file_unreadable_and_the_scan_fail(tmp_path, capsys):
    path = tmp_path / "x.yml"
    path.write_bytes(b"titel: x\n\x00\n")
    code = main(["privacy", "scan", "--no-names", "--no-progress", str(path)])
    captured = capsys.readouterr()
    assert code == 1
    assert "could not be read" in captured.out and "NUL" in captured.err


def test_missing_allow_list_is_refused(tmp_path, capsys):
    (tmp_path / "a.md").write_text("niets\n")
    code = main(
        ["privacy", "scan", "--no-names", "--allow-list", str(tmp_path / "nee.yml"), str(tmp_path)]
    )
    assert code == 2
    assert "allow-list not found" in capsys.readouterr().err


# --- pseudonymise --------------------------------------------------------------------------


@pytest.fixture
def key_file(tmp_path) -> Path:
    path = tmp_path / "sleutel" / "k.key"
    path.parent.mkdir()
    path.write_text(GOOD_KEY)
    path.chmod(0o600)
    return path


def _register(tmp_path, **extra: list[str]) -> Path:
    frame = pd.DataFrame({"leerling": ["L1", "L2"], "uren": ["2", "3"], **extra})
    path = tmp_path / "register.csv"
    frame.to_csv(path, index=False)
    return path


def _pseudonymise(tmp_path, source, key_file, **kw):
    return pseudonymise_file(source, tmp_path / "anon.csv", key_file, date(2026, 10, 1), **kw)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (f"moeder belt {PHONE}", "telefoon"),
        (f"bsn {BSN}", "bsn"),
        (f"rekening {IBAN}", "iban"),
    ],
)
def test_pseudonymise_refuses_personal_data_in_a_kept_column(tmp_path, key_file, text, kinds):
    source = _register(tmp_path, opmerking=["geen", text])
    for keep in ([], ["opmerking"]):
        with pytest.raises(UserError) as info:
            _pseudonymise(tmp_path, source, key_file, keep=keep)
        message = str(info.value)
        assert f"column 'opmerking' holds what looks like personal data (row 2: {kinds})" in message
        assert "--drop 'opmerking'" in message
        assert PHONE not in message and BSN not in message
    assert not (tmp_path / "anon.csv").exists()


def test_pseudonymise_refuses_free_text_until_told(tmp_path, key_file):
    source = _register(tmp_path, notitie=["kort", "Gesprek met de mentor over het verzuim gehad"])
    with pytest.raises(UserError, match="column 'notitie' holds free text"):
        _pseudonymise(tmp_path, source, key_file)
    result, _ = _pseudonymise(tmp_path, source, key_file, keep=["notitie"])
    assert "notitie" in result.frame.columns
    result, _ = _pseudonymise(tmp_path, source, key_file, drop=["notitie"])
    assert "notitie" not in result.frame.columns and "notitie" in result.dropped


def test_pseudonymise_keep_of_unknown_column_is_refused(tmp_path, key_file):
    with pytest.raises(UserError, match="--keep/--drop name columns the file does not have"):
        _pseudonymise(tmp_path, _register(tmp_path), key_file, keep=["opmerkingen"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a" * 16, "key is too weak (1 distinct characters"),
        ("ab" * 20, "key is too weak (2 distinct characters"),
        ("kort", "key is too short (4 bytes"),
    ],
)
def test_weak_keys_are_refused(tmp_path, content, message):
    path = tmp_path / "k" / "zwak.key"
    path.parent.mkdir()
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(UserError, match=re.escape(message)):
        read_key(path, [])


@pytest.mark.parametrize("mode", [0o644, 0o666, 0o640, 0o602])
def test_key_readable_or_writable_by_others_is_refused(tmp_path, mode):
    path = tmp_path / "k" / "open.key"
    path.parent.mkdir()
    path.write_text(GOOD_KEY)
    path.chmod(mode)
    with pytest.raises(UserError, match="can be read or changed by others") as info:
        read_key(path, [])
    assert "chmod 600" in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"leerling,uren\n\x00\x01\x02\x03\n", "not a text file"),
        ("leerling,naam\nL1,Jos\xe9\n".encode("latin-1"), "not UTF-8 text"),
        (b'leerling,uren\n"L1,2\n', "not a readable CSV table"),
    ],
)
def test_pseudonymise_unreadable_input_gives_a_clean_message(
    tmp_path, key_file, capsys, data, message
):
    source = tmp_path / "in.csv"
    source.write_bytes(data)
    target = tmp_path / "uit.csv"
    argv = ["privacy", "pseudonymise", str(source), str(target), "--key-file", str(key_file)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not target.exists()
    assert not list(tmp_path.glob(".uit.csv*"))


def test_pseudonymise_reads_semicolon_registers(tmp_path, key_file):
    source = tmp_path / "r.csv"
    source.write_text("leerling;uren\nL1;2,5\nL2;3\n", encoding="utf-8")
    result, _ = _pseudonymise(tmp_path, source, key_file)
    assert list(result.frame.columns) == ["leerling", "uren"]
    assert result.frame["uren"].tolist() == ["2,5", "3"]


def test_pseudonymise_corrupt_parquet(tmp_path, key_file, capsys):
    source = tmp_path / "r.parquet"
    source.write_bytes(b"PAR1 not really")
    target = tmp_path / "o.parquet"
    argv = ["privacy", "pseudonymise", str(source), str(target), "--key-file", str(key_file)]
    assert main(argv) == 2
    assert "not a readable Parquet file" in capsys.readouterr().err


# --- the cohort file's own look ------------------------------------------------------------

COHORT = """\
naam: x
titel: "{titel}"
startdatum: 2026-09-07
einddatum: 2026-12-01
trainer: trainer-a
"""


def test_cohort_check_warns_about_a_real_place_in_dutch(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text(COHORT.format(titel="Groep Utrecht, najaar"), encoding="utf-8")
    warnings = cohort_file_warnings(path, allow_file=tmp_path / "geen.yml")
    assert len(warnings) == 1
    assert warnings[0].startswith(f"let op: {path}:2: 'U******' lijkt een echte plaatsnaam")
    assert "Utrecht" not in warnings[0]
    english = cohort_file_warnings(path, taal="en", allow_file=tmp_path / "geen.yml")
    assert "looks like a real place name" in english[0]


def test_cohort_check_allows_listed_invented_places_and_warns_about_numbers(tmp_path):
    allow = tmp_path / "fictief.yml"
    allow.write_text("plaatsen: [Utrecht]\n", encoding="utf-8")
    path = tmp_path / "c.yml"
    path.write_text(COHORT.format(titel=f"Groep Utrecht, bel {PHONE}"), encoding="utf-8")
    warnings = cohort_file_warnings(path, allow_file=allow)
    assert len(warnings) == 1 and "dit lijkt een telefoonnummer" in warnings[0]
    assert PHONE not in warnings[0]


def test_a_fresh_cohort_template_gives_no_warning(tmp_path):
    """The template's Dutch comments start sentences with words that are also place names."""
    from leerrecht.domain.cohort import new_cohort_text

    path = tmp_path / "najaar2026.yml"
    path.write_text(new_cohort_text("najaar2026", "cohorts/najaar2026.yml"), encoding="utf-8")
    assert cohort_file_warnings(path) == []
    # A real place in a value is still found, also with a comment after it on the line.
    path.write_text('titel: "Groep Utrecht"  # Draai het\n', encoding="utf-8")
    assert len(cohort_file_warnings(path, allow_file=tmp_path / "geen.yml")) == 1


def test_example_cohort_gives_no_warning():
    from leerrecht.core.paths import COHORTS

    assert cohort_file_warnings(COHORTS / "voorbeeld.yml") == []


def test_cohort_run_prints_the_warning_before_running(tmp_path, capsys, notebooks_dir):
    from support.testing import make_notebook

    make_notebook(notebooks_dir / "00_welkom.ipynb", "print(1)", parameters="x: int = 1  # x\n")
    path = tmp_path / "c.yml"
    path.write_text(
        COHORT.format(titel="Groep Utrecht") + "notebooks: [00_welkom]\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    code = main(["cohort", "run", str(path), "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "lijkt een echte plaatsnaam" in err
