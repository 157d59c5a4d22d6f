#!/usr/bin/env python3
"""Generate ``resources/data/strokes.tsv``, the character table behind 姓氏笔画 ordering.

Run once, from the repository root, on a Debian/Ubuntu machine with the ``unicode-data`` package
and ``npm`` (the npm package is fetched into a temporary directory and never kept)::

    python scripts/gen_stroke_table.py
    python scripts/gen_stroke_table.py --cnchar-order /tmp/cnchar-order-3.2.6.tgz   # offline

It writes ``resources/data/strokes.tsv``, ``STROKES_SOURCES.md`` and ``LICENSE-cnchar.txt`` beside
it and prints a report (coverage, corrected characters, stroke-count disagreements).
``LICENSE-Unicode.txt`` there is kept by hand.

Sources and licences:

* Unihan database (Unicode licence, https://www.unicode.org/license.txt), as shipped by Debian's
  ``unicode-data`` package under /usr/share/unicode: ``kTotalStrokes`` (total strokes; the first
  value, which Unihan gives for simplified Chinese, is used) from ``Unihan_IRGSources.txt`` and
  ``kTGH`` (the 8,105 characters of 通用规范汉字表, 2013) from ``Unihan_OtherMappings.txt``.
* npm package ``cnchar-order`` (MIT, © theajack), pinned below: stroke order of 6,939 characters as
  one letter per stroke. Its own stroke table (letter → name, type) is read from the package
  and each letter is mapped to the five GB classes: 横 and 提 → 1; 竖 and 竖钩 → 2; 撇 → 3; 点 (both
  of cnchar's dot letters) and 捺 → 4; every turning stroke (cnchar type 折笔: 横折, 横撇/横钩,
  竖弯钩, 竖提, 撇折, 撇点, 斜钩, 弯钩 …) → 5. 竖钩 is typed 折笔 by cnchar but counts as 竖 in
  the GB five-class order (丁 = 12).
* ``cnchar-data`` is not used: it holds drawing outlines (from Make Me a Hanzi, Arphic licence).
* ``CORRECTIONS`` below: characters whose cnchar sequence contradicts the standard stroke order of
  their components (for example 德 has 十 = 12, cnchar wrote 13); each correction is derived from
  the components and agrees with Unihan's stroke count.

Where a sequence's length disagrees with kTotalStrokes, the sequence length is used (sorting
compares sequences of equal length) and the character is reported. Characters of 通用规范汉字表
without a sequence get their total only; the application sorts them after the fully known
characters with the same number of strokes.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CNCHAR_ORDER = "cnchar-order"
CNCHAR_ORDER_VERSION = "3.2.6"
UNIHAN_DIRS = (Path("/usr/share/unicode"), Path("/usr/share/unicode-data"))
REPO = Path(__file__).resolve().parents[1]
OUT_TABLE = REPO / "resources" / "data" / "strokes.tsv"
OUT_SOURCES = REPO / "resources" / "data" / "STROKES_SOURCES.md"
OUT_CNCHAR_LICENCE = REPO / "resources" / "data" / "LICENSE-cnchar.txt"

#: cnchar stroke names → GB class; every other stroke of type 折笔 is class 5.
CLASS_BY_NAME = {
    "横": "1",
    "提": "1",
    "竖": "2",
    "竖钩": "2",
    "撇": "3",
    "点": "4",
    "点2": "4",
    "捺": "4",
}

#: Hand-checked corrections: character → (sequence, derivation).
CORRECTIONS: dict[str, tuple[str, str]] = {
    "皙": ("1234331232511", "析 12343312 + 白 32511 (cnchar dropped 白's first 撇)"),
    "炽": ("433425134", "火 4334 + 只 25134 (八 is 撇 点)"),
    "德": ("332122522114544", "彳 332 + 十 12 + 罒 25221 + 一 1 + 心 4544"),
    "邶": ("2113552", "北 21135 + 阝 52"),
    "膝": ("351112343424134", "月 3511 + 木 1234 + 人 34 + 氺 24134 (as in 漆)"),
    "黏": ("31234342413421251", "黍 312343424134 + 占 21251"),
    "麟": ("41352211535431234354152", "鹿 41352211535 + 米 431234 + 舛 354152"),
}


def open_unihan(name: str) -> Iterator[str]:
    """Lines of a Unihan file, plain or compressed, from the first directory that has it."""
    for directory in UNIHAN_DIRS:
        for suffix, opener in (("", open), (".bz2", bz2.open), (".gz", gzip.open)):
            path = directory / (name + suffix)
            if path.exists():
                with opener(path, "rt", encoding="utf-8") as handle:
                    yield from handle
                return
        archive = directory / "Unihan.zip"
        if archive.exists():
            with zipfile.ZipFile(archive) as zipped:
                yield from zipped.read(name).decode("utf-8").splitlines()
            return
    raise SystemExit(
        f"{name} not found in {', '.join(map(str, UNIHAN_DIRS))}: install unicode-data"
    )


def unihan_field(file_name: str, field: str) -> dict[str, str]:
    values = {}
    for line in open_unihan(file_name):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3 and parts[1] == field:
            values[chr(int(parts[0][2:], 16))] = parts[2]
    return values


def unihan_version() -> str:
    for line in open_unihan("Unihan_IRGSources.txt"):
        if line.startswith("# Unicode version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def fetch_cnchar(given: Path | None, workdir: Path) -> tuple[str, str]:
    """(cnchar.order.min.js, LICENSE) from the package .tgz, fetched with ``npm pack`` if needed."""
    if given is None:
        spec = f"{CNCHAR_ORDER}@{CNCHAR_ORDER_VERSION}"
        subprocess.run(["npm", "pack", spec], cwd=workdir, check=True, capture_output=True)
        given = next(workdir.glob(f"{CNCHAR_ORDER}-*.tgz"))
    texts = []
    with tarfile.open(given) as tar:
        for name in ("cnchar.order.min.js", "LICENSE"):
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"{given}: no package/{name}")
            texts.append(member.read().decode("utf-8"))
    return texts[0], texts[1]


def parse_cnchar(js: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(character → stroke letters, letter → stroke description) from the bundled JSON literals."""
    orders: dict[str, str] = {}
    strokes: dict[str, dict[str, str]] = {}
    for match in re.finditer(r"JSON\.parse\('((?:[^'\\]|\\.)*)'\)", js):
        if "\\" in match.group(1):
            raise SystemExit("unexpected escape in cnchar data: update the parser")
        data = json.loads(match.group(1))
        if all(isinstance(v, dict) for v in data.values()):
            strokes = data
        else:
            orders = data
    if not orders or not strokes:
        raise SystemExit("cnchar-order data not found: has the package layout changed?")
    return orders, strokes


def letter_classes(strokes: dict[str, dict[str, str]]) -> dict[str, str]:
    """Map every cnchar stroke letter to a GB class digit, refusing anything unexpected."""
    classes = {}
    for letter, info in strokes.items():
        names = info["name"].split("|")
        known = {CLASS_BY_NAME[n] for n in names if n in CLASS_BY_NAME}
        if known and len(known) == 1 and all(n in CLASS_BY_NAME for n in names):
            classes[letter] = known.pop()
        elif not known and info["type"] == "折笔":
            classes[letter] = "5"
        else:
            raise SystemExit(f"cannot classify cnchar stroke {letter}: {info}")
    return classes


def build(cnchar_path: Path | None) -> tuple[list[tuple[str, int, str]], dict[str, Any]]:
    totals = unihan_field("Unihan_IRGSources.txt", "kTotalStrokes")
    standard = unihan_field("Unihan_OtherMappings.txt", "kTGH")
    with tempfile.TemporaryDirectory() as tmp:
        js, licence = fetch_cnchar(cnchar_path, Path(tmp))
    orders, strokes = parse_cnchar(js)
    classes = letter_classes(strokes)
    rows: dict[str, tuple[int, str]] = {}
    disagreements = []
    for char, letters in orders.items():
        sequence = "".join(classes[letter] for letter in letters)
        if char in CORRECTIONS:
            sequence = CORRECTIONS[char][0]
        unihan = totals.get(char, "").split()
        if unihan and int(unihan[0]) != len(sequence):
            disagreements.append(f"{char} kTotalStrokes {unihan[0]}, sequence {len(sequence)}")
        rows[char] = (len(sequence), sequence)
    count_only = [c for c in standard if c not in rows and c in totals]
    for char in count_only:
        rows[char] = (int(totals[char].split()[0]), "")
    table = sorted(((c, total, seq) for c, (total, seq) in rows.items()), key=lambda r: ord(r[0]))
    stats = {
        "unihan": unihan_version(),
        "cnchar": len(orders),
        "classes": classes,
        "standard": len(standard),
        "standard_with_sequence": sum(1 for c in standard if rows.get(c, (0, ""))[1]),
        "standard_levels": level_coverage(standard, rows),
        "count_only": len(count_only),
        "missing": [c for c in standard if c not in rows],
        "disagreements": disagreements,
        "rows": len(table),
        "cnchar_licence": licence.strip(),
    }
    return table, stats


def level_coverage(standard: dict[str, str], rows: dict[str, tuple[int, str]]) -> list[str]:
    """Per level of 通用规范汉字表 (一级 1–3500, 二级 3501–6500, 三级 6501–8105)."""
    bounds = (("一级", 1, 3500), ("二级", 3501, 6500), ("三级", 6501, 8105))
    lines = []
    for label, low, high in bounds:
        chars = [c for c, v in standard.items() if low <= int(v.split(":")[1]) <= high]
        full = sum(1 for c in chars if rows.get(c, (0, ""))[1])
        lines.append(f"{label}: {len(chars)} characters, {full} with stroke sequence")
    return lines


def write_table(table: list[tuple[str, int, str]]) -> None:
    with OUT_TABLE.open("w", encoding="utf-8", newline="\n") as out:
        out.write("char\ttotal\tsequence\n")
        for char, total, sequence in table:
            out.write(f"{char}\t{total}\t{sequence}\n")


def write_sources(stats: dict[str, Any]) -> None:
    classes = stats["classes"]
    assert isinstance(classes, dict)
    mapping = ", ".join(f"{k}→{v}" for k, v in sorted(classes.items()))
    corrections = "\n".join(f"- {c} {s}: {why}" for c, (s, why) in CORRECTIONS.items())
    disagreements = "\n".join(f"- {d}" for d in stats["disagreements"]) or "- none"
    levels = "\n".join(f"- {line}" for line in stats["standard_levels"])
    size = OUT_TABLE.stat().st_size
    OUT_SOURCES.write_text(
        f"""# strokes.tsv: sources and licences

Generated by `scripts/gen_stroke_table.py` (run it again to regenerate; see its docstring).
Columns: `char`, `total` (number of strokes), `sequence` (one digit per stroke in the GB five-class
order 1 横/提, 2 竖/竖钩, 3 撇, 4 点/捺, 5 折; empty when unknown). UTF-8, one header line.

## Sources

- Total strokes (`kTotalStrokes`, first value) and membership of 通用规范汉字表 (`kTGH`):
  Unihan database, Unicode {stats["unihan"]}, from Debian's package `unicode-data`.
  Licence: Unicode License Agreement (`LICENSE-Unicode.txt`; https://www.unicode.org/license.txt).
- Stroke sequences: npm package `{CNCHAR_ORDER}` {CNCHAR_ORDER_VERSION}
  (https://github.com/theajack/cnchar).
  Licence: MIT, © 2017–present theajack (`LICENSE-cnchar.txt`).
- {len(CORRECTIONS)} corrected sequences: derived by hand from the characters' components
  (listed below); part of this project.

cnchar letter → class: {mapping}.

## Counts

- rows: {stats["rows"]} ({size:,} bytes)
- characters with a stroke sequence from cnchar-order: {stats["cnchar"]}
- 通用规范汉字表 (2013): {stats["standard"]} characters, all with a total stroke count, \
{stats["standard_with_sequence"]} with a stroke sequence; {stats["count_only"]} have the total only
{levels}
- 通用规范汉字表 characters missing entirely: {len(stats["missing"])}

Characters with a total but no sequence sort after the fully known characters with the same
number of strokes (then by code point) and are reported by `app.text.strokes.unknown_characters`.

## Corrections to cnchar-order

{corrections}

## Stroke-count disagreements (sequence length used)

{disagreements}

## Licences

strokes.tsv is a modified, derived form of both sources (selected, combined and corrected as
described above). Their licence texts are kept beside it: `LICENSE-cnchar.txt` (copied from
the npm package by the generator) and `LICENSE-Unicode.txt` (Unicode, Inc. licence agreement for
data files, the version covering Unicode 15.0).
""",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cnchar-order", type=Path, help="package .tgz made by npm pack")
    args = parser.parse_args(argv)
    table, stats = build(args.cnchar_order)
    write_table(table)
    write_sources(stats)
    OUT_CNCHAR_LICENCE.write_text(str(stats["cnchar_licence"]) + "\n", encoding="utf-8")
    print(f"wrote {OUT_TABLE.relative_to(REPO)}: {stats['rows']} rows")
    for line in stats["standard_levels"]:
        print("  " + line)
    print(f"  corrected: {''.join(CORRECTIONS)}")
    for line in stats["disagreements"]:
        print("  count disagreement: " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
