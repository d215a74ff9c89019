"""National figures with their sources: load, validate and select (plots: views.figures).

The data live in ``data/landelijk/`` as CSV files described by ``datapackage.json``
(Frictionless Data Package style). :func:`validate_package` checks the files against that
description without the frictionless library: column names, required values, types,
enumerations, patterns, school-year and date formats, source URLs, units per indicator
and unique primary keys. Every mistake becomes a :class:`~leerrecht.core.errors.Problem` that
names the file, the line and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.domain.figures_text import local, summary

__all__ = [
    "PACKAGE_FILE",
    "CORONA_YEAR",
    "parse_schoolyear",
    "format_schoolyear",
    "schoolyears",
    "schoolyear_x",
    "parse_partial_date",
    "decimal_year",
    "split_urls",
    "read_package",
    "indicator_units",
    "whole_indicators",
    "validate_rows",
    "validate_resource",
    "check_package",
    "validate_package",
    "load_figures",
    "load_timeline",
    "load_caveats",
    "indicator_table",
    "select",
    "series",
    "caveats_for",
    "local",
    "summary",
    "data_range",
]

PACKAGE_FILE = "datapackage.json"
CORONA_YEAR = "2019/20"
# A school year runs from 1 August to 31 July; as a decimal year that starts at +7/12.
_YEAR_START = 7 / 12
_URL = re.compile(r"^https?://\S+$")
_SCHOOLYEAR = re.compile(r"^(\d{4})/(\d{2})$")
_MAX_PROBLEMS = 50

# --------------------------------------------------------------------------- formats


def parse_schoolyear(text: str) -> int:
    """Return the start year of a school year written ``YYYY/YY`` (e.g. 2019/20 → 2019)."""
    match = _SCHOOLYEAR.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a school year like 2019/20")
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        raise ValueError(f"{text!r}: the second year must follow the first (e.g. 2019/20)")
    return start


def format_schoolyear(start: int) -> str:
    """The school year that starts in August of ``start`` (2019 → ``2019/20``)."""
    return f"{start}/{(start + 1) % 100:02d}"


def schoolyears(first: str, last: str) -> list[str]:
    """All school years from ``first`` to ``last`` inclusive, in order."""
    a, b = parse_schoolyear(first), parse_schoolyear(last)
    if b < a:
        raise ValueError(f"year range runs backwards: {first} to {last}")
    return [format_schoolyear(y) for y in range(a, b + 1)]


def schoolyear_x(schoolyear: str) -> float:
    """Plot position of a school year: its midpoint as a decimal calendar year."""
    return parse_schoolyear(schoolyear) + _YEAR_START + 0.5


def parse_partial_date(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; a missing part means its first day."""
    parts = text.strip().split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"{text!r} is not a date like 2016-06-13, 2016-06 or 2016")
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    try:
        return dt.date(*numbers)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None


def decimal_year(day: dt.date) -> float:
    """A date as a decimal year (for drawing events on the same axis as school years)."""
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def split_urls(text: str) -> list[str]:
    """The URLs in a ``bron_url`` cell (one or more, separated by `` ; ``)."""
    return [part.strip() for part in text.split(";") if part.strip()]


# --------------------------------------------------------------------------- validation


def read_package(folder: str | Path | None = None) -> dict[str, Any]:
    """Read ``datapackage.json`` from ``folder`` (default: ``data/landelijk``)."""
    path = Path(folder or paths.DATA / "landelijk") / PACKAGE_FILE
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError.single("file not found", file=path, hint="check the data folder") from None
    except json.JSONDecodeError as exc:
        raise UserError.single(
            f"not valid JSON: {exc.msg}", file=path, line=exc.lineno, hint="check commas and quotes"
        ) from None
    if not isinstance(package.get("resources"), list):
        raise UserError.single("missing list 'resources'", file=path, field="resources")
    return package


def _resource(package: dict[str, Any], name: str) -> dict[str, Any]:
    for res in package["resources"]:
        if res.get("name") == name:
            return res
    names = ", ".join(str(r.get("name")) for r in package["resources"])
    raise UserError.single(f"no resource named {name!r}", hint=f"choose one of: {names}")


def indicator_units(package: dict[str, Any]) -> dict[str, str]:
    """``{indicator: eenheid}`` as declared in the package."""
    return {i["name"]: i["eenheid"] for i in package.get("x-leerrecht-indicatoren", [])}


def whole_indicators(package: dict[str, Any]) -> set[str]:
    """Indicators whose values are counts and so must be whole numbers."""
    return {i["name"] for i in package.get("x-leerrecht-indicatoren", []) if i.get("geheel_getal")}


def _convert(raw: str, field: dict[str, Any]) -> Any:
    """Convert one CSV cell to the field's type; raise ValueError with a plain message."""
    kind = field.get("type", "string")
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise ValueError(f"expected a whole number, got {raw!r}")
        return int(raw)
    if kind == "number":
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(
                f"expected a number (use a dot, no thousands separator), got {raw!r}"
            ) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"expected a finite number, got {raw!r}")
        return value
    if kind == "boolean":
        true, false = field.get("trueValues", ["true"]), field.get("falseValues", ["false"])
        if raw in true:
            return True
        if raw in false:
            return False
        raise ValueError(f"expected one of {', '.join(true + false)}, got {raw!r}")
    if kind != "string":
        raise ValueError(f"unsupported field type {kind!r} in datapackage.json")
    return raw


def _check_cell(value: Any, raw: str, field: dict[str, Any]) -> str | None:
    """Constraint and format checks for a converted, non-empty value; a message or None."""
    cons = field.get("constraints", {})
    if "enum" in cons and value not in cons["enum"]:
        return f"{raw!r} is not allowed; expected one of: {', '.join(map(str, cons['enum']))}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
        return f"{raw!r} does not match the pattern {cons['pattern']}"
    if "minimum" in cons and value < cons["minimum"]:
        return f"{raw} is below the minimum {cons['minimum']}"
    if "maxLength" in cons and len(raw) > cons["maxLength"]:
        return f"longer than {cons['maxLength']} characters"
    special = field.get("x-leerrecht-type")
    try:
        if special == "schooljaar":
            parse_schoolyear(raw)
        elif special == "partial-date":
            parse_partial_date(raw)
        elif special == "url-list":
            bad = [u for u in split_urls(raw) if not _URL.match(u)]
            if bad or not split_urls(raw):
                return f"not an http(s) URL: {bad[0] if bad else raw!r}"
    except ValueError as exc:
        return str(exc)
    return None


def validate_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    schema: dict[str, Any],
    file: str | Path,
    units: dict[str, str] | None = None,
    whole: set[str] | None = None,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Validate ``(line, row)`` pairs against a table schema; return typed rows and problems."""
    fields = schema["fields"]
    key = schema.get("primaryKey", [])
    seen: dict[tuple[Any, ...], int] = {}
    typed: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for line, row in rows:
        out: dict[str, Any] = {}
        for field in fields:
            name = field["name"]
            raw = (row.get(name) or "").strip()
            if not raw:
                if field.get("constraints", {}).get("required"):
                    hint = (
                        "every value needs a source URL and a kind"
                        if name.startswith("bron")
                        else None
                    )
                    problems.append(Problem("required value is empty", file, line, name, hint))
                out[name] = None
                continue
            try:
                value = _convert(raw, field)
            except ValueError as exc:
                problems.append(Problem(str(exc), file, line, name))
                continue
            message = _check_cell(value, raw, field)
            if message:
                problems.append(Problem(message, file, line, name))
                continue
            out[name] = value
        for field in fields:
            dutch = field.get("x-leerrecht-english-of")
            if dutch and (out.get(dutch) is None) != (out.get(field["name"]) is None):
                empty = field["name"] if out.get(field["name"]) is None else dutch
                problems.append(
                    Problem(
                        f"{empty!r} is empty but its twin is filled",
                        file,
                        line,
                        empty,
                        f"give {dutch!r} and {field['name']!r} both (Dutch and English) or neither",
                    )
                )
            owner = field.get("x-leerrecht-whole-if")
            value = out.get(field["name"])
            if owner and whole and out.get(owner) in whole and value is not None and value % 1:
                problems.append(
                    Problem(
                        f"{out[owner]!r} is a count: expected a whole number, got {value:g}",
                        file,
                        line,
                        field["name"],
                        "write 4565, not 4.565 (no thousands separator)",
                    )
                )
            target = field.get("x-leerrecht-unit-of")
            if target and units and out.get(target) in units and out.get(field["name"]):
                expected = units[out[target]]
                if out[field["name"]] != expected:
                    problems.append(
                        Problem(
                            f"unit {out[field['name']]!r} does not match {out[target]!r}",
                            file,
                            line,
                            field["name"],
                            f"this indicator is counted in {expected!r}",
                        )
                    )
        if key and all(out.get(k) is not None for k in key):
            ident = tuple(out[k] for k in key)
            if ident in seen:
                problems.append(
                    Problem(
                        f"duplicate ({', '.join(key)}) = ({', '.join(map(str, ident))})",
                        file,
                        line,
                        ",".join(key),
                        f"the same key is already on line {seen[ident]}; keep one row",
                    )
                )
            else:
                seen[ident] = line
        out["_line"] = line
        typed.append(out)
    return typed, problems


def _read_csv(
    path: Path, schema: dict[str, Any]
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Read a CSV file; check its header against the schema."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")  # tolerate a BOM (Excel)
    except FileNotFoundError:
        raise UserError.single(
            "file not found", file=path, hint="see datapackage.json 'path'"
        ) from None
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        expected = [f["name"] for f in schema["fields"]]
        problems = [
            Problem("column is missing", path, 1, name, f"the header must be: {','.join(expected)}")
            for name in expected
            if name not in header
        ]
        problems += [
            Problem("unknown column", path, 1, name, "remove it or describe it in datapackage.json")
            for name in header
            if name not in expected
        ]
        rows = []
        for row in reader:
            if None in row:
                problems.append(Problem("too many cells in this row", path, reader.line_num))
            rows.append((reader.line_num, row))
    return rows, problems


def validate_resource(
    name: str, folder: str | Path | None = None, package: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Validate one resource of the package; return its typed rows or raise UserError."""
    folder = Path(folder or paths.DATA / "landelijk")
    package = package or read_package(folder)
    res = _resource(package, name)
    path = folder / res["path"]
    rows, problems = _read_csv(path, res["schema"])
    typed, more = validate_rows(
        rows, res["schema"], path, indicator_units(package), whole_indicators(package)
    )
    problems += more
    if problems:
        raise UserError(problems[:_MAX_PROBLEMS])
    return typed


def check_package(package: dict[str, Any], file: str | Path = PACKAGE_FILE) -> list[Problem]:
    """Consistency of the description itself: every indicator enum value is documented."""
    problems = []
    documented = set(indicator_units(package))
    for res in package["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            if field["name"] not in ("indicator", "geldt_voor"):
                continue
            for value in field.get("constraints", {}).get("enum", []):
                if value != "alle" and value not in documented:
                    problems.append(
                        Problem(
                            f"indicator {value!r} has no entry in x-leerrecht-indicatoren",
                            file,
                            field=f"{res['name']}.{field['name']}",
                        )
                    )
    return problems


def validate_package(folder: str | Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Validate every resource; return ``{resource: typed rows}`` or raise one UserError."""
    folder = Path(folder or paths.DATA / "landelijk")
    package = read_package(folder)
    problems = check_package(package, folder / PACKAGE_FILE)
    result = {}
    for res in package["resources"]:
        try:
            result[res["name"]] = validate_resource(res["name"], folder, package)
        except UserError as exc:
            problems += exc.problems
    if problems:
        raise UserError(problems[:_MAX_PROBLEMS])
    return result


# --------------------------------------------------------------------------- loading


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame([{k: v for k, v in r.items() if k != "_line"} for r in rows])


def load_figures(folder: str | Path | None = None) -> pd.DataFrame:
    """The validated national figures, one row per (schooljaar, indicator), in year order."""
    df = _frame(validate_resource("cijfers", folder))
    df["start"] = df["schooljaar"].map(parse_schoolyear)
    return df.sort_values(["indicator", "start"], ignore_index=True)


def load_timeline(folder: str | Path | None = None) -> pd.DataFrame:
    """The validated policy timeline, in date order, with a ``jaar`` decimal-year column."""
    df = _frame(validate_resource("tijdlijn", folder))
    df["dag"] = df["datum"].map(parse_partial_date)
    df["jaar"] = df["dag"].map(decimal_year)
    return df.sort_values("dag", ignore_index=True)


def load_caveats(folder: str | Path | None = None) -> pd.DataFrame:
    """The validated caveats per school year (counting changes, the COVID year …)."""
    df = _frame(validate_resource("kanttekeningen", folder))
    df["start"] = df["schooljaar"].map(parse_schoolyear)
    return df.sort_values(["start", "geldt_voor"], ignore_index=True)


def indicator_table(folder: str | Path | None = None) -> pd.DataFrame:
    """Indicator names with Dutch and English titles, unit and definition."""
    return pd.DataFrame(read_package(folder).get("x-leerrecht-indicatoren", [])).set_index("name")


# --------------------------------------------------------------------------- selection


def select(
    df: pd.DataFrame,
    indicators: Sequence[str] | None = None,
    first: str | None = None,
    last: str | None = None,
) -> pd.DataFrame:
    """Rows for the given indicators and school-year range (inclusive); names are checked."""
    known = sorted(set(df["indicator"]))
    if indicators is not None:
        unknown = [i for i in indicators if i not in known]
        if unknown:
            raise UserError.single(
                f"unknown indicator {unknown[0]!r}",
                field="indicatoren",
                hint=f"choose from: {', '.join(known)}",
            )
        df = df[df["indicator"].isin(list(indicators))]
    for label, value in (("van", first), ("tot", last)):
        if value is not None:
            try:
                parse_schoolyear(value)
            except ValueError as exc:
                raise UserError.single(
                    str(exc), field=label, hint="write it like 2014/15"
                ) from None
    if first is not None:
        df = df[df["start"] >= parse_schoolyear(first)]
    if last is not None:
        df = df[df["start"] <= parse_schoolyear(last)]
    return df.reset_index(drop=True)


def series(df: pd.DataFrame, indicator: str, first: str, last: str) -> pd.DataFrame:
    """One indicator over every school year in the range; missing years stay NaN (a gap)."""
    years = schoolyears(first, last)
    part = df[df["indicator"] == indicator].set_index("schooljaar")
    out = pd.DataFrame({"schooljaar": years})
    for col in ("waarde", "bron_soort", "bron_url", "noot"):
        out[col] = out["schooljaar"].map(part[col]) if len(part) else None
    out["waarde"] = out["waarde"].astype(float)
    return out


def caveats_for(caveats: pd.DataFrame, indicator: str, years: Iterable[str]) -> pd.DataFrame:
    """Caveats that apply to ``indicator`` in ``years`` (rows for 'alle' included)."""
    wanted = set(years)
    mask = caveats["schooljaar"].isin(wanted) & caveats["geldt_voor"].isin(["alle", indicator])
    return caveats[mask].reset_index(drop=True)


def data_range(df: pd.DataFrame, indicator: str, first: str, last: str) -> tuple[str, str]:
    """Narrow ``first``..``last`` to the years where ``indicator`` has values (gaps inside stay)."""
    years = df[(df["indicator"] == indicator)]["start"]
    years = years[years.between(parse_schoolyear(first), parse_schoolyear(last))]
    if years.empty:
        return first, last
    return format_schoolyear(int(years.min())), format_schoolyear(int(years.max()))
