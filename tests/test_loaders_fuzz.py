"""Property tests: mangled YAML and CSV give the loaders a valid result or a clean
:class:`UserError`, never another exception (which the CLI would show as a crash)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leerrecht.core.errors import UserError
from leerrecht.core.paths import CASESTUDIES, COHORTS, DATA, PROTOCOLS
from leerrecht.core.yamlio import read_document
from leerrecht.domain.cases import validate_file
from leerrecht.domain.cohort import load_cohort
from leerrecht.domain.model import load_config
from leerrecht.domain.protocols import load_protocol
from leerrecht.privacy.names import build_allow_list
from leerrecht.privacy.scanner import NamePass, scan_file
from leerrecht.privacy.tablefiles import read_table

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Characters that mean something to YAML or CSV, plus a few that break encodings.
SPECIAL = st.sampled_from(
    list(":-[]{},&*!|>'\"#%@`?\n\t ;") + ["\x00", "\ufeff", "é", "2026-02-30", "<<: *a", "&a"]
)


@st.composite
def mangled(draw, text: str) -> str:
    """``text`` with a few random edits: cut, insert, duplicate or swap lines."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "insert", "dup", "swap"]))
        if not text:
            kind = "insert"
        pos = draw(st.integers(0, len(text)))
        if kind == "cut":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            piece = "".join(draw(st.lists(SPECIAL | st.text(max_size=3), max_size=5)))
            text = text[:pos] + piece + text[pos:]
        else:
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                i = draw(st.integers(0, len(lines) - 1))
                j = draw(st.integers(0, len(lines) - 1))
                if kind == "dup":
                    lines.insert(j, lines[i])
                else:
                    lines[i], lines[j] = lines[j], lines[i]
                text = "".join(lines)
    return text


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def _clean_or_valid(load, path: Path) -> None:
    try:
        load(path)
    except UserError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


COHORT = (COHORTS / "voorbeeld.yml").read_text(encoding="utf-8")
CASE = (CASESTUDIES / "isk-nieuwkomer.yml").read_text(encoding="utf-8")
PROTOCOL = (PROTOCOLS / "wettelijk-minimum.yml").read_text(encoding="utf-8")
MODEL = (DATA / "model" / "escalatie.yml").read_text(encoding="utf-8")


@FUZZ
@given(text=mangled(COHORT))
def test_mangled_cohort(tmp_path, text):
    path = _write(tmp_path, "c.yml", text)
    _clean_or_valid(read_document, path)
    _clean_or_valid(lambda p: load_cohort(p, check_references_exist=False), path)


@FUZZ
@given(text=mangled(CASE))
def test_mangled_case(tmp_path, text):
    path = _write(tmp_path, "isk-nieuwkomer.yml", text)
    case, problems = validate_file(path)
    assert case is not None or problems
    assert all(p.message for p in problems)


@FUZZ
@given(text=mangled(PROTOCOL))
def test_mangled_protocol(tmp_path, text):
    _clean_or_valid(load_protocol, _write(tmp_path, "p.yml", text))


@FUZZ
@given(text=mangled(MODEL))
def test_mangled_model(tmp_path, text):
    _clean_or_valid(load_config, _write(tmp_path, "m.yml", text))


REGISTER = (
    "leerling,datum,uren,soort,opmerking\n"
    "L001,2026-09-14,2,ongeoorloofd,\n"
    "L002,2026-09-15,1.5,te_laat,kort\n"
    'L003,2026-09-16,4,ziek,"met, komma"\n'
)


@FUZZ
@given(text=mangled(REGISTER))
def test_mangled_csv_to_pseudonymise(tmp_path, text):
    _clean_or_valid(read_table, _write(tmp_path, "r.csv", text))


@FUZZ
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_to_pseudonymise(tmp_path, data):
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    _clean_or_valid(read_table, path)


@FUZZ
@given(text=mangled(REGISTER), suffix=st.sampled_from([".csv", ".tsv", ".json", ".yml"]))
def test_mangled_text_to_the_privacy_scan(tmp_path, text, suffix):
    path = _write(tmp_path, f"x{suffix}", text)
    findings, skipped = scan_file(path, NamePass(build_allow_list(None)), path.name)
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1
        assert not re.search(r"\d{5}", finding.excerpt), finding  # no long number shown
    assert all(s.reason for s in skipped)


@FUZZ
@given(text=mangled(REGISTER))
def test_mangled_csv_to_the_register_reader(tmp_path, text):
    from leerrecht.domain.calendar import load_calendar
    from leerrecht.domain.register import read_register

    calendar = _calendar(load_calendar)
    _clean_or_valid(lambda p: read_register(p, calendar), _write(tmp_path, "r.csv", text))


_CAL = []


def _calendar(load_calendar):
    if not _CAL:
        _CAL.append(load_calendar("midden"))
    return _CAL[0]


@pytest.mark.parametrize("value", ["", "\x00", "{", "[", "*a", "!!binary x", "? [a]\n: 1"])
def test_tiny_hostile_yaml(tmp_path, value):
    _clean_or_valid(read_document, _write(tmp_path, "t.yml", value))
