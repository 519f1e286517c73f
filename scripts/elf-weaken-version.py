#!/usr/bin/env python3
"""Marks one symbol-version requirement of an ELF shared library as weak (VER_FLG_WEAK).

    python3 scripts/elf-weaken-version.py LIBRARY NEEDED_FILE VERSION [--check]

e.g.  python3 scripts/elf-weaken-version.py libLibTorchSharp.so libstdc++.so.6 GLIBCXX_3.4.32

Why: the dynamic loader refuses to load a library when a version it requires (an entry of `.gnu.version_r`,
"version needs") is missing from the library that should provide it. For an entry flagged VER_FLG_WEAK it
only notes the absence and loads. That is safe exactly when no relocation of the library refers to a symbol
of that version: then the loader never looks such a symbol up. This script checks that condition and
refuses (exit 4, naming the symbols) when it does not hold, instead of producing a library that would fail
later with an unresolved symbol.

libLibTorchSharp.so of TorchSharp 0.107.0 is built with GCC 13: its only GLIBCXX_3.4.32 symbol is
std::ios_base_library_init(), which GCC 13's <iostream> references from every translation unit only to pull
libstdc++'s stream initialisation into the link; nothing calls it, no relocation refers to it. An older
libstdc++ initialises the standard streams itself.

Exit status: 0 when the entry is weak now (flipped, or it already was); 1 when the library has no such
entry; 2 on a malformed file or bad arguments; 4 when a relocation uses a symbol of that version (nothing
written). With --check nothing is written: 0 when the entry is weak, 3 when it is strong, 1 when absent.
Prints the symbols bound to the version. Only 64-bit little-endian ELF (the x86-64 and arm64 libraries
TorchSharp ships for Linux). The file is modified in place (2 bytes).
"""
import struct
import sys

VER_FLG_WEAK = 0x2
SHT_RELA = 4
SHT_DYNSYM = 11
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF


def c_string(data: bytes, offset: int) -> str:
    return data[offset:data.index(b"\0", offset)].decode("ascii", errors="replace")


class Elf:
    def __init__(self, data: bytes):
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise ValueError("not a 64-bit little-endian ELF file")
        self.data = data
        (shoff,) = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        self.sections = []
        for i in range(shnum):
            base = shoff + i * shentsize
            (sh_type,) = struct.unpack_from("<I", data, base + 4)
            sh_offset, sh_size = struct.unpack_from("<QQ", data, base + 0x18)
            sh_link, sh_info = struct.unpack_from("<II", data, base + 0x28)
            (sh_entsize,) = struct.unpack_from("<Q", data, base + 0x38)
            self.sections.append((sh_type, sh_offset, sh_size, sh_link, sh_info, sh_entsize))

    def of_type(self, wanted):
        return [s for s in self.sections if s[0] == wanted]

    def requirement(self, needed_file: str, version: str):
        """(offset of vna_flags, version index) of the matching Vernaux entry, or None."""
        data = self.data
        for _type, offset, _size, link, count, _entsize in self.of_type(SHT_GNU_VERNEED):
            strings = self.sections[link][1]
            need = offset
            for _ in range(count):
                _vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, need)
                aux = need + vn_aux
                for _ in range(vn_cnt):
                    _hash, _flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
                    if c_string(data, strings + vn_file) == needed_file and c_string(data, strings + vna_name) == version:
                        return aux + 4, vna_other
                    aux += vna_next
                if vn_next == 0:
                    break
                need += vn_next
        return None

    def symbols_of_version(self, version_index: int):
        """{dynsym index: name} of the dynamic symbols bound to the version index."""
        data = self.data
        dynsym = self.of_type(SHT_DYNSYM)
        versym = self.of_type(SHT_GNU_VERSYM)
        if not dynsym or not versym:
            return {}
        _t, sym_offset, sym_size, sym_link, _i, sym_entsize = dynsym[0]
        strings = self.sections[sym_link][1]
        versions = versym[0][1]
        result = {}
        for index in range(sym_size // sym_entsize):
            (version,) = struct.unpack_from("<H", data, versions + 2 * index)
            if version & 0x7FFF == version_index:
                (st_name,) = struct.unpack_from("<I", data, sym_offset + index * sym_entsize)
                result[index] = c_string(data, strings + st_name)
        return result

    def relocated_symbols(self):
        """Indices of the dynamic symbols that some RELA relocation refers to."""
        referenced = set()
        for _type, offset, size, _link, _info, entsize in self.of_type(SHT_RELA):
            for at in range(offset, offset + size, entsize or 24):
                (r_info,) = struct.unpack_from("<Q", self.data, at + 8)
                referenced.add(r_info >> 32)
        return referenced


def main(argv) -> int:
    args = [a for a in argv[1:] if a != "--check"]
    check_only = "--check" in argv[1:]
    if len(args) != 3:
        print("usage: elf-weaken-version.py LIBRARY NEEDED_FILE VERSION [--check]", file=sys.stderr)
        return 2
    path, needed_file, version = args
    with open(path, "rb") as f:
        data = f.read()
    try:
        elf = Elf(data)
        found = elf.requirement(needed_file, version)
        if found is None:
            return 1
        flags_at, version_index = found
        symbols = elf.symbols_of_version(version_index)
        used = sorted(name for index, name in symbols.items() if index in elf.relocated_symbols())
    except (ValueError, struct.error, IndexError) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    print(f"symbols of {version}: {', '.join(sorted(symbols.values())) or 'none'}")
    (flags,) = struct.unpack_from("<H", data, flags_at)
    if flags & VER_FLG_WEAK:
        return 0
    if check_only:
        return 3
    if used:
        print(f"{path}: relocations refer to {', '.join(used)} ({version}); a weak requirement would leave them "
              "unresolved: not patched", file=sys.stderr)
        return 4
    with open(path, "r+b") as f:
        f.seek(flags_at)
        f.write(struct.pack("<H", flags | VER_FLG_WEAK))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
