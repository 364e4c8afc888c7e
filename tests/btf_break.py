#!/usr/bin/env python3
"""Copies a BPF object, giving every BTF FUNC an invalid linkage (vlen 7): the
kernel refuses such BTF, barebpf's own parser does not care. For the test that
a kernel refusing an object's BTF still gets its programs."""
import struct
import sys

EXTRA = {1: 4, 3: 12, 4: 12, 5: 12, 6: 8, 13: 8, 14: 4, 15: 12, 17: 4, 19: 12}


def sections(data):
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3a)
    hdrs = [struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize) for i in range(shnum)]
    strtab = hdrs[shstrndx][4]
    for h in hdrs:
        name = data[strtab + h[0]:data.index(b'\0', strtab + h[0])].decode()
        yield name, h[4], h[5]


def main(src, dst):
    data = bytearray(open(src, 'rb').read())
    off = next(o for n, o, _ in sections(data) if n == '.BTF')
    hdr_len, type_off, type_len = struct.unpack_from('<III', data, off + 4)
    p = off + hdr_len + type_off
    end = p + type_len
    broken = 0
    while p < end:
        name_off, info, size = struct.unpack_from('<III', data, p)
        kind, vlen = (info >> 24) & 0x1f, info & 0xffff
        if kind == 12:
            struct.pack_into('<I', data, p + 4, (info & ~0xffff) | 7)
            broken += 1
        extra = EXTRA.get(kind, 0)
        p += 12 + (extra * vlen if kind in (4, 5, 6, 13, 15, 19) else extra)
    open(dst, 'wb').write(data)
    print(f'{broken} FUNC types broken')


main(sys.argv[1], sys.argv[2])
