"""Open data with provenance: CBS StatLine tables and DUO open-data CSV files.

Every loader returns a tidy frame (one value per row) and attaches where it came from in
``frame.attrs["herkomst"]``: ``bron_url``, ``tabel`` (table id or file), ``opgehaald``
(retrieval date) and ``opmerking``. CBS tables are fetched with the ``cbsodata`` client
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
]

CACHE = paths.DATA / "opendata"
CBS_URL = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table"
PROVENANCE_FILE = "herkomst.json"


def _provenance(folder: Path, table: str) -> dict:
    path = folder / PROVENANCE_FILE
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"bron_url": CBS_URL.format(table=table), "tabel": table, "opgehaald": None}


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

    cache = cache or CACHE / "cbs"
    try:
        cbsodata.download_data(table, dir=str(cache))
    except Exception as exc:  # the client raises requests' errors; all mean "not fetched"
        raise UserError.single(
            f"cannot fetch CBS table {table!r}: {type(exc).__name__}",
            field="table",
            hint="check the table id on opendata.cbs.nl and the network connection; "
            f"offline, only tables already in {cache} can be read",
        ) from None
    folder = cache / table
    (folder / PROVENANCE_FILE).write_text(
        json.dumps(
            {
                "bron_url": CBS_URL.format(table=table),
                "tabel": table,
                "opgehaald": dt.date.today().isoformat(),
                "opmerking": "opgehaald met cbsodata",
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return folder


def load_cbs(table: str, cache: Path | None = None) -> pd.DataFrame:
    """A cached StatLine table as a tidy frame.

    Parameters:
        table: the table id (``84780NED``).
        cache: the cache folder (default ``data/opendata/cbs``).

    Returns:
        One row per value: the table's dimensions (e.g. ``RegioS``, ``Perioden``), then
        ``onderwerp`` (the measure's key), ``titel`` (its title) and ``waarde``; the
        provenance in ``attrs["herkomst"]``.

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
    dims = [
        p["Key"] for p in props if p.get("Type") in ("Dimension", "GeoDimension", "TimeDimension")
    ]
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
    for dim in dims:
        tidy[dim] = tidy[dim].astype(str).str.strip()
    tidy.attrs["herkomst"] = _provenance(folder, table)
    return tidy[[*dims, "onderwerp", "titel", "waarde"]]


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
        "waarden": ["AANTAL DEELNEMERS", "AANTAL VSV"],
    },
    "verzuim-gemeente": {
        "titel": "Verzuimmeldingen per gemeente",
        "bron_url": "https://duo.nl/open_onderwijsdata/",
        "dimensies": ["GEMEENTENUMMER", "GEMEENTENAAM", "SCHOOLJAAR", "SOORT VERZUIM"],
        "waarden": ["AANTAL MELDINGEN"],
    },
}


def load_duo(path: str | Path, soort: str) -> pd.DataFrame:
    """A DUO open-data CSV as a tidy frame with provenance.

    Parameters:
        path: the CSV as DUO publishes it (semicolon-separated, upper-case headers).
        soort: which file it is, one of :data:`DUO_FORMATS`.

    Returns:
        The dimensions, then ``onderwerp`` and ``waarde`` (one row per value); the
        provenance (URL, file, retrieval date from a ``<file>.herkomst.json`` next to it)
        in ``attrs["herkomst"]``.

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
    side = path.with_name(path.name + ".herkomst.json")
    herkomst = {"bron_url": fmt["bron_url"], "tabel": path.name, "opgehaald": None}
    if side.is_file():
        herkomst.update(json.loads(side.read_text(encoding="utf-8")))
    tidy.attrs["herkomst"] = herkomst
    return tidy
