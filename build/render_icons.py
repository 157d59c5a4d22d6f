"""Render ``resources/icons/zxlz.svg`` to the PNG sizes and the Windows ``zxlz.ico``.

    python build/render_icons.py

Run it after editing the SVG and commit the results: the spec, the installer and the .deb use the
rendered files, and rendering needs Qt's SVG module, which a packaging machine may not load.
Uses Qt offscreen (QSvgRenderer → QImage); no other image library.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SOURCE = ICONS / "zxlz.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 256)
BMP_MAX = 48  # sizes up to this are stored as classic bitmaps in the ICO, larger ones as PNG


def render(size: int) -> tuple[bytes, bytes]:
    """The icon at ``size``×``size``: (PNG bytes, bottom-up BGRA pixel rows)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)  # little-endian: B, G, R, A bytes
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    rows = [bytes(image.constScanLine(y))[: size * 4] for y in range(size)]
    return bytes(data.data()), b"".join(reversed(rows))


def ico_bitmap(size: int, bgra_bottom_up: bytes) -> bytes:
    """A 32-bit DIB as stored in an ICO: header with doubled height, pixels, an all-zero mask."""
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    mask_row = ((size + 31) // 32) * 4
    return header + bgra_bottom_up + bytes(mask_row * size)


def ico(images: list[tuple[int, bytes]]) -> bytes:
    """An ICO file from (size, entry bytes) pairs; 256 is written as 0 in the directory."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, blob in images:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return out + b"".join(blob for _size, blob in images)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    entries: list[tuple[int, bytes]] = []
    for size in sorted(set(PNG_SIZES) | set(ICO_SIZES)):
        png, pixels = render(size)
        if size in PNG_SIZES:
            (ICONS / f"zxlz-{size}.png").write_bytes(png)
        if size in ICO_SIZES:
            entries.append((size, ico_bitmap(size, pixels) if size <= BMP_MAX else png))
    (ICONS / "zxlz.ico").write_bytes(ico(entries))
    print(f"rendered {len(PNG_SIZES)} PNG files and zxlz.ico ({len(entries)} sizes) in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
