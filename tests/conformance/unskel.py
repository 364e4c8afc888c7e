#!/usr/bin/env python3
"""unskel.py OUTDIR BINARY... -- write the BPF objects a libbpf skeleton
embeds in each BINARY as OUTDIR/<binary>.bpf.o (a second one as .2.bpf.o).

Debian's mirror here serves bcc's binary packages but not its source
tarballs, so libbpf-tools' objects are taken from the tools themselves: a
skeleton keeps the whole ELF object as one byte string in .rodata. An ELF
header of machine EM_BPF (247) starts it; LLVM writes the section header
table last, so the object ends at e_shoff + e_shnum * e_shentsize."""
import os
import struct
import sys

EM_BPF = 247


def objects(data):
    at = data.find(b"\x7fELF\x02\x01")
    while at >= 0:
        machine, = struct.unpack_from("<H", data, at + 18)
        if machine == EM_BPF:
            shoff, = struct.unpack_from("<Q", data, at + 40)
            shentsize, shnum = struct.unpack_from("<HH", data, at + 58)
            end = at + shoff + shnum * shentsize
            if shnum and end <= len(data):
                yield data[at:end]
                at = end
                at = data.find(b"\x7fELF\x02\x01", at)
                continue
        at = data.find(b"\x7fELF\x02\x01", at + 1)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        for i, obj in enumerate(objects(data)):
            name = os.path.basename(path) + ("" if i == 0 else ".%d" % (i + 1))
            with open(os.path.join(out, name + ".bpf.o"), "wb") as f:
                f.write(obj)


main()
