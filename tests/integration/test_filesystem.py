"""Persistent /flash filesystem: littlefs2 on the internal flash (sectors 1-4), kept in
the flash image given with -drive if=pflash; layout in docs/flash-layout.md."""

import os
import struct
import time
import zlib
from pathlib import Path

import pytest

from vboard import FLASH_BYTES, ROOT

FS_OFFSET, FS_SIZE = 0x4000, 112 * 1024          # sectors 1-4 in the image
APP_OFFSET, APP_MAX = 0x20000, 384 * 1024       # sectors 5-7: firmware1.bin
JOURNAL_OFFSET, JOURNAL_SIZE = 0xE0000, 0x20000  # sector 11: redo journal
JOURNAL_MAGIC = 0x314A5346                       # "FSJ1"
DEMO_OUTPUT = "primes below 10000"               # printed by the frozen src/main.py


def booted(make_board, flash, **kw):
    b = make_board(flash=flash, **kw)
    b.wait_prompt(timeout=30)
    return b


def soft_reset(b):
    """Ctrl-D at the friendly REPL; returns what the board printed up to the prompt."""
    b.write(b"\x04")
    return b.wait_prompt(timeout=30).decode(errors="replace")


def killed(b):
    """Pull the plug: SIGKILL, no chance for QEMU to tidy up."""
    b.kill()
    b.stop()


def image(flash):
    data = Path(flash).read_bytes()
    assert len(data) == FLASH_BYTES
    return data


def write_file(b, name, text):
    """Short texts only: the REPL line must fit the UART's 1 KB input buffer."""
    assert b.eval(f"f = open({name!r}, 'w'); f.write({text!r}); f.close()") == str(len(text))


def test_first_boot_formats_and_mounts(make_board, flash_image):
    b = booted(make_board, flash_image)
    log = bytes(b.serial_log).decode(errors="replace")
    assert "can't mount" not in log
    assert DEMO_OUTPUT in log  # no /flash/main.py: the frozen demo ran
    assert b.eval("import os, sys, vfs; os.getcwd()") == "'/flash'"
    assert b.eval("sys.path") == "['', '.frozen', '/flash', '/flash/lib']"
    assert b.eval("os.listdir('/')") == "['flash']"
    assert b.eval("os.listdir('/flash')") == "['boot.py']"
    assert b.eval("vfs.mount()") == "[(<VfsLfs2>, '/flash')]"
    assert b.eval("import pyb; pyb.Flash(), pyb.Flash(start=0)") == \
        "(Flash(), Flash(start=0, len=114688))"
    assert "boot.py" in b.eval("print(open('boot.py').read())")
    b.stop()

    data = image(flash_image)
    # littlefs2 superblock at the start of sector 1 (name at offset 8 of block 0).
    assert data[FS_OFFSET + 8:FS_OFFSET + 16] == b"littlefs"
    # -kernel loads the ELF into flash but never into the image: sector 0 and the
    # application sectors stay as they were (erased); a fresh FS needs no journal.
    assert data[:FS_OFFSET] == b"\xff" * FS_OFFSET
    assert data[APP_OFFSET:] == b"\xff" * (FLASH_BYTES - APP_OFFSET)


def test_file_survives_soft_reset_and_power_cycle(make_board, flash_image):
    b = booted(make_board, flash_image)
    assert b.eval("f = open('note.txt', 'w'); f.write('persistent ' * 50); f.close()") == "550"
    soft_reset(b)
    assert b.eval("open('note.txt').read() == 'persistent ' * 50") == "True"
    assert b.eval("import os; os.getcwd()") == "'/flash'"  # remounted
    b.stop()
    assert b"persistent persistent" in image(flash_image)[FS_OFFSET:FS_OFFSET + FS_SIZE]

    b = booted(make_board, flash_image)
    assert b.eval("open('/flash/note.txt').read() == 'persistent ' * 50") == "True"
    assert b.eval("sorted(__import__('os').listdir())") == "['boot.py', 'note.txt']"
    b.stop()
    assert os.path.getsize(flash_image) == FLASH_BYTES


def test_flash_main_py_overrides_frozen(make_board, flash_image):
    b = booted(make_board, flash_image)
    write_file(b, "boot.py", "print('BOOT.PY from flash')\n")
    write_file(b, "main.py", "print('MAIN.PY from flash')\n")
    out = soft_reset(b)
    assert out.index("BOOT.PY from flash") < out.index("MAIN.PY from flash")
    assert DEMO_OUTPUT not in out
    # Without /flash/main.py the frozen one runs again.
    b.eval("import os; os.remove('main.py')")
    out = soft_reset(b)
    assert "BOOT.PY from flash" in out and DEMO_OUTPUT in out
    b.stop()

    # Also after a power cycle.
    b = make_board(flash=flash_image)
    out = b.wait_prompt(timeout=30).decode(errors="replace")
    assert "BOOT.PY from flash" in out and DEMO_OUTPUT in out


def test_statvfs(make_board, flash_image):
    b = booted(make_board, flash_image)
    st = eval(b.eval("import os; os.statvfs('/flash')"))
    bsize, frsize, blocks, bfree, bavail = st[:5]
    assert (bsize, frsize, blocks) == (512, 512, 224)   # 112 KB in 512-byte blocks
    assert bfree == bavail and 200 <= bfree < blocks
    assert st[9] == 255                                 # name max
    # (an expression: a 20 KB REPL line would overrun the UART's input buffer)
    assert b.eval("f = open('big.txt', 'w'); f.write('x' * 20000); f.close()") == "20000"
    bfree2 = eval(b.eval("os.statvfs('/flash')"))[3]
    assert bfree - bfree2 >= 20000 // 512
    b.eval("os.remove('big.txt')")
    assert eval(b.eval("os.statvfs('/flash')"))[3] == bfree


def test_os_functions(make_board, flash_image):
    b = booted(make_board, flash_image)
    b.eval("import os")
    b.eval("os.mkdir('lib')")
    write_file(b, "lib/flashmod.py", "VALUE = 'imported from /flash/lib'\n")
    assert b.eval("import flashmod; flashmod.VALUE") == "'imported from /flash/lib'"
    write_file(b, "a.txt", "abc")
    assert b.eval("os.stat('a.txt')[0] & 0xF000 == 0x8000, os.stat('a.txt')[6]") == "(True, 3)"
    assert b.eval("os.stat('lib')[0] & 0xF000") == str(0x4000)
    b.eval("os.rename('a.txt', 'lib/b.txt')")
    assert b.eval("sorted(os.listdir()), sorted(os.listdir('lib'))") == \
        "(['boot.py', 'lib'], ['b.txt', 'flashmod.py'])"
    assert b.eval("open('/flash/lib/b.txt').read()") == "'abc'"
    assert "OSError" in b.eval("os.stat('a.txt')")
    b.eval("os.remove('lib/b.txt')")
    b.eval("os.remove('lib/flashmod.py')")
    b.eval("os.rmdir('lib')")
    assert b.eval("os.listdir()") == "['boot.py']"
    b.eval("os.chdir('/')")
    assert b.eval("os.listdir('flash'), os.getcwd()") == "(['boot.py'], '/')"


def test_kill_right_after_write_keeps_files(make_board, flash_image):
    b = booted(make_board, flash_image)
    write_file(b, "old.txt", "old data")
    write_file(b, "new.txt", "new data")
    killed(b)
    b = booted(make_board, flash_image)
    assert "can't mount" not in bytes(b.serial_log).decode(errors="replace")
    assert b.eval("open('old.txt').read(), open('new.txt').read()") == "('old data', 'new data')"


# Runs on the board until QEMU is killed: rewrites one file with ever new contents,
# so that littlefs keeps erasing and reusing blocks (sector rewrites via the journal).
WRITER = """
import os
n = 0
while True:
    n += 1
    with open('cycle.bin', 'wb') as f:
        f.write(bytes([n & 0xff]) * (1500 + 700 * (n % 5)))
    if n % 7 == 0:
        with open('count.txt', 'w') as f:
            f.write(str(n))
"""


@pytest.mark.parametrize("delay", [0.4, 1.3, 2.2])
def test_kill_during_writes_leaves_mountable_fs(make_board, flash_image, delay):
    b = booted(make_board, flash_image)
    assert b.eval("f = open('keep.txt', 'w'); f.write('must survive ' * 20); f.close()") == "260"
    b.enter_raw()
    b.write(WRITER.encode() + b"\x04")
    b.read_until(b"OK")
    time.sleep(delay)
    killed(b)

    b = booted(make_board, flash_image)
    assert "can't mount" not in bytes(b.serial_log).decode(errors="replace")
    assert b.eval("open('keep.txt').read() == 'must survive ' * 20") == "True"
    # Every file is a complete old or new version, never a mix.
    assert b.eval("import os; d = open('cycle.bin', 'rb').read() if 'cycle.bin' in os.listdir() "
                  "else b'x'; d == d[:1] * len(d)") == "True"
    # And the filesystem still takes writes.
    write_file(b, "after.txt", "after the crash")
    soft_reset(b)
    assert b.eval("open('after.txt').read()") == "'after the crash'"


def test_sector_rewrites_go_through_the_journal(make_board, flash_image):
    b = booted(make_board, flash_image)
    b.enter_raw()
    out, err = b.exec_raw(
        "import os\n"
        "for n in range(12):\n"
        "    with open('data.bin', 'wb') as f:\n"
        "        f.write(bytes([n]) * 20000)\n"
        "d = open('data.bin', 'rb').read()\n"
        "print(len(d), d[0], d[-1])\n", timeout=120)
    assert (out, err) == ("20000 11 11\r\n", "")
    b.exit_raw()
    b.stop()
    hdr = struct.unpack("<6I", image(flash_image)[JOURNAL_OFFSET:JOURNAL_OFFSET + 24])
    magic, sector, size, _crc, commit, done = hdr
    assert magic == JOURNAL_MAGIC and commit == 0 and done == 0
    assert 0x08004000 <= sector < 0x08020000 and size in (16384, 65536)


def journal_entry(sector_addr, data, commit=True):
    hdr = struct.pack("<8I", JOURNAL_MAGIC, sector_addr, len(data), zlib.crc32(data),
                      0 if commit else 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    return hdr + data


def test_journal_replays_interrupted_sector_rewrite(make_board, flash_image):
    """A power loss between erasing a sector and reprogramming it: the committed
    journal entry is programmed again at the next boot."""
    b = booted(make_board, flash_image)
    write_file(b, "precious.txt", "precious data")
    b.stop()
    data = bytearray(image(flash_image))
    sector1 = bytes(data[0x4000:0x8000])          # superblock, root directory
    data[0x4000:0x8000] = b"\xff" * 0x4000          # erased, not yet reprogrammed
    entry = journal_entry(0x08004000, sector1)
    data[JOURNAL_OFFSET:JOURNAL_OFFSET + len(entry)] = entry
    Path(flash_image).write_bytes(data)

    b = booted(make_board, flash_image)
    assert "can't mount" not in bytes(b.serial_log).decode(errors="replace")
    assert b.eval("open('precious.txt').read()") == "'precious data'"
    b.stop()
    data = image(flash_image)
    assert data[0x4000:0x8000] == sector1
    assert struct.unpack("<I", data[JOURNAL_OFFSET + 20:JOURNAL_OFFSET + 24])[0] == 0  # done


def test_journal_ignores_uncommitted_entry(make_board, flash_image):
    """A power loss while the journal entry was being written: the target sector was
    not touched yet, so the entry must not be applied."""
    b = booted(make_board, flash_image)
    write_file(b, "precious.txt", "precious data")
    b.stop()
    data = bytearray(image(flash_image))
    sector1 = bytes(data[0x4000:0x8000])
    entry = journal_entry(0x08004000, b"\x00" * 0x4000, commit=False)[:0x2000]  # torn
    data[JOURNAL_OFFSET:JOURNAL_OFFSET + len(entry)] = entry
    Path(flash_image).write_bytes(data)

    b = booted(make_board, flash_image)
    assert b.eval("open('precious.txt').read()") == "'precious data'"
    # The filesystem keeps working, sector rewrites (journal appends) included.
    write_file(b, "precious.txt", "changed")
    b.enter_raw()
    out, err = b.exec_raw(
        "for n in range(10):\n"
        "    with open('data.bin', 'wb') as f:\n"
        "        f.write(bytes([n]) * 20000)\n"
        "print(open('data.bin', 'rb').read() == bytes([9]) * 20000)\n", timeout=120)
    assert (out, err) == ("True\r\n", "")
    b.exit_raw()
    soft_reset(b)
    assert b.eval("open('precious.txt').read()") == "'changed'"
    b.stop()
    assert image(flash_image)[0x4000:0x8000] != sector1


def test_idle_write_back_of_sector_cache(make_board, flash_image):
    """Raw block writes that need an erase wait in the sector cache; the FLASH IRQ
    writes them back after about a second without writes, sync or not."""
    b = booted(make_board, flash_image)
    b.enter_raw()
    out, err = b.exec_raw(
        "import os, pyb, time\n"
        "os.umount('/flash')\n"
        "bd = pyb.Flash(start=0)\n"
        "bd.writeblocks(200, b'\\x55' * 512)\n"   # erased: programmed at once
        "bd.writeblocks(200, b'\\xaa' * 512)\n"   # needs an erase: cached
        "time.sleep_ms(2500)\n"
        "print('slept')\n")
    assert (out, err) == ("slept\r\n", "")
    killed(b)
    off = FS_OFFSET + 200 * 512
    assert image(flash_image)[off:off + 512] == b"\xaa" * 512


def test_vfsfat_on_flash(make_board, flash_image):
    """os.VfsFat works on pyb.Flash, and a FAT /flash is mounted at boot (through
    the default pyb.Flash() and its fake MBR, as on the stm32 port)."""
    b = booted(make_board, flash_image)
    b.enter_raw()
    out, err = b.exec_raw(
        "import os, pyb\n"
        "os.umount('/flash')\n"
        "os.VfsFat.mkfs(pyb.Flash(start=0))\n"
        "os.mount(pyb.Flash(start=0), '/flash')\n"
        "with open('/flash/fat.txt', 'w') as f:\n"
        "    f.write('on FAT')\n"
        "print(os.listdir('/flash'))\n", timeout=60)
    assert (out, err) == ("['fat.txt']\r\n", "")
    b.exit_raw()
    soft_reset(b)
    assert b.eval("import vfs; vfs.mount()") == "[(<VfsFat>, '/flash')]"
    assert b.eval("open('fat.txt').read()") == "'on FAT'"
    assert b.eval("import os; os.statvfs('/flash')[0]") == "512"
    b.stop()
    b = booted(make_board, flash_image)
    assert b.eval("open('/flash/fat.txt').read()") == "'on FAT'"


def split_firmware():
    """firmware0.bin (sector 0) and firmware1.bin (from 0x08020000), as built."""
    for d in (ROOT / "bin", ROOT / "build" / "firmware-STM32F4DISC"):
        f0, f1 = d / "firmware0.bin", d / "firmware1.bin"
        if f0.exists() and f1.exists():
            return f0.read_bytes(), f1.read_bytes()
    pytest.skip("firmware0.bin/firmware1.bin not built")


def test_boot_from_flash_image_keeps_filesystem(make_board, flash_image):
    """firmware0/1.bin written into an image with a filesystem: it boots without
    -kernel, and the files are still there."""
    b = booted(make_board, flash_image)
    write_file(b, "mine.txt", "user file")
    b.stop()
    fw0, fw1 = split_firmware()
    assert len(fw0) <= FS_OFFSET and len(fw1) <= APP_MAX
    data = bytearray(image(flash_image))
    data[:len(fw0)] = fw0
    data[APP_OFFSET:APP_OFFSET + len(fw1)] = fw1
    Path(flash_image).write_bytes(data)

    b = booted(make_board, flash_image, boot_from_flash=True)
    assert "MicroPython v1.25" in bytes(b.serial_log).decode(errors="replace")
    assert b.eval("open('mine.txt').read()") == "'user file'"


def test_mpremote(mpremote_board, flash_image, tmp_path):
    b = mpremote_board(flash=flash_image)

    (tmp_path / "hello.py").write_text("print('hello from the host')\nANSWER = 42\n")
    (tmp_path / "script.py").write_text("import os\nprint('files:', sorted(os.listdir('/flash')))\n")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    (mnt / "hostmod.py").write_text("def where():\n    return 'running from the host'\n")

    b.mpremote("fs", "cp", str(tmp_path / "hello.py"), ":hello.py")
    assert "hello.py" in b.mpremote("fs", "ls")
    assert b.mpremote("fs", "cat", ":hello.py") == (tmp_path / "hello.py").read_text()
    assert "files: ['boot.py', 'hello.py']" in b.mpremote("run", str(tmp_path / "script.py"))
    assert "hello from the host" in b.mpremote("exec", "import hello")
    out = b.mpremote("mount", str(mnt), "exec", "import hostmod; print(hostmod.where())")
    assert "running from the host" in out
    b.mpremote("fs", "cp", ":hello.py", str(tmp_path / "back.py"))
    assert (tmp_path / "back.py").read_text() == (tmp_path / "hello.py").read_text()
    b.mpremote("fs", "rm", ":hello.py")
    assert "hello.py" not in b.mpremote("fs", "ls")
    b.mpremote("fs", "mkdir", ":sub")
    assert "sub/" in b.mpremote("fs", "ls")
    b.mpremote("fs", "rmdir", ":sub")
    assert "sub/" not in b.mpremote("fs", "ls")
    assert b.mpremote("eval", "6 * 7").strip() == "42"
    # State set by one command is gone after soft-reset; a hard reset reboots the chip.
    b.mpremote("exec", "marker = 1", "soft-reset", "exec", "print('marker' in globals())")
    assert b.mpremote("exec", "print('marker' in globals())").strip() == "False"
    b.mpremote("reset")
    # "resume": no soft reset on connecting, so reset_cause() still tells the last reset.
    time.sleep(0.5)
    assert b.mpremote("resume", "eval", "__import__('machine').reset_cause()").strip() == "2"  # HARD_RESET
    b.stop()
    assert os.path.getsize(flash_image) == FLASH_BYTES
