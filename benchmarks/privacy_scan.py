"""How long the whole-repository privacy scan takes, and how much of it is deduce.

Runs, in one process: deduce's construction (cache already built), then the scan of the
repository's default content folders without the deduce pass (patterns, school names,
CSV columns) and with it, each repeated; prints the medians and the ratio with/without.

    .venv/bin/python benchmarks/privacy_scan.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from leerrecht.core.paths import CASESTUDIES, ROOT
from leerrecht.privacy.names import build_allow_list, get_deduce
from leerrecht.privacy.scanner import (
    NamePass,
    collect_files,
    default_targets,
    git_ignored,
    scan_paths,
    vocabulary,
)


def repository_files() -> list[Path]:
    files, _ = collect_files(default_targets(ROOT))
    ignored = git_ignored(ROOT, files)
    return [f for f in files if f not in ignored]


def timed_scan(files: list[Path], name_pass: NamePass) -> tuple[float, int]:
    start = time.perf_counter()
    report = scan_paths(files, name_pass, progress=False, base=ROOT)
    return time.perf_counter() - start, len(report.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    files = repository_files()
    allow = build_allow_list(CASESTUDIES / "fictief.yml")
    words = vocabulary(files)
    setup = time.perf_counter() - start
    size = sum(f.stat().st_size for f in files)

    start = time.perf_counter()
    engine = get_deduce()
    construct = time.perf_counter() - start

    without, with_names = [], []
    for _ in range(args.repeat):
        seconds, n_plain = timed_scan(files, NamePass(allow, None, words))
        without.append(seconds)
        seconds, n_names = timed_scan(files, NamePass(allow, engine, words))
        with_names.append(seconds)
    plain, full = statistics.median(without), statistics.median(with_names)

    print(f"files scanned:             {len(files)} ({size / 1024:.0f} KiB)")
    print(f"file list + allow-list:    {setup:6.2f} s")
    print(f"deduce construction:       {construct:6.2f} s  (cache present; once per process)")
    print(
        f"scan without deduce pass:  {plain:6.2f} s  median of {args.repeat} ({n_plain} findings)"
    )
    print(f"scan with deduce pass:     {full:6.2f} s  median of {args.repeat} ({n_names} findings)")
    print(f"ratio with/without deduce: {full / plain:6.1f} x")
    total = setup + construct + full
    deduce_share = (construct + full - plain) / total
    print(f"whole scan as the CLI runs it: {total:.2f} s, of which deduce {deduce_share:.0%}")


if __name__ == "__main__":
    main()
