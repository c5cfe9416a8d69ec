"""Boot, friendly REPL, raw REPL, raw paste, soft reboot, Ctrl-C on the virtual board."""

import time


def test_banner_and_demo(board):
    log = bytes(board.serial_log).decode()
    assert "MicroPython v1.25" in log
    assert "F4DISC with STM32F407" in log
    # src/main.py (frozen) ran before the prompt.
    assert "SYSCLK 168 MHz" in log


def test_friendly_repl(board):
    assert board.eval("1+1") == "2"
    assert board.eval("import sys; sys.platform") == "'pyboard'"
    assert board.eval("import os; os.uname().machine") == "'F4DISC with STM32F407'"
    assert "NameError" in board.eval("undefined_name")


def test_clock_tree(board):
    # The firmware's PLL setup (HSE 8 MHz, 8/336/2/7) as computed by the RCC model.
    assert board.eval("import machine; machine.freq()") == \
        "(168000000, 168000000, 42000000, 84000000)"


def test_unique_id_from_machine_property(make_board):
    b = make_board(uid="0123456789abcdef01234567")
    b.wait_prompt()
    assert b.eval("import machine; machine.unique_id().hex()") == \
        "'0123456789abcdef01234567'"
    assert b.eval("machine.mem16[0x1FFF7A22]") == "1024"


def test_raw_repl(board):
    board.enter_raw()
    out, err = board.exec_raw("print(6*7)")
    assert (out, err) == ("42\r\n", "")
    out, err = board.exec_raw("raise ValueError('x')")
    assert out == "" and "ValueError: x" in err
    board.exit_raw()
    assert board.eval("2+3") == "5"


def test_raw_paste(board):
    board.enter_raw()
    code = "\n".join(f"v{i} = {i}" for i in range(200)) + "\nprint(sum(v%d for v%d in [%s]))" % (
        0, 0, ",".join(str(i) for i in range(200)))
    out, err = board.exec_raw_paste(code)
    assert err == ""
    assert out == "%d\r\n" % sum(range(200))
    board.exit_raw()


def test_soft_reboot_clears_state(board):
    board.eval("x = 123")
    board.write(b"\x04")
    board.read_until(b"MPY: soft reboot")
    board.wait_prompt()
    assert "NameError" in board.eval("x")


def test_ctrl_c_interrupts_busy_loop(board):
    board.write(b"while True: pass\r\r")
    time.sleep(0.5)
    board.write(b"\x03")
    out = board.read_until(b">>> ", timeout=5).decode()
    assert "KeyboardInterrupt" in out
    assert board.eval("1") == "1"


def test_reset_cause(board):
    assert board.eval("import machine; machine.reset_cause() == machine.PWRON_RESET") == "True"
    # machine.reset() goes through AIRCR.SYSRESETREQ and the RCC model; like the real
    # chip it sets PINRSTF with SFTRSTF, which MicroPython's stm32 port reports as HARD_RESET.
    board.write(b"machine.reset()\r")
    board.read_until(b"MicroPython v1.25")
    board.wait_prompt()
    assert board.eval("import machine; machine.reset_cause() == machine.HARD_RESET") == "True"
    assert board.eval("machine.reset_cause() == machine.PWRON_RESET") == "False"
