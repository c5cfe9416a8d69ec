"""Hard faults: the firmware prints the fault registers, then resets the board
(the stm32 port's default) or, after pyb.fault_debug(True), halts for a debugger."""

import time

BAD_READ = "import machine, pyb; pyb.fault_debug({}); machine.mem32[0x30000000]"  # nothing mapped there


def test_fault_resets_the_board_by_default(board):
    board.write(BAD_READ.format(False).encode() + b"\r")
    board.read_until(b"FATAL: fault")
    board.read_until(b"resetting")
    board.read_until(b"MicroPython v1.25")   # booted again
    board.wait_prompt()
    assert board.eval("import machine; machine.reset_cause() == machine.HARD_RESET") == "True"


def test_fault_debug_halts(board):
    board.write(BAD_READ.format(True).encode() + b"\r")
    board.read_until(b"FATAL ERROR")
    mark = len(board.serial_log)
    time.sleep(1.0)
    assert b"MicroPython v1.25" not in bytes(board.serial_log[mark:])
    # Halted in WFI with interrupts off: the REPL no longer answers.
    board.write(b"1+1\r")
    time.sleep(0.5)
    assert b"2" not in bytes(board.serial_log[mark:])
