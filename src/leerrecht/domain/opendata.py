"""Open data with provenance: CBS StatLine tables and DUO open-data CSV files.

Every loader returns a tidy frame (one value per row) and attaches where it came from in
``frame.attrs["herkomst"]``: ``bron`` (the publisher's service), ``bron_url``, ``tabel``
(table id or file), ``opgehaald`` (retrieval date, ISO), ``testbestand`` (True for the
constructed fixtures shipped in ``data/opendata/voorbeeld/``) and ``opmerking``; and the
role of its columns in ``frame.attrs["rollen"]`` (``regio``, ``periode``, ``overig``: each a
pair of code column and label column). CBS tables are fetched with the ``cbsodata`` client
into a local cache (``data/opendata/cbs/<ID>/``) and read from there, so a notebook runs
offline once a table has been fetched. DUO files are read as DUO publishes them
(semicolon-separated CSV with upper-case headers).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from leerrecht.core import paths
from leerrecht.core.errors import UserError

__all__ = [
    "CACHE",
    "CBS_URL",
    "PROVENANCE_FILE",
    "fetch_cbs",
    "load_cbs",
    "fetch_duo",
    "DUO_FORMATS",
    "load_duo",
    "duo_kind",
]

CACHE = paths.DATA / "opendata"
FIXTURES = CACHE / "voorbeeld"  # constructed files in the publishers' formats (README there)
CBS_URL = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table"
PROVENANCE_FILE = "herkomst.json"


def _provenance(folder: Path, table: str) -> dict:
    herkomst = {
        "bron": "CBS StatLine",
        "bron_url": CBS_URL.format(table=table),
        "tabel": table,
        "opgehaald": None,
        "testbestand": False,
    }
    path = folder / PROVENANCE_FILE
    if path.is_file():
        herkomst.update(json.loads(path.read_text(encoding="utf-8")))
    info = folder / "TableInfos.json"  # cbsodata writes the table's own title here
    if info.is_file() and "titel" not in herkomst:
        rows = json.loads(info.read_text(encoding="utf-8"))
        if rows and isinstance(rows, list) and rows[0].get("Title"):
            herkomst["titel"] = rows[0]["Title"]
    return herkomst


def _code_titles(folder: Path, dim: str) -> dict[str, str]:
    """The titles of a dimension's codes (``RegioSCodes.json``: NL01 -> Nederland), if cached."""
    path = folder / f"{dim}Codes.json"
    if not path.is_file():
        return {}
    return {
        str(r["Key"]).strip(): str(r.get("Title") or r["Key"]).strip()
        for r in json.loads(path.read_text(encoding="utf-8"))
    }


def fetch_cbs(table: str, cache: Path | None = None) -> Path:
    """Download a StatLine table with ``cbsodata`` into the cache; record the provenance.

    Parameters:
        table: a StatLine table id, e.g. ``84780NED``.
        cache: the cache folder (default ``data/opendata/cbs``).

    Returns:
        The folder of the cached table.

    Raises:
        UserError: when StatLine cannot be reached or does not know the table.
    """
    import cbsodata

    from leerrecht.core.fileio import atomic_write_json

    cache = cache or CACHE / "cbs"
    folder = cache / table
    try:
        # cbsodata writes its files straight into ``dir``: one folder per table.
        cbsodata.download_data(table, dir=str(folder))
    except Exception as exc:  # the client raises requests' errors; all mean "not fetched"
        raise UserError.single(
            f"cannot fetch CBS table {table!r}: {type(exc).__name__}",
            field="table",
            hint="check the table id on opendata.cbs.nl and the network connection; "
            f"offline, only tables already in {cache} can be read",
        ) from None
    atomic_write_json(
        folder / PROVENANCE_FILE,
        {
            "bron": "CBS StatLine",
            "bron_url": CBS_URL.format(table=table),
            "tabel": table,
            "opgehaald": dt.date.today().isoformat(),
            "testbestand": False,
            "opmerking": "opgehaald met cbsodata",
        },
    )
    return folder


def load_cbs(table: str, cache: Path | None = None) -> pd.DataFrame:
    """A cached StatLine table as a tidy frame.

    Parameters:
        table: the table id (``84780NED``).
        cache: the cache folder (default ``data/opendata/cbs``).

    Returns:
        One row per value: each of the table's dimensions (e.g. ``RegioS``, ``Perioden``)
        followed by its label (``RegioS_titel``: the code's title from ``RegioSCodes.json``,
        the code itself when that file is not cached), then ``onderwerp`` (the measure's
        key), ``titel`` (its title) and ``waarde``; the provenance in ``attrs["herkomst"]``.

    Raises:
        UserError: when the table is not in the cache (with the command that fetches it)
            or its files are not in the format cbsodata writes.
    """
    folder = (cache or CACHE / "cbs") / table
    data_file = folder / "TypedDataSet.json"
    if not data_file.is_file():
        raise UserError.single(
            f"CBS table {table!r} is not in the cache {folder.parent}",
            field="table",
            hint=f"fetch it once with: leerrecht data fetch cbs {table}",
        )
    try:
        rows = json.loads(data_file.read_text(encoding="utf-8"))
        props = json.loads((folder / "DataProperties.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UserError.single(
            f"not a cbsodata cache: {exc}", file=folder, hint="fetch the table again"
        ) from None
    kinds = {
        p["Key"]: p["Type"]
        for p in props
        if p.get("Type") in ("Dimension", "GeoDimension", "TimeDimension")
    }
    dims = list(kinds)
    topics = {p["Key"]: p.get("Title", p["Key"]) for p in props if p.get("Type") == "Topic"}
    frame = pd.DataFrame(rows)
    missing = [c for c in (*dims, *topics) if c not in frame.columns]
    if missing:
        raise UserError.single(
            f"TypedDataSet.json lacks columns {', '.join(missing)}", file=data_file
        )
    tidy = frame.melt(
        id_vars=dims, value_vars=list(topics), var_name="onderwerp", value_name="waarde"
    )
    tidy["titel"] = tidy["onderwerp"].map(topics)
    columns = []
    for dim in dims:
        tidy[dim] = tidy[dim].astype(str).str.strip()
        titles = _code_titles(folder, dim)
        tidy[f"{dim}_titel"] = tidy[dim].map(lambda code, t=titles: t.get(code, code))
        columns += [dim, f"{dim}_titel"]
    tidy = tidy[[*columns, "onderwerp", "titel", "waarde"]]
    tidy.attrs["herkomst"] = _provenance(folder, table)
    tidy.attrs["rollen"] = _roles(
        [(d, f"{d}_titel") for d in dims],
        regio=next((d for d in dims if kinds[d] == "GeoDimension"), None),
        periode=next((d for d in dims if kinds[d] == "TimeDimension"), None),
    )
    return tidy


def _roles(pairs: list[tuple[str, str]], regio: str | None, periode: str | None) -> dict:
    """Which (code, label) column pair is the region, which the period, which the others."""
    by_code = dict(pairs)
    return {
        "regio": (regio, by_code[regio]) if regio else None,
        "periode": (periode, by_code[periode]) if periode else None,
        "overig": [(c, t) for c, t in pairs if c not in (regio, periode)],
    }


def fetch_duo(url: str, cache: Path | None = None) -> Path:
    """Download a DUO open-data CSV into the cache, with a provenance file next to it.

    Parameters:
        url: the file's address on DUO's open-data pages (``https://...csv``).
        cache: the cache folder (default ``data/opendata/duo``).

    Returns:
        The path of the downloaded file.

    Raises:
        UserError: for an address that is not https, or when DUO cannot be reached.
    """
    import urllib.error
    import urllib.request

    from leerrecht.core.fileio import atomic_write_bytes, atomic_write_json

    if not url.startswith("https://"):
        raise UserError.single(
            f"not an https address: {url!r}", field="url", hint="copy the CSV link from DUO"
        )
    cache = cache or CACHE / "duo"
    target = cache / (url.rstrip("/").rsplit("/", 1)[-1] or "duo.csv")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            data = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise UserError.single(
            f"cannot fetch {url}: {getattr(exc, 'reason', exc)}",
            field="url",
            hint="check the network connection; offline, read a file already downloaded "
            "with load_duo",
        ) from None
    atomic_write_bytes(target, data)
    atomic_write_json(
        target.with_name(target.name + ".herkomst.json"),
        {"bron_url": url, "tabel": target.name, "opgehaald": dt.date.today().isoformat()},
    )
    return target


# The DUO open-data files this loader knows, with the columns DUO publishes them with.
DUO_FORMATS = {
    "vsv-gemeente": {
        "titel": "Voortijdig schoolverlaters per gemeente",
        "bron_url": "https://duo.nl/open_onderwijsdata/",
        "dimensies": ["GEMEENTENUMMER", "GEMEENTENAAM", "SCHOOLJAAR"],
        "waarden": ["AANTAL VSV", "AANTAL DEELNEMERS"],
        "titels": {"AANTAL VSV": "Voortijdig schoolverlaters", "AANTAL DEELNEMERS": "Deelnemers"},
    },
    "verzuim-gemeente": {
        "titel": "Verzuimmeldingen per gemeente",
        "bron_url": "https://duo.nl/open_onderwijsdata/",
        "dimensies": ["GEMEENTENUMMER", "GEMEENTENAAM", "SCHOOLJAAR", "SOORT VERZUIM"],
        "waarden": ["AANTAL MELDINGEN"],
        "titels": {"AANTAL MELDINGEN": "Verzuimmeldingen"},
    },
}


# The columns every DUO file above names the municipality and the school year with.
DUO_ROLES = {"regio": "GEMEENTENUMMER", "regio_naam": "GEMEENTENAAM", "periode": "SCHOOLJAAR"}


def load_duo(path: str | Path, soort: str) -> pd.DataFrame:
    """A DUO open-data CSV as a tidy frame with provenance.

    Parameters:
        path: the CSV as DUO publishes it (semicolon-separated, upper-case headers).
        soort: which file it is, one of :data:`DUO_FORMATS`.

    Returns:
        The dimensions, then ``onderwerp``, ``titel`` (a readable name of the measure) and
        ``waarde`` (one row per value); the provenance (URL, file, retrieval date from a
        ``<file>.herkomst.json`` next to it) in ``attrs["herkomst"]``.

    Raises:
        UserError: for an unknown ``soort`` or a file of another format (naming the
            columns that are missing).
    """
    path = Path(path)
    if soort not in DUO_FORMATS:
        raise UserError.single(
            f"unknown DUO file kind {soort!r}", field="soort", hint=f"use {', '.join(DUO_FORMATS)}"
        )
    fmt = DUO_FORMATS[soort]
    if not path.is_file():
        raise UserError.single("file not found", file=path, hint="check the path")
    frame = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in (*fmt["dimensies"], *fmt["waarden"]) if c not in frame.columns]
    if missing:
        raise UserError.single(
            f"not a DUO '{soort}' file: missing columns {', '.join(missing)} "
            f"(found {', '.join(frame.columns)})",
            file=path,
            line=1,
            hint="download the file again from DUO, or choose the right kind",
        )
    tidy = frame.melt(
        id_vars=fmt["dimensies"],
        value_vars=fmt["waarden"],
        var_name="onderwerp",
        value_name="waarde",
    )
    tidy["waarde"] = pd.to_numeric(
        tidy["waarde"].str.replace(".", "", regex=False), errors="coerce"
    )
    tidy.insert(len(tidy.columns) - 1, "titel", tidy["onderwerp"].map(fmt["titels"]))
    side = path.with_name(path.name + ".herkomst.json")
    herkomst = {
        "bron": "DUO open onderwijsdata",
        "bron_url": fmt["bron_url"],
        "tabel": path.name,
        "opgehaald": None,
        "testbestand": False,
    }
    if side.is_file():
        herkomst.update(json.loads(side.read_text(encoding="utf-8")))
    tidy.attrs["herkomst"] = herkomst
    others = [(d, d) for d in fmt["dimensies"] if d not in DUO_ROLES.values()]
    tidy.attrs["rollen"] = {
        "regio": (DUO_ROLES["regio"], DUO_ROLES["regio_naam"]),
        "periode": (DUO_ROLES["periode"], DUO_ROLES["periode"]),
        "overig": others,
    }
    return tidy


def duo_kind(path: str | Path) -> str | None:
    """Which of :data:`DUO_FORMATS` a CSV's header fits (None: none of them)."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            header = {c.strip() for c in fh.readline().split(";")}
    except (OSError, UnicodeDecodeError):
        return None
    fits = [k for k, f in DUO_FORMATS.items() if {*f["dimensies"], *f["waarden"]} <= header]
    return max(fits, key=lambda k: len(DUO_FORMATS[k]["dimensies"]), default=None)
