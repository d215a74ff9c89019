"""The one YAML path: every input kind refuses duplicate keys, impossible dates and bombs."""

from __future__ import annotations

import pytest

from leerrecht.core import yamlio
from leerrecht.core.errors import UserError
from leerrecht.core.yamlio import read_document
from leerrecht.domain.cases import load_case_file, load_fictief
from leerrecht.domain.cohort import load_cohort
from leerrecht.domain.model import load_config
from leerrecht.domain.protocols import load_protocol
from leerrecht.privacy.names import read_allow_file

DUPLICATE = "titel: een\nnaam: x\ntitel: twee\n"


def _refused(load, path) -> str:
    with pytest.raises(UserError) as info:
        load(path)
    return str(info.value)


@pytest.mark.parametrize(
    ("kind", "load", "expected"),
    [
        (
            "cohort",
            load_cohort,
            "sleutel 'titel' staat twee keer in hetzelfde blok (eerst op regel 1)",
        ),
        ("case", load_case_file, "key 'titel' appears twice in the same block (first on line 1)"),
        (
            "protocol",
            load_protocol,
            "key 'titel' appears twice in the same block (first on line 1)",
        ),
        ("model", load_config, "key 'titel' appears twice in the same block (first on line 1)"),
        ("fictief", load_fictief, "key 'titel' appears twice in the same block (first on line 1)"),
        (
            "allow-list",
            read_allow_file,
            "key 'titel' appears twice in the same block (first on line 1)",
        ),
    ],
)
def test_every_input_kind_refuses_a_duplicate_key(tmp_path, kind, load, expected):
    path = tmp_path / f"{kind}.yml"
    path.write_text(DUPLICATE, encoding="utf-8")
    message = _refused(load, path)
    assert f"{path}:3: {expected}" in message


def test_duplicate_key_deep_inside_is_found(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("a:\n  - b: 1\n    c: 2\n    b: 3\n", encoding="utf-8")
    assert "x.yml:4: key 'b' appears twice" in _refused(read_document, path)


def test_same_key_in_different_blocks_is_fine(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("a: {k: 1}\nb: {k: 2}\n", encoding="utf-8")
    assert read_document(path).data == {"a": {"k": 1}, "b": {"k": 2}}


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-45", "2026-00-10", "2025-02-29"])
@pytest.mark.parametrize(("kind", "load"), [("cohort", load_cohort), ("case", load_case_file)])
def test_impossible_date_names_line_and_example(tmp_path, kind, load, value):
    path = tmp_path / f"{kind}.yml"
    path.write_text(f"naam: x\nstartdatum: {value}\n", encoding="utf-8")
    message = _refused(load, path)
    assert f"{path}:2:" in message
    assert value in message
    assert "2026-09-07" in message  # an example of the right form


def test_impossible_date_in_dutch_for_cohorts(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text("startdatum: 2026-02-30\n", encoding="utf-8")
    message = _refused(load_cohort, path)
    assert "'2026-02-30' is geen bestaande datum" in message
    assert "bijvoorbeeld 2026-09-07" in message


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "too many values after expanding aliases" in _refused(read_document, path)


def test_a_few_aliases_are_fine(tmp_path):
    path = tmp_path / "ok.yml"
    path.write_text("a: &a [1, 2]\nb: *a\nc: *a\n", encoding="utf-8")
    assert read_document(path).data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_self_referring_alias_is_refused(tmp_path):
    path = tmp_path / "rec.yml"
    path.write_text("a: &x [1, *x]\n", encoding="utf-8")
    assert "rec.yml:1: an alias refers to itself" in _refused(read_document, path)


def test_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yml"
    path.write_text("a: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    assert "nested too deeply" in _refused(read_document, path)


def test_oversized_file_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlio, "MAX_BYTES", 100)
    path = tmp_path / "big.yml"
    path.write_text("a: " + "x" * 500 + "\n", encoding="utf-8")
    assert "file is too large (504 bytes; at most 100)" in _refused(read_document, path)


def test_directory_where_a_file_is_expected(tmp_path):
    folder = tmp_path / "x.yml"
    folder.mkdir()
    assert f"{folder}: this is a folder, not a file" in _refused(read_document, folder)
    assert "dit is een map, geen bestand" in _refused(load_cohort, folder)


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"))
    message = _refused(read_document, path)
    assert "latin.yml:2: not UTF-8 text" in message
    assert "save the file as UTF-8" in message


def test_bad_tagged_value_is_a_clean_error(tmp_path):
    path = tmp_path / "tag.yml"
    path.write_text("a: 1\nb: !!int drie\n", encoding="utf-8")
    assert "tag.yml:2: value 'drie' does not fit its type" in _refused(read_document, path)


def test_python_tags_are_refused(tmp_path):
    path = tmp_path / "evil.yml"
    path.write_text("a: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    assert "YAML syntax error" in _refused(read_document, path)


def test_document_keeps_lines(tmp_path):
    path = tmp_path / "ok.yml"
    path.write_text("a: 1\nb:\n  c: [x, y]\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.line(("b", "c", 1)) == 3
    assert doc.line(("b",)) == 2
