"""GPIO seen from the host: the board's LEDs (QOM /machine/led-*), the user button
(/machine button) and pins driven from outside (/machine/soc/gpioX pinN)."""

import time

LEDS = {1: "led-red", 2: "led-green", 3: "led-orange", 4: "led-blue"}


def led_state(board, name):
    return board.qmp.command("qom-get", path=f"/machine/{name}", property="state")


def set_button(board, pressed):
    board.qmp.command("qom-set", path="/machine", property="button", value=pressed)


def run(board, code, timeout=10.0):
    out, err = board.exec_raw(code, timeout)
    assert err == "", err
    return out.strip()


def wait_for(board, expr, expected, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        got = run(board, f"print({expr})")
        if got == expected or time.monotonic() > deadline:
            return got
        time.sleep(0.05)


def test_pyb_leds_light_board_leds(board):
    board.enter_raw()
    for n, name in LEDS.items():
        assert led_state(board, name) is False
        run(board, f"import pyb; pyb.LED({n}).on()")
        assert led_state(board, name) is True
        run(board, f"pyb.LED({n}).toggle()")
        assert led_state(board, name) is False
    run(board, "from machine import Pin; Pin('LED_GREEN', Pin.OUT).on()")
    assert led_state(board, "led-green") is True
    run(board, "pyb.LED(2).off()")
    assert led_state(board, "led-green") is False


def test_button_reads_and_calls_switch_callback(board):
    board.enter_raw()
    run(board, "import pyb\nsw = pyb.Switch()\nhits = [0]\n"
               "def cb():\n    hits[0] += 1\nsw.callback(cb)")
    assert run(board, "print(sw.value())") == "False"
    set_button(board, True)
    assert wait_for(board, "hits[0]", "1") == "1"
    assert run(board, "print(sw.value(), sw())") == "True True"
    set_button(board, False)                 # release: no callback (rising edge only)
    assert run(board, "print(sw.value())") == "False"
    set_button(board, True)
    set_button(board, False)
    assert wait_for(board, "hits[0]", "2") == "2"
    run(board, "sw.callback(None)")
    set_button(board, True)
    set_button(board, False)
    time.sleep(0.2)
    assert run(board, "print(hits[0])") == "2"


def test_button_pin_irq_soft_handler(board):
    board.enter_raw()
    run(board, "from machine import Pin\nev = []\n"
               "Pin('SW').irq(lambda p: ev.append(p.value()), Pin.IRQ_RISING | Pin.IRQ_FALLING)")
    set_button(board, True)
    assert wait_for(board, "len(ev)", "1") == "1"
    set_button(board, False)
    assert wait_for(board, "len(ev)", "2") == "2"
    assert run(board, "print(ev)") in ("[1, 0]", "[0, 0]", "[1, 1]")  # level at run time


def test_external_drive_triggers_extint(board):
    board.enter_raw()
    run(board, "import pyb\nfrom machine import Pin\nlines = []\n"
               "ext = pyb.ExtInt('PE11', pyb.ExtInt.IRQ_FALLING, Pin.PULL_UP, lines.append)")
    assert run(board, "print(Pin('PE11').value())") == "1"
    board.qmp.command("qom-set", path="/machine/soc/gpioe", property="pin11", value=False)
    assert wait_for(board, "lines", "[11]") == "[11]"
    assert run(board, "print(Pin('PE11').value())") == "0"
    board.qmp.command("qom-set", path="/machine/soc/gpioe", property="pin11", value=True)
    time.sleep(0.1)
    assert run(board, "print(lines)") == "[11]"     # rising edge not selected


def test_blink_at_2hz_in_virtual_time(board):
    """LED2 toggled every 250 ms for 2 s: the board measures the period, the host
    watches the LED change state while it runs."""
    board.enter_raw()
    code = ("import pyb, time\nled = pyb.LED(2)\nt0 = time.ticks_ms()\n"
            "for i in range(8):\n    led.toggle()\n    time.sleep_ms(250)\n"
            "print(time.ticks_diff(time.ticks_ms(), t0))")
    board.write(code.encode() + b"\x04")
    board.read_until(b"OK", 10)
    seen = []
    deadline = time.monotonic() + 4          # about 2 s of virtual time, if not loaded
    while time.monotonic() < deadline and len(seen) < 8:
        s = led_state(board, "led-green")
        if not seen or seen[-1] != s:
            seen.append(s)
        time.sleep(0.02)
    out = board.read_until(b"\x04", 30)[:-1].decode()
    err = board.read_until(b"\x04", 10)[:-1].decode()
    board.read_until(b">", 10)
    assert err == "", err
    elapsed = int(out.strip())
    assert 2000 <= elapsed < 2600, elapsed
    # 8 toggles from off: ends off; the host saw it blink.
    assert led_state(board, "led-green") is False
    assert True in seen and len(seen) >= 3, seen
