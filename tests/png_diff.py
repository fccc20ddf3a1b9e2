#!/usr/bin/python3
"""png_diff.py GOT.png REFERENCE.png [MAX_SHARE]: compares two screenshots.

Decodes both PNGs with zlib alone (8-bit greyscale, RGB or RGBA,
non-interlaced: what Chromium writes) and counts the pixels whose colour
differs by more than 48 in any channel. Passes (exit 0) when the sizes are
equal and that share is at most MAX_SHARE (default 0.005, 0.5%): text
anti-aliasing may move, a chart or a table may not. Prints the share."""
import struct
import sys
import zlib


def decode(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit(f'{path}: not a PNG')
    at, idat, width = 8, b'', 0
    while at < len(data):
        length, kind = struct.unpack('>I4s', data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b'IHDR':
            width, height, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or colour not in (0, 2, 6) or interlace:
                sys.exit(f'{path}: only 8-bit grey, RGB or RGBA, non-interlaced')
            channels = {0: 1, 2: 3, 6: 4}[colour]
        elif kind == b'IDAT':
            idat += body
        at += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    low = int.from_bytes(b'\x7f' * stride, 'big')
    high = int.from_bytes(b'\x80' * stride, 'big')
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 2:
            # Up, all bytes at once: a byte-wise sum modulo 256 on big integers.
            a, b = int.from_bytes(line, 'big'), int.from_bytes(prev, 'big')
            line = bytearray((((a & low) + (b & low)) ^ ((a ^ b) & high)).to_bytes(stride, 'big'))
            f = 0
        for i in range(stride if f else 0):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main():
    got, ref = decode(sys.argv[1]), decode(sys.argv[2])
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 0.005
    if got[:2] != ref[:2]:
        print(f'sizes differ: {got[0]}x{got[1]} against {ref[0]}x{ref[1]}')
        sys.exit(1)
    width, height = got[:2]
    differ = 0
    for y in range(height):
        g, r = got[3][y], ref[3][y]
        if g == r and got[2] == ref[2]:
            continue
        for x in range(width):
            gp = g[x * got[2]:x * got[2] + 3] if got[2] >= 3 else g[x:x + 1] * 3
            rp = r[x * ref[2]:x * ref[2] + 3] if ref[2] >= 3 else r[x:x + 1] * 3
            if max(abs(p - q) for p, q in zip(gp, rp)) > 48:
                differ += 1
    share = differ / (width * height)
    print(f'{differ} of {width * height} pixels differ ({share:.4%}; at most {limit:.2%})')
    sys.exit(0 if share <= limit else 1)


if __name__ == '__main__':
    main()
