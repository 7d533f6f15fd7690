#!/usr/bin/env python3
"""report_png_check.py FILE WIDTH HEIGHT [#rrggbb...]: the HTML report's
screenshot check (tests/report_html_test.cpp). Exit 0 when FILE is a PNG of
WIDTH x HEIGHT that shows something (at least 24 colours, no colour on more
than 97% of the pixels) and each colour given covers at least 40 pixels
(within 3 per channel: colour management may shift a solid fill by one).
Decodes 8-bit RGB/RGBA, non-interlaced PNG with the standard library."""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main(argv):
    width, height, channels, rows = decode(argv[1])
    ok = True
    if (width, height) != (int(argv[2]), int(argv[3])):
        print(f"{argv[1]} is {width}x{height}, expected {argv[2]}x{argv[3]}", file=sys.stderr)
        ok = False
    counts = {}
    for line in rows:
        for x in range(0, len(line), channels):
            key = line[x:x + 3]
            counts[key] = counts.get(key, 0) + 1
    total = width * height
    top = max(counts.values())
    if len(counts) < 24 or top > 0.97 * total:
        print(f"blank-looking page: {len(counts)} colours, the commonest on {top / total:.1%}", file=sys.stderr)
        ok = False
    for hexcolour in argv[4:]:
        want = bytes.fromhex(hexcolour.lstrip("#"))
        n = sum(c for k, c in counts.items() if all(abs(k[i] - want[i]) <= 3 for i in range(3)))
        if n < 40:
            print(f"colour {hexcolour}: {n} pixels, expected at least 40", file=sys.stderr)
            ok = False
        else:
            print(f"colour {hexcolour}: {n} pixels")
    print(f"{width}x{height}, {len(counts)} colours")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
