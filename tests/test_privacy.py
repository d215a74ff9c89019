"""Privacy gate: detectors, allow-lists, the scan CLI and pseudonymisation.

Pattern detectors and the scanner run without deduce (fast). Tests that need deduce's
name recognition are marked slow and share one instance through a session fixture.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from leerrecht.cli import main
from leerrecht.core.errors import UserError
from leerrecht.core.paths import CASESTUDIES
from leerrecht.privacy import detectors as d
from leerrecht.privacy.names import (
    AllowList,
    build_allow_list,
    find_names,
    find_school_names,
    read_allow_file,
)
from leerrecht.privacy.pseudonymise import (
    age_on,
    classify,
    k_anonymity,
    pseudonym,
    pseudonymise_file,
    pseudonymise_frame,
)
from leerrecht.privacy.scanner import NamePass, excerpt, mask_value, scan_file

# Values used as planted personal data. All are synthetic: the BSN and IBAN are textbook
# examples that pass their checksums; the phone number is in a range never handed out.
BSN_OK = "111222333"
BSN_BAD = "123456789"
IBAN_OK = "NL91ABNA0417164300"
IBAN_BAD = "NL92ABNA0417164300"
PHONE = "06-12345678"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(h.kind, text[h.start : h.end]) for h in d.detect_patterns(text)]


# --- checksums and numbers ---------------------------------------------------------------


@pytest.mark.parametrize("number", ["111222333", "123456782", "999999990"])
def test_valid_bsn_passes_11_proef(number):
    assert d.is_bsn(number)


@pytest.mark.parametrize("number", ["123456789", "111222334", "000000000", "12345678", "abcdefghi"])
def test_invalid_bsn_fails(number):
    assert not d.is_bsn(number)


def test_bsn_found_in_sentence_plain_and_grouped():
    text = f"Zijn BSN is {BSN_OK}; op het formulier staat 1234.56.782."
    assert kinds(text) == [(d.BSN, BSN_OK), (d.BSN, "1234.56.782")]


@pytest.mark.parametrize(
    "text",
    [
        f"nummer {BSN_BAD} klopt niet",  # fails the 11-proef
        "het dossier 0111222333 is tien cijfers",  # part of a longer number
        "bedrag 1.111222333",  # part of a decimal
    ],
)
def test_bsn_negatives(text):
    assert [k for k, _ in kinds(text) if k == d.BSN] == []


def test_onderwijsnummer_uses_remainder_5():
    assert d.is_onderwijsnummer("100000004")
    assert not d.is_bsn("100000004")
    assert not d.is_onderwijsnummer("100000009")  # a BSN, remainder 0
    assert kinds("onderwijsnummer 1000.00.004") == [(d.ONDERWIJSNUMMER, "1000.00.004")]


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "06 12345678",
        "0612345678",
        "06 1234 5678",
        "+31 6 12345678",
        "+31(0)6-12345678",
        "0031 6 12345678",
        "020-1234567",
        "(020) 123 45 67",
        "0570-123456",
        "010 123 4567",
    ],
)
def test_phone_formats_found(phone):
    assert kinds(f"Bel moeder op {phone} na drie uur.") == [(d.TELEFOON, phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Kindertelefoon 0800-0432",  # service number
        "infolijn 0900-1234567",
        "op 03-03-2011 om 9 uur",  # a date
        "06-1234567 is te kort",
        "020-12345678 is te lang",
        "leerlingnummer 612345678",
    ],
)
def test_phone_negatives(text):
    assert [k for k, _ in kinds(text) if k == d.TELEFOON] == []


def test_email_found_but_example_domains_allowed():
    assert kinds("mail naar j.jansen@mail.nl of trainer@example.org") == [
        (d.EMAIL, "j.jansen@mail.nl")
    ]


def test_iban_mod97():
    assert d.is_iban(IBAN_OK) and d.is_iban("NL91 ABNA 0417 1643 00")
    assert not d.is_iban(IBAN_BAD)
    text = f"Rekening NL91 ABNA 0417 1643 00, niet {IBAN_BAD}."
    assert kinds(text) == [(d.IBAN, "NL91 ABNA 0417 1643 00")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ze woont Kerkstraat 12, 1234 AB Wilgendam.",
            [("adres", "Kerkstraat 12"), ("postcode", "1234 AB")],
        ),
        ("Adres: Jan van Galenstraat 4-2", [("adres", "Jan van Galenstraat 4-2")]),
        ("Dorpsweg 7a, achterom", [("adres", "Dorpsweg 7a")]),
        ("postcode 1234AB 12", [("postcode", "1234AB")]),
    ],
)
def test_addresses_found(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In week 12 belt de school.",
        "In 2023 OM Rotterdam en Halt",  # a year and an abbreviation
        "Rotterdam 2024 was een goed jaar.",
        "art. 21a LPW",
        "Zie de Leerplichtwet 1969.",
    ],
)
def test_address_negatives(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Marta is geboren op 3 maart 2011 in Kyiv.", "3 maart 2011"),
        ("geb. 03-03-2011", "03-03-2011"),
        ("Geboortedatum: 2011-03-03", "2011-03-03"),
        ("date of birth 3/3/2011", "3/3/2011"),
    ],
)
def test_birth_dates_found_by_context(text, date):
    assert kinds(text) == [(d.GEBOORTEDATUM, date)]


def test_ordinary_dates_are_not_birth_dates():
    assert kinds("Op 3 maart 2011 belde de school; week 3 begon 2011-03-07.") == []


# --- masking -----------------------------------------------------------------------------


def test_mask_hides_digits_and_keeps_initials():
    assert mask_value(BSN_OK) == "*********"
    assert mask_value("Jan de Boer") == "J** d* B***"
    assert "jansen" not in mask_value("j.jansen@mail.nl")


def test_excerpt_never_contains_the_value_and_masks_neighbours():
    text = f"Bel {PHONE} of mail j.jansen@mail.nl vandaag"
    hits = d.detect_patterns(text)
    for hit in hits:
        shown = excerpt(text, hit, hits)
        assert PHONE not in shown and "j.jansen@mail.nl" not in shown
        assert "Bel" in shown


# --- allow-lists and school names (no deduce) --------------------------------------------


def test_allow_list_words_phrases_and_titles():
    allow = AllowList.from_names(["Marta", "ISK Wilgenstede"], ["Gemeente Soest"])
    assert allow.allows("Marta")
    assert allow.allows("mevrouw Marta")
    assert allow.allows("isk  wilgenstede")
    assert not allow.allows("Marta Jansen")
    assert not allow.allows("Soest")  # only the whole phrase is allowed
    text = "zie gemeente Soest, niet Soest zelf"
    assert allow.allowed_spans(text) == [(4, 18)]


def test_allow_file_missing_is_empty_and_malformed_is_user_error(tmp_path):
    assert read_allow_file(tmp_path / "none.yml") == ([], [])
    bad = tmp_path / "fictief.yml"
    bad.write_text("personen: Marta\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_allow_file(bad)
    assert "personen" in str(err.value)
    good = tmp_path / "ok.yml"
    good.write_text("personen: [Marta]\nplaatsen: [Hoeverveen]\nbronnen: [NH Nieuws]\n")
    assert read_allow_file(good) == (["Marta", "Hoeverveen"], ["NH Nieuws"])


def test_built_in_domain_terms_are_allowed(tmp_path):
    allow = build_allow_list(tmp_path / "missing.yml")
    for term in ("DUO", "Ingrado", "Halt", "GGD", "Inspectie", "Kinderombudsman", "Raad van State"):
        assert allow.allows(term), term


def test_school_names_found_unless_fictional():
    allow = AllowList.from_names(["Lyceum De Lindeboog"])
    text = "Ze zat op het Stedelijk Gymnasium Leiden en nu op Lyceum De Lindeboog; De ISK helpt."
    found = [text[h.start : h.end] for h in find_school_names(text, allow)]
    assert found == ["Stedelijk Gymnasium Leiden"]


def test_sentence_start_and_lowercase_vocabulary():
    from leerrecht.privacy.names import _starts_sentence, lowercase_words

    text = 'r1: "Het plan staat. Leg je besluit vast." Gisteren belde Pieter.'
    assert _starts_sentence(text, text.index("Leg"))
    assert _starts_sentence("9. **Draai de scan**", 5)
    assert not _starts_sentence(text, text.index("Pieter"))
    assert lowercase_words("Boven de brug, boven alles") == {"de", "brug", "boven", "alles"}


# --- scanning files (patterns only) ------------------------------------------------------


def test_runtime_folders_are_not_walked(tmp_path):
    from leerrecht.privacy.scanner import collect_files

    for folder in ("output/cohort", "answers/cohort", ".ipynb_checkpoints", "casestudies"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "x.md").write_text("tekst")
    (tmp_path / "casestudies" / "foto.png").write_bytes(b"\x89PNG")
    files, others = collect_files([tmp_path])
    assert files == [tmp_path / "casestudies" / "x.md"]
    assert others == [str(tmp_path / "casestudies" / "foto.png")]


def pattern_pass(tmp_path: Path) -> NamePass:
    return NamePass(build_allow_list(tmp_path / "missing.yml"))


def test_scan_yaml_reports_line_and_column(tmp_path):
    case = tmp_path / "casus.yml"
    case.write_text(f'titel: "Test"\nprofiel:\n  context: "Vader belt op {PHONE}."\n')
    findings, skipped = scan_file(case, pattern_pass(tmp_path), "casus.yml")
    assert skipped == []
    assert [(f.line, f.column, f.kind) for f in findings] == [(3, 27, d.TELEFOON)]
    assert str(findings[0]).startswith("casus.yml:3:27: telefoon: ")
    assert PHONE not in str(findings[0])


def test_scan_notebook_maps_to_cell_and_line(tmp_path):
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Titel\n", "Niets.\n"]},
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": 1,
                "source": ["x = 1\n", "print(x)\n"],
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": ["a\n", f"BSN {BSN_OK}\n"]}
                ],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb))
    findings, _ = scan_file(path, pattern_pass(tmp_path), "n.ipynb")
    assert [str(f).split(": ")[0] for f in findings] == ["n.ipynb#cell2.out1:2:5"]


def test_scan_csv_flags_name_and_birth_columns(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("leerling,naam,geboortedatum,uren\nL1,Pieter Post,2011-03-03,4\n")
    findings, _ = scan_file(path, pattern_pass(tmp_path), "register.csv")
    assert [(f.line, f.column, f.kind) for f in findings] == [
        (2, 4, d.PERSOON),
        (2, 16, d.GEBOORTEDATUM),
    ]
    assert "Pieter Post" not in "".join(map(str, findings))


def test_binary_file_is_unreadable_and_latin1_is_still_scanned(tmp_path):
    binary = tmp_path / "plaatje.md"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    findings, skipped = scan_file(binary, pattern_pass(tmp_path), binary.name)
    assert findings == []
    assert len(skipped) == 1 and "binary" in skipped[0].reason and skipped[0].unreadable
    latin = tmp_path / "oud.csv"
    latin.write_bytes("naam\nJos\xe9\n".encode("latin-1"))
    findings, skipped = scan_file(latin, pattern_pass(tmp_path), latin.name)
    assert [f.kind for f in findings] == [d.PERSOON]
    assert "not UTF-8" in skipped[0].reason and not skipped[0].unreadable


def test_malformed_notebook_reported_and_still_scanned(tmp_path):
    path = tmp_path / "kapot.ipynb"
    path.write_text('{"cells": [ {"source": "bel ' + PHONE + '"')
    findings, skipped = scan_file(path, pattern_pass(tmp_path), "kapot.ipynb")
    assert skipped and "malformed notebook" in skipped[0].reason
    assert [f.kind for f in findings] == [d.TELEFOON]


# --- the scan command (patterns only) ----------------------------------------------------

CLEAN_CASE = """id: proef
titel: "Een verzonnen casus"
profiel: {roepnaam: Marta, leeftijd: 14, gemeente: Hoeverveen}
tijdlijn:
  - week: 1
    gebeurtenis: "Marta mist twee lesuren; de mentor belt moeder."
"""


@pytest.fixture
def case_dir(tmp_path):
    folder = tmp_path / "casestudies"
    folder.mkdir()
    (folder / "proef.yml").write_text(CLEAN_CASE, encoding="utf-8")
    (folder / "fictief.yml").write_text("personen: [Marta]\nplaatsen: [Hoeverveen]\n")
    return folder


def scan(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["privacy", "scan", "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_clean_folder_exits_0(case_dir, capsys):
    code, out, _ = scan(
        capsys, "--no-names", "--allow-list", str(case_dir / "fictief.yml"), str(case_dir)
    )
    assert code == 0
    assert "clean" in out


@pytest.mark.parametrize(("planted", "kind"), [(BSN_OK, "bsn"), (PHONE, "telefoon")])
def test_cli_planted_value_exits_1_with_location(case_dir, capsys, planted, kind):
    case = case_dir / "proef.yml"
    case.write_text(CLEAN_CASE + f'    notitie: "Moeder: {planted}"\n', encoding="utf-8")
    code, out, _ = scan(capsys, "--no-names", str(case_dir))
    assert code == 1
    assert any(f"{case}:7:" in line and f": {kind}: " in line for line in out.splitlines()), out
    assert planted not in out
    assert f"{kind} 1" in out.splitlines()[-1]


def test_cli_missing_path_is_usage_error(tmp_path, capsys):
    code, _, err = scan(capsys, "--no-names", str(tmp_path / "bestaat-niet"))
    assert code == 2
    assert "path not found" in err


def test_cli_unreadable_file_is_a_finding_unless_allowed(case_dir, capsys):
    (case_dir / "kapot.md").write_bytes(b"\x00\x01\x02")
    code, out, err = scan(capsys, "--no-names", str(case_dir))
    assert code == 1
    assert "kapot.md: binary file" in err
    assert "1 file(s) could not be read and count as findings" in out
    code, out, err = scan(capsys, "--no-names", "--allow-unreadable", str(case_dir))
    assert code == 0
    assert "warning:" in err and "kapot.md" in err


# --- deduce (slow) -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def deduce_engine():
    from leerrecht.privacy.names import get_deduce

    return get_deduce()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gisteren belde Pieter van den Berg met de school.", "Pieter van den Berg"),
        ("De moeder, mevrouw Jansen, kwam niet.", "Jansen"),
        ("Het gezin verhuisde naar Amsterdam.", "Amsterdam"),
    ],
)
def test_names_inside_sentences_found(deduce_engine, text, name):
    allow = build_allow_list(None)
    found = [text[h.start : h.end] for h in find_names(text, allow, deduce_engine)]
    assert any(name in f for f in found), found


@pytest.mark.slow
def test_postcode_shape_inside_a_word_is_not_a_place(deduce_engine):
    # a notebook cell id such as 162791ab ends in a postcode shape; a real postcode still counts
    allow = build_allow_list(None)
    assert find_names('cells:\n  "162791ab":\n    nl: "7f16ffbdb052"\n', allow, deduce_engine) == []
    found = find_names("Het adres is 2791AB, zegt de moeder.", allow, deduce_engine)
    assert [h.kind for h in found] == ["locatie"]


@pytest.mark.slow
def test_fictional_names_and_domain_terms_pass(deduce_engine):
    allow = build_allow_list(CASESTUDIES / "fictief.yml", ["Marta", "Femke", "Hoeverveen"])
    text = (
        "Marta woont in Hoeverveen. Femke overlegt met DUO, Halt, de GGD, de Inspectie en "
        "Ingrado; de Kinderombudsman en de Raad van State schreven erover. Leg je besluit vast."
    )
    assert find_names(text, allow, deduce_engine) == []


@pytest.mark.slow
def test_cli_planted_name_in_copy_of_cases_fails_with_location(tmp_path, capsys, deduce_engine):
    copy = tmp_path / "casestudies"
    shutil.copytree(CASESTUDIES, copy)
    target = sorted(p for p in copy.glob("*.yml") if p.name != "fictief.yml")
    case = target[0] if target else copy / "proef.yml"
    text = case.read_text(encoding="utf-8") if target else CLEAN_CASE
    lines = text.splitlines()
    planted_line = len(lines) + 1
    case.write_text(
        text + "\n# notitie: gesprek met Pieter van den Berg, tel 06-12345678\n", encoding="utf-8"
    )
    code, out, _ = scan(capsys, "--allow-list", str(copy / "fictief.yml"), str(copy))
    assert code == 1
    ours = [line for line in out.splitlines() if f"{case.name}:{planted_line + 1}:" in line]
    assert {line.split(": ")[1] for line in ours} == {"persoon", "telefoon"}, out
    assert "Pieter van den Berg" not in out and "12345678" not in out


# --- pseudonymisation --------------------------------------------------------------------


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "sleutel" / "leerrecht.key"
    path.parent.mkdir()
    path.write_text("3f9c2a7e1b5d8046c2e9a1f7b3d5c8e04a6b2d9f1c7e3a5b8d0f2c4e6a8b1d3f\n")
    path.chmod(0o600)
    return path


def register_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "leerling": ["L001", "L002", "L001", "L003"],
            "Naam leerling": ["Pieter Post", "Sara Smit", "Pieter Post", "Ali Bakr"],
            "BSN": [BSN_OK, "123456782", BSN_OK, "999999990"],
            "straat": ["Kerkstraat", "Dorpsweg", "Kerkstraat", "Laan 3"],
            "huisnummer": ["12", "7a", "12", "3"],
            "postcode": ["1234 AB", "1234 CD", "1234 AB", "5678 EF"],
            "e-mail ouder": ["a@mail.nl", "b@mail.nl", "a@mail.nl", "c@mail.nl"],
            "geboortedatum": ["2011-03-03", "03-09-2010", "2011-03-03", "2012-12-31"],
            "school": ["Brakeland College"] * 4,
            "datum": ["2026-10-01", "2026-10-01", "2026-10-02", "2026-10-02"],
            "uren": ["2", "4", "1", "3"],
            "soort": ["ongeoorloofd"] * 4,
        }
    )


def test_column_classification():
    assert classify("leerling") == "id" and classify("Trainee") == "id"
    for column in (
        "naam",
        "Achternaam",
        "BSN",
        "burgerservicenummer",
        "adres",
        "Straat",
        "huisnummer",
        "e-mail ouder",
        "telefoonnummer",
        "IBAN",
        "onderwijsnummer",
    ):
        assert classify(column) == "direct", column
    assert classify("schoolnaam") == "keep" and classify("uren") == "keep"
    assert classify("Geboortedatum") == "birth" and classify("postcode") == "postcode"


def test_pseudonyms_deterministic_per_key_and_different_across_keys():
    assert pseudonym(b"k" * 32, "L001") == pseudonym(b"k" * 32, " L001 ")
    assert pseudonym(b"k" * 32, "L001") != pseudonym(b"j" * 32, "L001")
    assert pseudonym(b"k" * 32, "L001") != pseudonym(b"k" * 32, "L002")


def test_age_in_whole_years():
    assert age_on(date(2011, 3, 3), date(2026, 3, 2)) == 14
    assert age_on(date(2011, 3, 3), date(2026, 3, 3)) == 15


def test_frame_removes_every_direct_identifier():
    frame = register_frame()
    result = pseudonymise_frame(frame, b"k" * 32, date(2026, 10, 1))
    out = result.frame
    assert set(out.columns) == {
        "leerling",
        "leeftijd",
        "postcodegebied",
        "school",
        "datum",
        "uren",
        "soort",
    }
    text = out.to_csv(index=False)
    for column in ("Naam leerling", "BSN", "straat", "e-mail ouder", "geboortedatum"):
        for value in frame[column]:
            assert value not in text, (column, value)
    for value in frame["leerling"]:
        assert value not in text
    assert out["leeftijd"].tolist() == [15, 16, 15, 13]
    assert out["postcodegebied"].tolist() == ["1234", "1234", "1234", "5678"]
    assert out["leerling"].iloc[0] == out["leerling"].iloc[2] != out["leerling"].iloc[1]


def test_k_anonymity_counts_persons_and_names_smallest_groups():
    result = pseudonymise_frame(register_frame(), b"k" * 32, date(2026, 10, 1))
    report = k_anonymity(result.frame, result.pseudonymised)
    assert report.columns == ["leeftijd", "school", "postcodegebied"]
    assert report.k == 1 and report.groups == 3
    assert report.smallest[0][1] == 1
    lines = report.describe()
    assert "k = 1" in lines[0] and any("postcodegebied=5678" in line for line in lines)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_cli_pseudonymise_register(tmp_path, key_file, capsys, suffix):
    source = tmp_path / f"register{suffix}"
    frame = register_frame()
    if suffix == ".csv":
        frame.to_csv(source, index=False)
    else:
        frame.to_parquet(source, index=False)
    target = tmp_path / "uit" / f"register{suffix}"
    argv = [
        "privacy",
        "pseudonymise",
        str(source),
        str(target),
        "--key-file",
        str(key_file),
        "--peildatum",
        "2026-10-01",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "k-anonymity over leeftijd, school, postcodegebied: k = 1" in out
    assert "dropped direct identifiers: Naam leerling, BSN, straat, huisnummer, e-mail ouder" in out
    first = pd.read_csv(target) if suffix == ".csv" else pd.read_parquet(target)
    assert "BSN" not in first.columns and "leeftijd" in first.columns
    # Same key, second run: same pseudonyms.
    again = tmp_path / "uit" / f"tweede{suffix}"
    assert main([*argv[:3], str(again), *argv[4:]]) == 0
    second = pd.read_csv(again) if suffix == ".csv" else pd.read_parquet(again)
    assert first["leerling"].tolist() == second["leerling"].tolist()


def test_cli_pseudonymise_answers_jsonl(tmp_path, key_file, capsys):
    source = tmp_path / "antwoorden.jsonl"
    records = [
        {"trainee": "deelnemer-01", "case": "isk-nieuwkomer", "choice": "b", "text": "zorg eerst"},
        {"trainee": "deelnemer-02", "case": "isk-nieuwkomer", "choice": "a", "text": "melden"},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    target = tmp_path / "anon.jsonl"
    assert (
        main(["privacy", "pseudonymise", str(source), str(target), "--key-file", str(key_file)])
        == 0
    )
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["choice"] for r in rows] == ["b", "a"]
    assert all(r["trainee"].startswith("p") and "deelnemer" not in r["trainee"] for r in rows)
    assert "no quasi-identifiers" in capsys.readouterr().out


def test_refuses_missing_key_and_overwriting_input(tmp_path, capsys):
    source = tmp_path / "r.csv"
    register_frame().to_csv(source, index=False)
    missing = [
        "privacy",
        "pseudonymise",
        str(source),
        str(tmp_path / "o.csv"),
        "--key-file",
        str(tmp_path / "geen.key"),
    ]
    assert main(missing) == 2
    assert "key file not found" in capsys.readouterr().err
    key = tmp_path / "k" / "x.key"
    key.parent.mkdir()
    key.write_text("s" * 40)
    assert main(["privacy", "pseudonymise", str(source), str(source), "--key-file", str(key)]) == 2
    assert "overwrite the input" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_refuses_key_inside_repository(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    key = repo / "geheim.key"
    key.write_text("s" * 40)
    source = tmp_path / "r.csv"
    register_frame().to_csv(source, index=False)
    with pytest.raises(UserError, match="inside the repository"):
        pseudonymise_file(source, repo / "data" / "anon.csv", key, date(2026, 10, 1))
    assert not (repo / "data" / "anon.csv").exists()
    # The project root counts even when the output goes elsewhere.
    import leerrecht.core.paths

    monkeypatch.setattr(leerrecht.core.paths, "ROOT", repo)
    with pytest.raises(UserError, match="inside the repository"):
        pseudonymise_file(source, tmp_path / "anon.csv", key, date(2026, 10, 1))
