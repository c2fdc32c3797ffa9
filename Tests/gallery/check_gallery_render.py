#!/usr/bin/env python3
"""Renders docs/gallery/index.html (every figure kind) in headless Chromium and checks the
screenshot is a real picture: the right size, mostly white page, and a fair share of coloured,
non-white pixels from plot marks. Standard library only (PNG decoded with zlib)."""
import os, pathlib, shutil, struct, subprocess, sys, tempfile, zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "headless_shell"):
        path = shutil.which(name)
        if path:
            return path
    return None


def decode_png(data):
    """Returns (width, height, rows of RGB(A) tuples) for 8-bit RGB/RGBA PNGs."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if tag == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), f"unsupported PNG (depth {depth}, colour type {color})"
            channels = 3 if color == 2 else 4
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main():
    folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "gallery"
    index = folder / "index.html"
    if not index.exists():
        sys.exit(f"FAIL: {index} missing; run `make gallery` first")
    chromium = find_chromium()
    if not chromium:
        sys.exit("FAIL: no Chromium found; scripts/install-system-deps.sh installs Debian's chromium")
    with tempfile.TemporaryDirectory() as tmp:
        shot = pathlib.Path(tmp) / "gallery.png"
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--user-data-dir={tmp}/profile", "--window-size=1100,6000", f"--screenshot={shot}", index.as_uri()]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)
        if not shot.exists():
            sys.exit("FAIL: Chromium wrote no screenshot")
        width, height, channels, rows = decode_png(shot.read_bytes())
    total = colored = nonwhite = 0
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            r, g, b = row[x], row[x + 1], row[x + 2]
            total += 1
            if r < 245 or g < 245 or b < 245:
                nonwhite += 1
            if max(r, g, b) - min(r, g, b) > 60:
                colored += 1
    share, colour_share = nonwhite / total, colored / total
    print(f"gallery screenshot {width}x{height}: {share:.1%} non-white, {colour_share:.1%} coloured pixels")
    if share < 0.02 or colour_share < 0.01:
        sys.exit("FAIL: the gallery rendered blank (or without coloured marks)")


if __name__ == "__main__":
    main()
