"""Write docs/bronnen.md: every source URL the project cites, with the files that cite it.

Usage: python tools/bronnen.py [--check]

The project keeps its own list of sources (no file points to documents outside the
repository). The list is made from the content itself (cases, protocols, data, notebooks,
docs), so it can never drift: ``--check`` exits 1 when docs/bronnen.md is out of date,
and the test suite runs it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "bronnen.md"
CONTENT = ("casestudies/", "protocols/", "data/", "notebooks/", "docs/", "src/leerrecht/")
SUFFIXES = {".yml", ".yaml", ".csv", ".json", ".ipynb", ".md", ".py"}
URL = re.compile(r"https?://[^\s\"'<>()\[\]{},;`|]+")
# Placeholders and the project's own example addresses are not sources.
NOT_SOURCES = re.compile(r"example\.(invalid|org|com)|localhost|127\.0\.0\.1|<adres>|hub\.example")


def tracked_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *CONTENT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    return [ROOT / f for f in sorted(set(out)) if f and Path(f).suffix in SUFFIXES]


def text_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":  # only the markdown a reader sees, not code or outputs
        cells = json.loads(text).get("cells", [])
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return text


def collect() -> dict[str, set[str]]:
    cited: dict[str, set[str]] = defaultdict(set)
    for path in tracked_files():
        if path == TARGET:
            continue
        for url in URL.findall(text_of(path)):
            url = url.rstrip(".:")
            if not NOT_SOURCES.search(url):
                cited[url].add(path.relative_to(ROOT).as_posix())
    return cited


def render(cited: dict[str, set[str]]) -> str:
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in cited:
        by_host[urlsplit(url).netloc.removeprefix("www.")].append(url)
    lines = [
        "# Bronnen",
        "",
        "Every source the project cites, grouped by site, with the files that cite it.",
        "Made by `python tools/bronnen.py` from the content itself; the tests check that it",
        "is current. Sources marked ⚠ in the content are secondary or uncertain there.",
        "",
        f"{len(cited)} sources on {len(by_host)} sites.",
        "",
    ]
    for host in sorted(by_host):
        lines.append(f"## {host}")
        lines.append("")
        for url in sorted(by_host[host]):
            where = ", ".join(f"`{f}`" for f in sorted(cited[url]))
            lines.append(f"- <{url}> — {where}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render(collect())
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print("docs/bronnen.md is out of date: run  python tools/bronnen.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
