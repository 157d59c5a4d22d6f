"""The rendered body handed to lxml in slices, each given up once parsed.

docxtpl renders the body to one string and parses it (``fix_tables``) while its ``render``
still holds that string: for an all-members 履职档案 of a city the string is 58 million
characters (116 MB, two bytes a character) held beside the 660 MB tree being built. Here
the string is cut into slices as soon as it is rendered and freed; the slices are fed to
the same parser one by one and dropped as they go, so the tree grows as the text shrinks.

The tree is the same one ``fix_tables`` would build (the same parser, fed the same text);
whether one of its tables needs docxtpl's column fix is decided on it, and in that rare case
(a ``{%tc for %}`` that adds cells) docxtpl's own ``fix_tables`` runs on it as before.
"""

from __future__ import annotations

from lxml import etree

SLICE = 1 << 20  # characters a slice


class RenderedXml:
    """A rendered part's XML as consecutive slices; ``parse`` consumes them."""

    def __init__(self, xml: str) -> None:
        self._slices = [xml[i:i + SLICE] for i in range(0, len(xml), SLICE)]
        self._slices.reverse()  # popped from the end: first slice first

    def parse(self) -> etree._Element:
        """The tree ``etree.fromstring(xml, XMLParser(recover=True))`` gives (docxtpl's
        ``fix_tables``), each slice freed once fed."""
        parser = etree.XMLParser(recover=True)
        while self._slices:
            parser.feed(self._slices.pop())
        root: etree._Element = parser.close()
        return root


def _span(cell: etree._Element, w: str) -> int:
    pr = cell.find(w + "tcPr")
    span = None if pr is None else pr.find(w + "gridSpan")
    return 1 if span is None else int(span.get(w + "val"))  # type: ignore[arg-type]


def tables_need_fixing(tree: etree._Element) -> bool:
    """Whether docxtpl's ``fix_tables`` would change any table of ``tree``: a row with more
    cells than the grid has columns, or grid columns that no row fills (its only two edits).
    Anything it could not read (no grid, a malformed span) counts as yes, so that docxtpl's
    own pass runs and behaves (or fails) exactly as before."""
    ns = tree.nsmap.get("w")
    if ns is None:
        return True
    w = f"{{{ns}}}"
    try:
        for table in tree.iter(w + "tbl"):
            grid = table.find(w + "tblGrid")
            if grid is None:
                return True
            columns = len(grid.findall(w + "gridCol"))
            widest = 0
            for row in table.iter(w + "tr"):
                cells = row.findall(w + "tc")
                if len(cells) > columns:
                    return True
                widest = max(widest, sum(_span(c, w) for c in cells))
            if columns > widest:
                return True
    except (TypeError, ValueError):
        return True
    return False
