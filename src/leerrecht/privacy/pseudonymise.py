"""Pseudonymise attendance registers and answers files for research use.

Pupil and trainee ids become keyed HMAC-SHA256 pseudonyms (the same key gives the same
pseudonym in every file, so files still link; without the key they cannot be reversed or
recomputed). Direct identifiers are dropped, dates of birth become an age on a reference
date, full postcodes become the four-digit area. A k-anonymity report over the remaining
quasi-identifiers shows how small the smallest groups are.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from leerrecht.core.errors import Problem, UserError
from leerrecht.privacy.tablefiles import file_format, is_missing, read_table, write_table

MIN_KEY_BYTES = 16
# A random hex key of 16+ characters has far more; "aaaa…" or "abab…" is no secret.
MIN_DISTINCT_KEY_BYTES = 8
KEY_HINT = (
    "create one outside the repository, readable only by you, e.g. "
    'python -c "import secrets; print(secrets.token_hex(32))" > ~/leerrecht.key '
    "&& chmod 600 ~/leerrecht.key"
)
# A text column is free text when a value has this many words or characters: names,
# phone numbers and diagnoses hide there, so it needs --keep or --drop.
FREE_TEXT_WORDS = 4
FREE_TEXT_CHARS = 40

# Column names, compared after lower-casing and removing everything but letters and digits.
ID_COLUMNS = frozenset(
    {
        "leerling",
        "leerlingid",
        "leerlingnummer",
        "leerlingnr",
        "pupil",
        "pupilid",
        "student",
        "studentid",
        "studentnummer",
        "deelnemer",
        "deelnemerid",
        "deelnemernummer",
        "trainee",
        "traineeid",
        "participant",
        "gebruiker",
        "user",
    }
)
BIRTH_COLUMNS = frozenset(
    {"geboortedatum", "gebdatum", "geboren", "dob", "dateofbirth", "birthdate", "birthday"}
)
POSTCODE_COLUMNS = frozenset({"postcode", "postalcode", "zipcode", "zip", "pc6"})
# A column whose name contains one of these is a direct identifier and is dropped.
DIRECT_PARTS = (
    "naam",
    "name",
    "voorletters",
    "tussenvoegsel",
    "bsn",
    "burgerservice",
    "sofinummer",
    "onderwijsnummer",
    "adres",
    "address",
    "straat",
    "street",
    "huisnummer",
    "huisnr",
    "toevoeging",
    "woonplaats",
    "telefoon",
    "phone",
    "mobiel",
    "email",
    "iban",
    "rekeningnummer",
)
# Names that contain a direct part but describe no person ("schoolnaam", "cohortnaam").
NOT_PERSONAL_PREFIXES = ("school", "instelling", "brin", "cohort", "notebook", "casus", "case")

AGE_COLUMN = "leeftijd"
AREA_COLUMN = "postcodegebied"
QUASI_IDENTIFIERS = (AGE_COLUMN, "school", AREA_COLUMN)


def column_key(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).casefold())


def classify(name: object) -> str:
    """One of ``id``, ``birth``, ``postcode``, ``direct`` or ``keep``."""
    key = column_key(name)
    if key in ID_COLUMNS:
        return "id"
    if key in BIRTH_COLUMNS:
        return "birth"
    if key in POSTCODE_COLUMNS:
        return "postcode"
    if key.startswith(NOT_PERSONAL_PREFIXES):
        return "keep"
    if any(part in key for part in DIRECT_PARTS):
        return "direct"
    return "keep"


def pseudonym(key: bytes, value: object) -> str:
    """Keyed pseudonym of an id: the first 16 hex digits of HMAC-SHA256 (64 bits)."""
    digest = hmac.new(key, str(value).strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return f"p{digest[:16]}"


def age_on(born: date, peildatum: date) -> int:
    """Age in whole years on ``peildatum``."""
    before_birthday = (peildatum.month, peildatum.day) < (born.month, born.day)
    return peildatum.year - born.year - int(before_birthday)


# --- key and path checks -----------------------------------------------------------------


def _git_toplevel(folder: Path) -> Path | None:
    try:
        proc = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(proc.stdout.strip()).resolve() if proc.returncode == 0 else None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_key(key_file: Path, repositories: list[Path]) -> bytes:
    """The key bytes; refuses a missing, short or in-repository key file."""
    if not key_file.is_file():
        raise UserError.single("key file not found", file=key_file, hint=KEY_HINT)
    resolved = key_file.resolve()
    for repo in repositories:
        if _inside(resolved, repo.resolve()):
            raise UserError.single(
                f"key file lies inside the repository {repo}; a key next to the data "
                "undoes the pseudonymisation",
                file=key_file,
                hint=KEY_HINT,
            )
    if os.name == "posix" and key_file.stat().st_mode & 0o077:
        mode = oct(key_file.stat().st_mode & 0o777)
        raise UserError.single(
            f"key file can be read or changed by others (permissions {mode})",
            file=key_file,
            hint=f"make it private: chmod 600 {key_file}",
        )
    try:
        key = key_file.read_bytes().strip()
    except OSError as exc:
        raise UserError.single(f"cannot read the key ({exc.strerror})", file=key_file) from None
    if len(key) < MIN_KEY_BYTES:
        raise UserError.single(
            f"key is too short ({len(key)} bytes, need at least {MIN_KEY_BYTES})",
            file=key_file,
            hint=KEY_HINT,
        )
    if len(set(key)) < MIN_DISTINCT_KEY_BYTES:
        raise UserError.single(
            f"key is too weak ({len(set(key))} distinct characters, need at least "
            f"{MIN_DISTINCT_KEY_BYTES}); a repeated pattern can be guessed",
            file=key_file,
            hint=KEY_HINT,
        )
    return key


def repositories_for(*paths: Path) -> list[Path]:
    """The project root and every git work tree holding one of ``paths``."""
    from leerrecht.core.paths import ROOT

    found = [ROOT.resolve()]
    for path in paths:
        folder = path.resolve().parent
        while not folder.exists():
            folder = folder.parent
        top = _git_toplevel(folder)
        if top is not None and top not in found:
            found.append(top)
    return found


def check_paths(source: Path, target: Path) -> None:
    if source.is_dir():
        raise UserError.single("this is a folder; IN must be a file", file=source)
    if not source.is_file():
        raise UserError.single("input file not found", file=source)
    if target.is_dir():
        raise UserError.single(
            "this is a folder; OUT must be a file", file=target, hint="e.g. OUT = anon.csv"
        )
    if source.resolve() == target.resolve() or (target.exists() and target.samefile(source)):
        raise UserError.single(
            "output would overwrite the input",
            file=target,
            hint="write the pseudonymised copy to a new file",
        )


# --- the transformation ------------------------------------------------------------------


@dataclass
class Result:
    frame: pd.DataFrame
    pseudonymised: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    ages_from: list[str] = field(default_factory=list)
    unreadable_dates: int = 0
    areas_from: list[str] = field(default_factory=list)


def _ages(values: pd.Series, peildatum: date) -> tuple[pd.Series, int]:
    parsed = pd.to_datetime(values, errors="coerce", format="mixed", dayfirst=True)
    ages = [pd.NA if pd.isna(born) else age_on(born.date(), peildatum) for born in parsed.tolist()]
    unreadable = int((parsed.isna() & values.notna()).sum())
    return pd.Series(ages, index=values.index, dtype="Int64"), unreadable


def _area(value: object) -> object:
    if is_missing(value):
        return pd.NA
    digits = re.match(r"\s*(\d{4})", str(value))
    return digits.group(1) if digits else pd.NA


def _patterns_in(values: pd.Series) -> tuple[int, list[str]] | None:
    """The first row (1-based) whose value holds a BSN, phone number, e-mail … and the kinds."""
    from leerrecht.privacy.detectors import detect_patterns

    for row, value in enumerate(values.tolist(), start=1):
        if isinstance(value, str) and value.strip():
            kinds = sorted({hit.kind for hit in detect_patterns(value)})
            if kinds:
                return row, kinds
    return None


def is_free_text(values: pd.Series) -> bool:
    """True when some value reads like a sentence rather than a code or a number."""
    for value in values.dropna().unique().tolist():
        if isinstance(value, str) and (
            len(value) >= FREE_TEXT_CHARS or len(value.split()) >= FREE_TEXT_WORDS
        ):
            return True
    return False


def check_kept_columns(frame: pd.DataFrame, keep: set[str], drop: set[str]) -> None:
    """Refuse a column that would pass through with personal data or unchecked free text."""
    problems = []
    for column in frame.columns:
        name = str(column)
        if name in drop or classify(column) != "keep":
            continue
        values = frame[column]
        found = _patterns_in(values)
        if found is not None:
            row, kinds = found
            problems.append(
                Problem(
                    f"column {name!r} holds what looks like personal data "
                    f"(row {row}: {', '.join(kinds)})",
                    field=name,
                    hint=f"drop it with --drop {name!r}, or clean it before pseudonymising",
                )
            )
        elif name not in keep and is_free_text(values):
            problems.append(
                Problem(
                    f"column {name!r} holds free text, which can name pupils or parents",
                    field=name,
                    hint=f"say what to do with it: --drop {name!r}, or --keep {name!r} after "
                    "you have read it",
                )
            )
    if problems:
        raise UserError(problems)


def pseudonymise_frame(
    frame: pd.DataFrame,
    key: bytes,
    peildatum: date,
    keep: Iterable[str] = (),
    drop: Iterable[str] = (),
) -> Result:
    """Pseudonymise ids, drop direct identifiers, ages and postcode areas instead.

    Other columns pass through only when they hold no recognisable personal data and no
    free text, unless named in ``keep`` (still checked for patterns) or ``drop``.
    """
    keep, drop = set(keep), set(drop)
    unknown = sorted((keep | drop) - {str(c) for c in frame.columns})
    if unknown:
        raise UserError.single(
            f"--keep/--drop name columns the file does not have: {', '.join(unknown)}",
            hint=f"its columns are: {', '.join(map(str, frame.columns))}",
        )
    check_kept_columns(frame, keep, drop)
    out = frame.copy()
    result = Result(out)
    for column in list(frame.columns):
        kind = "direct" if str(column) in drop else classify(column)
        if kind == "id":
            out[column] = [
                pd.NA if is_missing(v) else pseudonym(key, v) for v in frame[column].tolist()
            ]
            result.pseudonymised.append(str(column))
        elif kind == "birth":
            ages, unreadable = _ages(frame[column], peildatum)
            if AGE_COLUMN not in out.columns:
                out[AGE_COLUMN] = ages
            result.unreadable_dates += unreadable
            result.ages_from.append(str(column))
            out = out.drop(columns=[column])
        elif kind == "postcode":
            if AREA_COLUMN not in out.columns:
                out[AREA_COLUMN] = [_area(v) for v in frame[column].tolist()]
            result.areas_from.append(str(column))
            out = out.drop(columns=[column])
        elif kind == "direct":
            out = out.drop(columns=[column])
            result.dropped.append(str(column))
    result.frame = out
    return result


# --- k-anonymity -------------------------------------------------------------------------


@dataclass
class KAnonymity:
    columns: list[str]
    k: int | None  # None when there are no quasi-identifiers or no rows
    groups: int
    smallest: list[tuple[dict[str, object], int]]  # (values, size), smallest first

    def describe(self, threshold: int = 5) -> list[str]:
        if not self.columns:
            return ["k-anonymity: no quasi-identifiers (age, school, postcode area) present"]
        if self.k is None:
            return ["k-anonymity: no rows"]
        below = sum(1 for _, n in self.smallest if n < threshold)
        lines = [
            f"k-anonymity over {', '.join(self.columns)}: k = {self.k} "
            f"({self.groups} group(s); smallest listed, {below} below {threshold})"
        ]
        for values, size in self.smallest:
            shown = ", ".join(f"{c}={values[c]}" for c in self.columns)
            lines.append(f"  {size:>4} × {shown}")
        return lines


def k_anonymity(
    frame: pd.DataFrame, id_columns: list[str], show: int = 5, threshold: int = 5
) -> KAnonymity:
    """Group sizes over the quasi-identifiers present, counting persons, not rows."""
    columns = [c for c in QUASI_IDENTIFIERS if c in frame.columns]
    if not columns:
        return KAnonymity([], None, 0, [])
    people = frame[id_columns[:1] + columns].drop_duplicates() if id_columns else frame[columns]
    if people.empty:
        return KAnonymity(columns, None, 0, [])
    sizes = people.groupby(columns, dropna=False).size().sort_values(kind="stable")
    listed = max(show, int((sizes < threshold).sum()))
    smallest = [
        (dict(zip(columns, key if isinstance(key, tuple) else (key,), strict=True)), int(n))
        for key, n in sizes.head(min(listed, 20)).items()
    ]
    return KAnonymity(columns, int(sizes.iloc[0]), len(sizes), smallest)


def pseudonymise_file(
    source: Path,
    target: Path,
    key_file: Path,
    peildatum: date,
    keep: Iterable[str] = (),
    drop: Iterable[str] = (),
) -> tuple[Result, KAnonymity]:
    """Check paths and key, transform ``source`` and write ``target``."""
    check_paths(source, target)
    file_format(target)
    key = read_key(key_file, repositories_for(source, target))
    result = pseudonymise_frame(read_table(source), key, peildatum, keep, drop)
    write_table(result.frame, target)
    return result, k_anonymity(result.frame, result.pseudonymised)
