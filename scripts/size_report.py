#!/usr/bin/env python3
"""What the widget's code weighs, and where: `make size` runs this on a build that keeps function names.

It prints the code a page loads (the shipped wasm and the loader, raw and gzipped, as `make dist` writes them), then
the wasm's weight by module of this crate and by other crate (from `twiggy top`, names kept, debug info dropped),
then the heaviest single functions and data segments. Measure here before cutting anything: the grouping shows
which part of the widget a cut would touch.
"""

import argparse
import collections
import csv
import io
import re
import subprocess
import sys
from pathlib import Path

# A symbol such as `related_news::web::fetch::load::{{closure}}::h1234` or `<alloc[3ca5]::vec::Vec<T>>::push`:
# the crate, then up to two path segments (two for this crate, whose modules are what a cut would touch).
SYMBOL = re.compile(r"^<*([a-z_0-9]+)(?:\[[0-9a-f]+\])?::([a-z_0-9]+)(?:::([a-z_0-9]+))?")


# What make dist writes: the loader and the panel's wasm, which every page with a panel loads, and the subscription
# module's glue and wasm, which the loader imports only for a subscription panel (see the Makefile).
PANEL_FILES = ("related-news.js", "related_news_bg.wasm")
SUBSCRIBE_FILES = ("related_news_subscribe.js", "related_news_subscribe_bg.wasm")
READER_FILES = ("related_news_reader.js", "related_news_reader_bg.wasm")


def gzipped_size(data: bytes) -> int:
    """Gzipped with the `gzip -9` that make dist and make size-check count with (zlib's level 9 differs a little)."""
    return len(subprocess.run(["gzip", "-9"], input=data, check=True, capture_output=True).stdout)


def group_of(name: str) -> str:
    if name.startswith("data segment"):
        return "data segments (strings, tables)"
    if name.startswith("import ") or name.startswith("export "):
        return "imports and exports (wasm-bindgen's glue)"
    match = SYMBOL.match(name)
    if not match:
        return "other: " + name[:50]
    crate, first, second = match.groups()
    if crate == "related_news":
        return f"related_news::{first}" + (f"::{second}" if second and first in ("web", "manifest", "rank") else "")
    return f"{crate}::{first}" if crate in ("core", "alloc", "std") else crate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--named", required=True, help="the wasm built with names kept")
    parser.add_argument("--dist", required=True, help="the folder make dist writes (the shipped wasm and loader)")
    parser.add_argument("--top", type=int, default=25, help="how many single items to list")
    args = parser.parse_args()

    print("Code a page loads (as make dist writes it):")
    files = [(path.name, path.read_bytes()) for path in sorted(Path(args.dist).iterdir())]
    for name, data in files:
        print(f"  {name:<32} {len(data):>9,} B raw {gzipped_size(data):>9,} B gzipped")
    # The totals as make dist and make size-check count them: each module's files in one gzip stream.
    for title, names in (("the panel (every page)", PANEL_FILES), ("the subscription module (when shown)", SUBSCRIBE_FILES), ("the reader module (a manifest or feed as index, a page not in it)", READER_FILES)):
        joined = b"".join(data for name, data in files if name in names)
        print(f"  {title:<40} {len(joined):>9,} B raw {gzipped_size(joined):>9,} B gzipped")
    print("The parts below are the panel's wasm (related_news_bg.wasm).")

    listing = subprocess.run(["twiggy", "top", "-n", "1000000", "--format", "csv", args.named], check=True, capture_output=True, text=True).stdout
    rows = [row for row in csv.DictReader(io.StringIO(listing)) if not row["Name"].startswith(("custom section", '"function names"'))]
    by_group = collections.Counter()
    for row in rows:
        by_group[group_of(row["Name"])] += int(row["ShallowSize"])
    code = sum(by_group.values())
    print(f"\nThe wasm by part ({code:,} B without names; shares of that):")
    for group, size in by_group.most_common(30):
        print(f"  {size:>8,} B {100 * size / code:5.1f}%  {group}")
    rest = sum(size for _, size in by_group.most_common()[30:])
    print(f"  {rest:>8,} B {100 * rest / code:5.1f}%  ({len(by_group) - 30} smaller parts)")

    print(f"\nThe {args.top} heaviest single items:")
    rows.sort(key=lambda row: int(row["ShallowSize"]), reverse=True)
    for row in rows[: args.top]:
        print(f"  {int(row['ShallowSize']):>8,} B  {row['Name'][:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
