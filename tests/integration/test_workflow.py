"""Host workflow: run/flash scripts, persistent flash image, bad input handling."""

import os
import subprocess


from conftest import ROOT
from vboard import FLASH_BYTES

RUN = str(ROOT / "scripts" / "run_qemu.sh")
FLASH = str(ROOT / "scripts" / "flash.sh")
SETUP = str(ROOT / "scripts" / "setup_env.sh")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw)


def one_line_error(res):
    """Bad input: non-zero exit and a single 'error: ...' line on stderr."""
    assert res.returncode != 0
    lines = [l for l in res.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    return lines[0]


# --- bad input ---------------------------------------------------------------------

def test_run_rejects_missing_firmware(tmp_path):
    err = one_line_error(run([RUN, "--firmware", str(tmp_path / "nope.elf")]))
    assert "not found" in err


def test_run_rejects_non_elf_firmware(tmp_path):
    fw = tmp_path / "firmware.elf"
    fw.write_text("this is not a firmware\n")
    assert "not an ELF file" in one_line_error(run([RUN, "--firmware", str(fw)]))


def test_run_rejects_elf_for_another_cpu(tmp_path):
    err = one_line_error(run([RUN, "--firmware", "/bin/true"]))
    assert "another CPU" in err


def test_run_rejects_unknown_option_and_bad_uid():
    assert "unknown option" in one_line_error(run([RUN, "--frobnicate"]))
    assert "24 hex digits" in one_line_error(run([RUN, "--uid", "xyz"]))


def test_wrong_size_flash_image_is_refused_and_kept(tmp_path):
    img = tmp_path / "flash.img"
    img.write_bytes(b"\x12" * 4096)
    assert "not touching it" in one_line_error(run([RUN, "--flash", str(img)]))
    assert "not touching it" in one_line_error(run([FLASH, "--image", str(img)]))
    assert img.read_bytes() == b"\x12" * 4096


def test_qemu_rejects_wrong_size_image_itself(tmp_path):
    img = tmp_path / "flash.img"
    img.write_bytes(b"\xff" * 1000)
    res = run([str(ROOT / "bin" / "qemu-system-arm"), "-M", "stm32f4-discovery",
               "-display", "none", "-drive", f"if=pflash,format=raw,file={img}"])
    assert res.returncode != 0 and "1048576" in res.stderr
    assert img.stat().st_size == 1000


def test_make_rejects_unknown_variable_values():
    res = run(["make", "-C", str(ROOT), "-n", "run", "BOARD=NOSUCHBOARD"])
    assert res.returncode != 0 and "unknown BOARD 'NOSUCHBOARD'" in res.stderr
    res = run(["make", "-C", str(ROOT), "-n", "firmware", "DEBUG=yes"])
    assert res.returncode != 0 and "DEBUG must be 0 or 1" in res.stderr


def test_setup_reports_missing_or_wrong_source_tree(tmp_path):
    env = dict(os.environ, MICROPY_SRC=str(tmp_path / "missing"))
    err = one_line_error(run([SETUP, "--sources"], env=env))
    assert "micropy source not found" in err
    fake = tmp_path / "qemu"
    fake.mkdir()
    (fake / "VERSION").write_text("9.2.0\n")
    env = dict(os.environ, QEMU_SRC=str(fake))
    assert "is 9.2, this project needs 10.0.x" in one_line_error(run([SETUP, "--sources"], env=env))


def test_no_firmware_is_a_clear_qemu_error():
    res = run([str(ROOT / "bin" / "qemu-system-arm"), "-M", "stm32f4-discovery", "-display", "none"])
    assert res.returncode != 0 and "no firmware" in res.stderr


# --- flash image -------------------------------------------------------------------

def test_flash_script_writes_only_firmware_segments(tmp_path):
    img = tmp_path / "flash.img"
    data = bytearray(b"\xff" * FLASH_BYTES)
    data[0xF0000:0xF0008] = b"KEEPME!!"
    img.write_bytes(data)
    res = run([FLASH, "--image", str(img)])
    assert res.returncode == 0, res.stderr
    out = img.read_bytes()
    assert len(out) == FLASH_BYTES
    assert out[0xF0000:0xF0008] == b"KEEPME!!"
    assert out[:4] != b"\xff\xff\xff\xff"          # initial stack pointer written


def test_boot_from_flash_image_like_a_real_board(make_board, flash_image):
    assert run([FLASH, "--image", str(flash_image)]).returncode == 0
    b = make_board(flash=flash_image, boot_from_flash=True)
    b.wait_prompt()
    assert b.eval("1+2") == "3"


FLASH_PROGRAM = """
import machine
m = machine.mem32
FLASH = 0x40023C00
m[FLASH + 0x04] = 0x45670123            # KEYR
m[FLASH + 0x04] = 0xCDEF89AB
m[FLASH + 0x10] = (2 << 8) | 1          # PSIZE x32, PG
m[0x080FFFF0] = 0x600DF00D
m[FLASH + 0x10] = 1 << 31               # LOCK
print(hex(m[0x080FFFF0]), hex(m[FLASH + 0x0C]))
"""


def test_guest_flash_writes_persist_across_runs(make_board, flash_image):
    b = make_board(flash=flash_image)
    b.wait_prompt()
    b.enter_raw()
    out, err = b.exec_raw(FLASH_PROGRAM)
    assert err == "" and out == "0x600df00d 0x0\r\n"
    b.stop()
    # The image file holds the programmed word...
    assert flash_image.read_bytes()[0xFFFF0:0xFFFF4] == bytes.fromhex("0df00d60")
    # ...and a new QEMU run on the same image sees it.
    b2 = make_board(flash=flash_image)
    b2.wait_prompt()
    assert b2.eval("import machine; hex(machine.mem32[0x080FFFF0])") == "'0x600df00d'"


def test_locked_flash_rejects_writes(board):
    board.enter_raw()
    out, err = board.exec_raw(
        "import machine\nmachine.mem32[0x080FFFF0] = 0\n"
        "print(hex(machine.mem32[0x080FFFF0] & 0xFFFFFFFF), hex(machine.mem32[0x40023C0C]))")
    # PGSERR (bit 7): a store to flash without unlocking it first.
    assert (out, err) == ("0xffffffff 0x80\r\n", "")


def test_run_script_dry_run_command_line():
    res = run([RUN, "--dry-run", "--gdb", "--wait", "--uid", "00" * 12, "--no-flash"])
    assert res.returncode == 0
    assert "-gdb tcp::1234" in res.stdout and " -S" in res.stdout
    assert "uid=000000000000000000000000" in res.stdout
