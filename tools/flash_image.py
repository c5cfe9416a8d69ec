#!/usr/bin/python3
"""Write a firmware ELF's flash segments into a 1 MiB STM32F407 flash image.

Only the bytes of the ELF's loadable segments change; everything else in the image
(the filesystem sectors, data the firmware stored) is kept. The image is rewritten
through a temporary file and a rename, so an error never leaves it half-written.

    flash_image.py write FIRMWARE.elf IMAGE     (creates an erased IMAGE if missing)
    flash_image.py check IMAGE                  (size check only)
"""

import os
import struct
import sys

FLASH_BASE = 0x08000000
FLASH_SIZE = 1024 * 1024
PT_LOAD = 1
EM_ARM = 40


class FlashError(Exception):
    pass


def flash_segments(elf_path):
    """Yield (offset_in_flash, bytes) for each loadable segment stored in flash."""
    with open(elf_path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise FlashError(f"{elf_path} is not an ELF file")
    if data[4] != 1 or data[5] != 1:
        raise FlashError(f"{elf_path} is not a 32-bit little-endian ELF file")
    (e_machine,) = struct.unpack_from("<H", data, 18)
    if e_machine != EM_ARM:
        raise FlashError(f"{elf_path} is not an ARM ELF file (e_machine {e_machine})")
    e_phoff, = struct.unpack_from("<I", data, 28)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 42)
    found = False
    for i in range(e_phnum):
        p_type, p_offset, _vaddr, p_paddr, p_filesz = struct.unpack_from(
            "<IIIII", data, e_phoff + i * e_phentsize)
        if p_type != PT_LOAD or p_filesz == 0:
            continue
        # Initialised data is stored in flash at its load address (paddr).
        if not (FLASH_BASE <= p_paddr and p_paddr + p_filesz <= FLASH_BASE + FLASH_SIZE):
            continue
        found = True
        yield p_paddr - FLASH_BASE, data[p_offset:p_offset + p_filesz]
    if not found:
        raise FlashError(f"{elf_path} has nothing to put in flash at 0x{FLASH_BASE:08x}")


def check_image(path):
    size = os.path.getsize(path)
    if size != FLASH_SIZE:
        raise FlashError(f"flash image {path} is {size} bytes, the STM32F407 has "
                         f"{FLASH_SIZE}: not touching it")


def write(elf_path, image_path):
    segments = list(flash_segments(elf_path))
    if os.path.exists(image_path):
        check_image(image_path)
        with open(image_path, "rb") as f:
            image = bytearray(f.read())
    else:
        image = bytearray(b"\xff" * FLASH_SIZE)
    for offset, blob in segments:
        image[offset:offset + len(blob)] = blob
    tmp = f"{image_path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(image)
    os.replace(tmp, image_path)
    for offset, blob in segments:
        print(f"  0x{FLASH_BASE + offset:08x}  {len(blob):7d} bytes")


def main(argv):
    try:
        if len(argv) == 4 and argv[1] == "write":
            write(argv[2], argv[3])
        elif len(argv) == 3 and argv[1] == "check":
            check_image(argv[2])
        else:
            raise FlashError("usage: flash_image.py write FIRMWARE.elf IMAGE | check IMAGE")
    except (FlashError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
