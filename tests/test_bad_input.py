"""Every CLI command meets bad input with one clear message: exit 2, the message on stderr,
no traceback, and nothing half-written (no ``*.tmp``, no ``.staging``).

One row per bad input. ``{t}`` in an argument is the test's own temporary folder, where
the row's files are prepared (see ``FILES``). Commands run in this process through
``leerrecht.cli.main``, so an unexpected exception fails the row instead of printing a
traceback; ``test_main_never_prints_a_traceback`` checks the real process once.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from leerrecht.cli import GROUPS, main
from leerrecht.core.paths import COHORTS, ROOT

GOOD_KEY = "3f9c2a7e1b5d8046c2e9a1f7b3d5c8e04a6b2d9f1c7e3a5b8d0f2c4e6a8b1d3f"
EXAMPLE = COHORTS / "voorbeeld.yml"
COHORT = (
    "naam: proef\ntitel: Proef\nstartdatum: 2026-09-07\neinddatum: 2026-12-14\n"
    "trainer: trainer-a\nnotebooks: [00_welkom]\n"
)
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n"
    for p, n in zip("abcdefg", "bcdefgh", strict=True)
)


PROTOCOL = """\
naam: p
titel: Proef
aanpak: wettelijk
regels:
  - id: r1
    titel: 16 uur in 4 weken
    soorten: [ongeoorloofd]
    meting: uren
    drempel: 16
    venster: {eenheid: schoolweken, lengte: 4}
    actie: melding
    soort_actie: melding
    aanpak: handhaving
    voorwaarden: {leeftijd_min: 5, leeftijd_max: 18}
"""


def _bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


# Files a row can ask for, by name: content (str/bytes), or None for a folder.
FILES: dict[str, str | bytes | None] = {
    "map.yml": None,
    "map.csv": None,
    "leeg.yml": "",
    "lijst.yml": "- a\n- b\n",
    "dubbel.yml": COHORT + "titel: Nog eens\n",
    "datum.yml": COHORT.replace("2026-12-14", "2026-02-30"),
    "maand.yml": COHORT.replace("2026-09-07", "2026-13-45"),
    "omgekeerd.yml": COHORT.replace("2026-12-14", "2026-01-05"),
    "tekstdatum.yml": COHORT.replace("2026-09-07", "'volgende week'"),
    "vroeg.yml": COHORT + "programma:\n  - {datum: 2026-09-07, onderwerp: Start}\n"
    "  - {datum: 2026-08-31, onderwerp: Voorproef}\n",
    "vroeg-en.yml": COHORT + "taal: en\nprogramma:\n  - {datum: 2025-09-07, onderwerp: Start}\n",
    "bom.yml": BOMB,
    "latin.yml": "naam: caf\xe9\n".encode("latin-1"),
    "inf.yml": COHORT + "parameters: {00_welkom: {drempel: .inf}}\n",
    "groot.yml": COHORT + "parameters: {00_welkom: {tekst: '" + "x" * 30_000 + "'}}\n",
    "taal.yml": COHORT + "taal: fr\n",
    "leeg-nb.yml": COHORT.replace("[00_welkom]", "[]"),
    "uitvoer.yml": COHORT + "uitvoermap: /proc/leerrecht-test\n",
    "bestand": "geen map\n",
    "kop.csv": "leerling,datum,uren,soort\n",
    "leeg.csv": "",
    "kapot.csv": b'leerling,datum\n"L1,2026\n\x00\x01',
    "binair.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "latin.csv": "leerling,naam\nL1,Jos\xe9\n".encode("latin-1"),
    "register.csv": "leerling,uren\nL1,2\n",
    "vrij.csv": "leerling,opmerking\nL1,moeder belt 0612345678\n",
    "zwak.key": "a" * 16,
    "open.key": GOOD_KEY,
    "goed.key": GOOD_KEY,
    "secrets/secrets.json": "{kapot",
    "protocol-dubbel.yml": "naam: x\nnaam: y\n",
    "protocol-datum.yml": "naam: x\ngeldig_vanaf: 2026-02-30\n",
    "protocol-leeftijd.yml": PROTOCOL.replace("leeftijd_min: 5", "leeftijd_min: 16").replace(
        "leeftijd_max: 18", "leeftijd_max: 12"
    ),
    "protocol-uren.yml": PROTOCOL.replace("drempel: 16", "drempel: 1e308"),
    "protocol-inf.yml": PROTOCOL.replace("drempel: 16", "drempel: .inf"),
    "protocol-venster.yml": PROTOCOL.replace("lengte: 4", "lengte: 100000000"),
    "protocol.yml": PROTOCOL,
    "een.csv": "leerling,datum,uren,soort\nL1,2026-09-14,2,ongeoorloofd\n",
    "model-dubbel.yml": "toestanden: [a]\ntoestanden: [b]\n",
    "casus-dubbel.yml": "id: casus-dubbel\ntitel: a\ntitel: b\n",
    "casus-datum.yml": "id: casus-datum\ndatum: 2026-02-30\n",
}
PRIVATE = {"zwak.key", "goed.key"}  # chmod 600; the others keep the umask's mode


def _prepare(folder: Path, argv: list[str]) -> list[str]:
    for name, content in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.mkdir(exist_ok=True)
        else:
            path.write_bytes(_bytes(content))
            path.chmod(0o600 if name in PRIVATE else 0o644)
    return [a.replace("{t}", str(folder)).replace("{ex}", str(EXAMPLE)) for a in argv]


def row(argv: str, expected: str, *marks, id: str | None = None):
    return pytest.param(argv.split(), expected, marks=marks, id=id or argv)


def owned(helper: str, why: str):
    return pytest.mark.xfail(strict=True, reason=f"owned by {helper}: {why}")


RUN = "cohort run --no-progress --only 00_welkom"
PSEUDO = "privacy pseudonymise"
ROWS = [
    # --- gesprek: the question analyser ----------------------------------------------
    pytest.param(["gesprek", "beoordeel", ""], "De tekst is leeg", id="gesprek beoordeel <leeg>"),
    pytest.param(
        ["gesprek", "beoordeel", "Waarom " * 200], "te lang", id="gesprek beoordeel <te lang>"
    ),
    pytest.param(
        ["gesprek", "beoordeel", "Where were you yesterday, my friend?"],
        "begrijpt alleen Nederlands",
        id="gesprek beoordeel <Engels>",
    ),
    # --- cohort run: the cohort file -------------------------------------------------
    row(f"{RUN} {{t}}/map.yml", "dit is een map, geen bestand"),
    row(f"{RUN} {{t}}/nergens.yml", "bestand niet gevonden"),
    row(f"{RUN} {{t}}/leeg.yml", "het bestand is leeg"),
    row(f"{RUN} {{t}}/lijst.yml", "verwacht een blok 'sleutel: waarde'-regels"),
    row(f"{RUN} {{t}}/dubbel.yml", "dubbel.yml:7: sleutel 'titel' staat twee keer"),
    row(f"{RUN} {{t}}/datum.yml", "datum.yml:4: '2026-02-30' is geen bestaande datum"),
    row(f"{RUN} {{t}}/maand.yml", "bijvoorbeeld 2026-09-07"),
    row(f"{RUN} {{t}}/omgekeerd.yml", "einddatum: de einddatum ligt vóór de startdatum"),
    row(
        f"{RUN} {{t}}/vroeg.yml",
        "vroeg.yml:7: programma: een cursusdag ligt vóór de startdatum 2026-09-07: 2026-08-31",
    ),
    row(f"{RUN} {{t}}/vroeg-en.yml", "programma: a course day lies before startdatum 2026-09-07"),
    row(f"{RUN} {{t}}/tekstdatum.yml", "startdatum: 'volgende week' is geen datum"),
    row(f"{RUN} {{t}}/bom.yml", "te veel waarden na het uitvouwen van aliassen"),
    row(f"{RUN} {{t}}/latin.yml", "geen UTF-8-tekst"),
    row(f"{RUN} {{t}}/inf.yml", "00_welkom.drempel: geen eindig getal"),
    row(f"{RUN} {{t}}/groot.yml", "de parameters zijn te groot"),
    row(f"{RUN} {{t}}/taal.yml", "'fr' is geen toegestane waarde; kies nl of en"),
    row(f"{RUN} {{t}}/leeg-nb.yml", "de lijst is leeg"),
    row(f"{RUN} {{t}}/uitvoer.yml", "uitvoermap: kan hier geen uitvoer schrijven"),
    # --- cohort run: the arguments ---------------------------------------------------
    row(f"{RUN} {{ex}} --out /proc/leerrecht-test", "--out: kan hier geen uitvoer schrijven"),
    row(f"{RUN} {{ex}} --out {{t}}/bestand", "--out: dit is een bestand"),
    row(f"{RUN} {{ex}} --out {{t}}/bestand/sub", "--out: dit is een bestand"),
    row(f"{RUN} {{ex}} --timeout inf", "--timeout: verwacht een getal seconden"),
    row(f"{RUN} {{ex}} --timeout nan", "--timeout: verwacht een getal seconden"),
    row(f"{RUN} {{ex}} --timeout -5", "--timeout: verwacht een getal seconden"),
    row(f"{RUN} {{ex}} --timeout 0", "--timeout: verwacht een getal seconden"),
    row(f"{RUN} {{ex}} --timeout 1e9", "hooguit 604800"),
    row(f"{RUN} {{ex}} --timeout tien", "invalid float value"),
    row(f"{RUN} {{ex}} --jobs 0", "--jobs: verwacht een heel getal van 1 tot en met 64"),
    row(f"{RUN} {{ex}} --jobs 100000", "--jobs: verwacht een heel getal van 1 tot en met 64"),
    row(f"{RUN} {{ex}} --only 99_niets", "--only names notebooks this cohort does not run"),
    # --- cohort new --------------------------------------------------------------------
    row("cohort new x --file {t}/map.yml", "dit is een map; --file moet een bestand zijn"),
    row("cohort new x --file {t}/bestand", "dit bestand bestaat al"),
    row("cohort new x --file /proc/leerrecht-test/x.yml", "--file: kan hier geen uitvoer"),
    row("cohort new x --file {t}/bestand/x.yml", "--file: dit is een bestand"),
    row("cohort new Groep! --file {t}/n.yml", "'Groep!' is geen geldige naam voor een cohort"),
    # --- cases -------------------------------------------------------------------------
    row("cases list --folder {t}", "map.yml: this is a folder, not a file"),
    row("cases list --folder {t}/nergens", "file not found"),
    row("cases validate {t}/nergens.yml", "nergens.yml: file not found"),
    row("cases validate {t}/casus-dubbel.yml", "casus-dubbel.yml:3: key 'titel' appears twice"),
    row("cases validate {t}/casus-datum.yml", "casus-datum.yml:2: '2026-02-30' is not a real date"),
    row("cases validate --fictief {t}/nergens.yml", "--fictief: file not found"),
    row("cases validate --fictief {t}/map.yml", "--fictief: this is a folder"),
    row("cases schema --output {t}/map.yml", "--output: this is a folder"),
    row("cases schema --output /proc/leerrecht-test/s.json", "--output: cannot write here"),
    row("cases schema --check --output {t}/map.yml", "--output: this is a folder"),
    # --- privacy -----------------------------------------------------------------------
    row("privacy scan --no-names {t}/nergens", "path not found"),
    row("privacy scan --no-names --allow-list {t}/nergens.yml {t}/bestand", "allow-list not found"),
    row("privacy scan --no-names --allow-list {t}/map.yml {t}/bestand", "--allow-list: not a file"),
    row(
        "privacy scan --no-names --allow-list {t}/dubbel.yml {t}/bestand",
        "dubbel.yml:7: key 'titel' appears twice",
    ),
    row(f"{PSEUDO} {{t}}/binair.csv {{t}}/o.csv --key-file {{t}}/goed.key", "not a text file"),
    row(f"{PSEUDO} {{t}}/leeg.csv {{t}}/o.csv --key-file {{t}}/goed.key", "the file is empty"),
    row(f"{PSEUDO} {{t}}/latin.csv {{t}}/o.csv --key-file {{t}}/goed.key", "not UTF-8 text"),
    row(f"{PSEUDO} {{t}}/kapot.csv {{t}}/o.csv --key-file {{t}}/goed.key", "not a text file"),
    row(f"{PSEUDO} {{t}}/map.csv {{t}}/o.csv --key-file {{t}}/goed.key", "IN must be a file"),
    row(f"{PSEUDO} {{t}}/register.csv {{t}}/map.csv --key-file {{t}}/goed.key", "OUT must be"),
    row(f"{PSEUDO} {{t}}/register.csv {{t}}/o.xlsx --key-file {{t}}/goed.key", "unsupported file"),
    row(f"{PSEUDO} {{t}}/register.csv {{t}}/o.csv --key-file {{t}}/zwak.key", "key is too weak"),
    row(
        f"{PSEUDO} {{t}}/register.csv {{t}}/o.csv --key-file {{t}}/open.key",
        "can be read or changed by others",
    ),
    row(f"{PSEUDO} {{t}}/register.csv {{t}}/o.csv --key-file {{t}}/nee.key", "key file not found"),
    row(
        f"{PSEUDO} {{t}}/vrij.csv {{t}}/o.csv --key-file {{t}}/goed.key",
        "column 'opmerking' holds what looks like personal data (row 1: telefoon)",
    ),
    row(
        f"{PSEUDO} {{t}}/register.csv {{t}}/o.csv --key-file {{t}}/goed.key --peildatum 2026-02-30",
        "not a date (YYYY-MM-DD)",
    ),
    # --- register ----------------------------------------------------------------------
    row("register simulate {t}/map.yml", "cannot write a register as '.yml'"),
    row("register simulate {t}/x.xlsx", "cannot write a register as '.xlsx'"),
    row("register simulate {t}/x.csv --seed -1", "expected non-negative integer"),
    row("register simulate {t}/x.csv --leerlingen 0", "--leerlingen: must be from 1 to 100,000"),
    row("register simulate {t}/x.csv --leerlingen 100000000", "must be from 1 to 100,000"),
    row("register simulate {t}/x.csv --regio zuidwest", "unknown regio 'zuidwest'"),
    row("register simulate /proc/leerrecht-test/r.csv", "No such file or directory"),
    row("register evaluate {t}/kop.csv --protocol {t}/map.yml", "is a folder, not a protocol file"),
    row("register evaluate {t}/kop.csv --protocol {t}/protocol-dubbel.yml", "appears twice"),
    row("register evaluate {t}/kop.csv --protocol {t}/protocol-datum.yml", "not a real date"),
    row(
        "register evaluate {t}/een.csv --protocol {t}/protocol-leeftijd.yml",
        "leeftijd_min (16) is above leeftijd_max (12)",
    ),
    row(
        "register evaluate {t}/een.csv --protocol {t}/protocol-uren.yml",
        "less than or equal to 5000",
    ),
    row("register evaluate {t}/een.csv --protocol {t}/protocol-inf.yml", "finite number"),
    row(
        "register evaluate {t}/een.csv --protocol {t}/protocol-venster.yml",
        "less than or equal to 200",
    ),
    row("register evaluate {t}/kop.csv --protocol handhaving-eerst", "the register has no rows"),
    row("register evaluate {t}/leeg.csv --protocol handhaving-eerst", "the file is empty"),
    row("register evaluate {t}/kapot.csv --protocol handhaving-eerst", "holds NUL bytes"),
    row("register evaluate {t}/nergens.csv --protocol handhaving-eerst", "file not found"),
    # --- data --------------------------------------------------------------------------
    row("data check --model {t}/map.yml", "this is a folder, not a file"),
    row("data check --model {t}/model-dubbel.yml", "model-dubbel.yml:2: key 'toestanden'"),
    row("data check --model {t}/datum.yml", "'2026-02-30' is not a real date"),
    row("data check --folder {t}/nergens", "file not found"),
    # --- hub ---------------------------------------------------------------------------
    row("hub config {t}/map.yml", "dit is een map, geen bestand"),
    row("hub config {t}/dubbel.yml", "staat twee keer"),
    row("hub config {ex} --out {t}/bestand", "expected a folder here, found a file"),
    row("hub links {ex} --hub-url notaurl --repo x --no-check", "'notaurl' is not a hub address"),
    row(
        "hub collect {ex} --hub-url http://127.0.0.1:9 --config-dir {t}/secrets",
        "damaged hub credentials",
    ),
    row("hub collect {t}/datum.yml --hub-url http://127.0.0.1:9", "geen bestaande datum"),
    row("hub reset-login {t}/map.yml deelnemer-01", "dit is een map, geen bestand"),
    # --- live (a passing row would serve forever: rows that would start are not run) ----
    row("live {t}/map.yml", "dit is een map, geen bestand"),
    row("live {t}/dubbel.yml", "staat twee keer"),
    row("live {ex} --port 70000", "port must be 0-65535"),
    row("live {ex} --interval -1", "--interval: -1.0 is not a number of seconds from 0.5"),
    row("live {ex} --interval nan", "--interval: nan is not a number of seconds from 0.5"),
    row("live {ex} --answers {t}/bestand", "--answers: not a folder"),
    row("live {ex} --answers {t}/nergens", "--answers: folder not found"),
    # --- lab and app (always --dry-run: a passing row must not start a server) -----------
    row("lab --dry-run --cohort {t}/map.yml", "dit is een map, geen bestand"),
    row("lab --dry-run --cohort {t}/datum.yml", "geen bestaande datum"),
    row("lab --dry-run --port -1", "port -1 is outside 1-65535"),
    row("lab --dry-run --port 70000", "port 70000 is outside 1-65535"),
    row("lab --dry-run --port acht", "not a port number"),
    row("lab --dry-run --trainee Jan", "'Jan' is not a trainee or the trainer"),
    row("app 99_niets --dry-run", "unknown notebook '99_niets'"),
    row("app 02_casus --dry-run --cohort {t}/map.yml", "dit is een map, geen bestand"),
    row("app 02_casus --dry-run --case bestaat-niet", "unknown case 'bestaat-niet'"),
]


def _leftovers(*folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        if folder.exists():
            found += [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
            found += [p for p in folder.rglob(".staging")]
    return found


@pytest.mark.parametrize(("argv", "expected"), ROWS)
def test_bad_input(tmp_path, capsys, argv, expected):
    args = _prepare(tmp_path, argv)
    before = set(tmp_path.rglob("*"))
    try:
        code = main(args)
    except SystemExit as exc:  # argparse refuses a malformed argument
        code = exc.code
    captured = capsys.readouterr()
    assert code == 2, captured.err or captured.out
    assert expected in captured.err, captured.err
    assert "Traceback" not in captured.err + captured.out
    assert _leftovers(tmp_path, ROOT / "output") == []
    written = set(tmp_path.rglob("*")) - before
    assert written == set(), f"a refused command wrote {sorted(written)}"


def test_valid_protocol_and_register_of_the_table_are_accepted(tmp_path, capsys):
    """The protocol rows above change one value of a protocol that is otherwise valid."""
    args = _prepare(tmp_path, ["register", "evaluate", "{t}/een.csv", "--protocol"])
    assert main([*args, str(tmp_path / "protocol.yml")]) == 0, capsys.readouterr().err


def test_table_covers_every_command():
    commands = {r.values[0][0] for r in ROWS}
    subcommands = {tuple(r.values[0][:2]) for r in ROWS}
    assert commands == set(GROUPS) | {"lab"}  # `app` and `lab` are both registered by app
    for group, sub in [
        ("cohort", "run"),
        ("cohort", "new"),
        ("cases", "list"),
        ("cases", "validate"),
        ("cases", "schema"),
        ("privacy", "scan"),
        ("privacy", "pseudonymise"),
        ("register", "simulate"),
        ("register", "evaluate"),
        ("data", "check"),
        ("hub", "config"),
        ("hub", "links"),
        ("hub", "collect"),
        ("hub", "reset-login"),
        ("gesprek", "beoordeel"),
    ]:
        assert (group, sub) in subcommands, (group, sub)


def test_main_never_prints_a_traceback():
    """The real process: an error no command anticipated still gives one message, exit 2."""
    proc = subprocess.run(
        [sys.executable, "-m", "leerrecht", "live", str(EXAMPLE), "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: OverflowError: ")
    assert "--debug" in proc.stderr


def test_debug_shows_the_traceback_of_the_last_resort():
    with pytest.raises(OverflowError):
        main(["--debug", "live", str(EXAMPLE), "--port", "70000"])
