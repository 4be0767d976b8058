"""Draw the site's app icons (site_overrides/assets/icons/*.png) with the standard library (zlib, struct).

A white L on the primary blue, as the favicon draws it, 4x4 supersampled. Maskable: full bleed, the mark scaled into
the central safe circle. Run ``python -m devtools.make_icons`` after changing the mark or the colours.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

BLUE = (0x0B, 0x4F, 0x8A)
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).resolve().parents[1] / "site_overrides" / "assets" / "icons"
SS = 4


def coverage(size, inside):
    step = 512 / (size * SS)
    offsets = [(i + 0.5) * step for i in range(SS)]
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            hits = 0
            for oy in offsets:
                y = py * SS * step + oy
                for ox in offsets:
                    if inside(px * SS * step + ox, y):
                        hits += 1
            row.append(hits / (SS * SS))
        rows.append(row)
    return rows


def rounded_rect(r):
    def inside(x, y):
        dx = max(r - x, x - (512 - r), 0)
        dy = max(r - y, y - (512 - r), 0)
        return dx * dx + dy * dy <= r * r

    return inside


def mark(scale):
    # The favicon's L (M6 3 v8.5 h5, stroke 2.2, in a 16 box) at 32 units per favicon unit.
    w = 35.2

    def inside(x, y):
        x = (x - 256) / scale + 256
        y = (y - 256) / scale + 256
        vertical = abs(x - 192) <= w and 96 <= y <= 368 + w
        horizontal = abs(y - 368) <= w and 192 - w <= x <= 352
        return vertical or horizontal

    return inside


def png(path, size, background, mark_scale):
    bg = coverage(size, background) if background else [[1.0] * size for _ in range(size)]
    fg = coverage(size, mark(mark_scale))
    raw = bytearray()
    for y in range(size):
        raw.append(0)
        for x in range(size):
            f = fg[y][x]
            raw.extend(round(BLUE[i] * (1 - f) + WHITE[i] * f) for i in range(3))
            raw.append(round(bg[y][x] * 255))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    body += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    path.write_bytes(body)


def main() -> None:
    png(OUT / "icon-192.png", 192, rounded_rect(96), 1.0)
    png(OUT / "icon-512.png", 512, rounded_rect(96), 1.0)
    png(OUT / "icon-maskable-512.png", 512, None, 0.8)
    png(OUT / "apple-touch-icon.png", 180, None, 0.85)  # iOS rounds the corners itself and wants no transparency


if __name__ == "__main__":
    main()
