"""Compare two folders of drafts made by two versions of the program (same names in both):
every part of each .docx byte for byte (docProps/core.xml apart: it holds the time) and its
text by python-docx; every sheet of each 数据底稿 .xlsx cell by cell by openpyxl — values,
links, bold/underline/wrap, frozen panes, filters, column widths (the 生成时间 row apart).

    python scripts/compare_drafts.py FOLDER_A FOLDER_B

Prints each difference and exits 1 if there is any (used for branch report3 against main on
the county demo and a city-decade year: docs/BENCHMARKS.md)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from docx import Document


def _docx(a: Path, b: Path) -> list[str]:
    out = []
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        if za.namelist() != zb.namelist():
            out.append(f"{a.name}: parts differ")
        for name in za.namelist():
            if name != "docProps/core.xml" and name in zb.namelist() \
                    and za.read(name) != zb.read(name):
                out.append(f"{a.name}: {name} differs")
    texts = [[p.text for p in Document(str(f)).paragraphs] for f in (a, b)]
    if texts[0] != texts[1]:
        out.append(f"{a.name}: text differs")
    return out


def _cells(ws: Any) -> list[list[tuple[Any, ...]]]:
    rows = [[(c.value, c.hyperlink.location if c.hyperlink else None, c.font.b, c.font.u,
              c.alignment.wrap_text) for c in row] for row in ws.iter_rows()]
    return [r for r in rows if not r or r[0][0] != "生成时间"]


def _xlsx(a: Path, b: Path) -> list[str]:
    wa, wb = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    if wa.sheetnames != wb.sheetnames:
        return [f"{a.name}: sheets differ"]
    out = []
    for sa, sb in zip(wa.worksheets, wb.worksheets, strict=True):
        if _cells(sa) != _cells(sb):
            out.append(f"{a.name}: cells of {sa.title} differ")
        layout = [(s.freeze_panes, s.auto_filter.ref,
                   {k: v.width for k, v in s.column_dimensions.items()}) for s in (sa, sb)]
        if layout[0] != layout[1]:
            out.append(f"{a.name}: layout of {sa.title} differs")
    if wa.active.title != wb.active.title:  # type: ignore[union-attr]
        out.append(f"{a.name}: active sheet differs")
    return out


def main(first: str, second: str) -> int:
    differences: list[str] = []
    files = sorted(Path(first).glob("*.docx")) + sorted(Path(first).glob("*.xlsx"))
    for a in files:
        b = Path(second) / a.name
        if not b.exists():
            differences.append(f"{a.name}: missing in {second}")
            continue
        differences += _docx(a, b) if a.suffix == ".docx" else _xlsx(a, b)
    print("\n".join(differences) or f"{len(files)} files: no difference")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
