"""A stock QEMU I2C device on the board's I2C1, plugged from the command line
(-device tmp105,bus=i2c1,address=0x48), driven by machine.I2C and pyb.I2C, with its
temperature set from the host over QMP."""

TMP105 = ["-device", "tmp105,bus=i2c1,address=0x48,id=tmp"]
TMP_PATH = "/machine/peripheral/tmp"


def run(board, code, timeout=10.0):
    out, err = board.exec_raw(code, timeout)
    assert err == "", err
    return out.strip()


def set_temperature(board, millidegrees):
    board.qmp.command("qom-set", path=TMP_PATH, property="temperature", value=millidegrees)


def test_tmp105_on_i2c1(make_board):
    board = make_board(extra_args=TMP105)
    board.wait_prompt()
    board.enter_raw()
    assert board.qmp.command("qom-get", path=TMP_PATH, property="parent_bus") == \
        "/machine/soc/i2c1/i2c1"
    run(board, "import machine, pyb\ni2c = machine.I2C(1, freq=100000)")
    assert run(board, "print(i2c.scan())") == "[72]"
    assert run(board, "print(machine.I2C(2).scan())") == "[]"

    # Temperature register (pointer 0), 9-bit default resolution, two's complement.
    set_temperature(board, 25500)
    assert run(board, "print(i2c.readfrom_mem(0x48, 0, 2).hex())") == "1980"
    set_temperature(board, -12500)
    assert run(board, "print(i2c.readfrom_mem(0x48, 0, 2).hex())") == "f380"

    # Configuration register: write with writeto_mem, read back 1 byte (1-byte ending).
    assert run(board, "i2c.writeto_mem(0x48, 1, b'\\x60')\n"
                      "print(i2c.readfrom_mem(0x48, 1, 1).hex())") == "60"
    # 12-bit resolution now: 0.0625 C steps
    set_temperature(board, 21125)
    assert run(board, "print(i2c.readfrom_mem(0x48, 0, 2).hex())") == "1520"
    # The same through pyb.I2C, and a write that ACKs two bytes.
    assert run(board, "p = pyb.I2C(1, pyb.I2C.CONTROLLER)\n"
                      "print(p.is_ready(0x48), p.mem_read(2, 0x48, 0).hex())") == "True 1520"
    assert run(board, "print(i2c.writeto(0x48, b'\\x01\\x00'))") == "2"
    # Three-byte read (N > 2 ending): the pointer register wraps on the two data bytes.
    assert run(board, "print(len(i2c.readfrom_mem(0x48, 0, 3)))") == "3"
