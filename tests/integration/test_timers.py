"""Timer outputs seen from the host: pyb.LED.intensity() is TIM4 PWM on PD12-PD15, which
reaches the board's LED devices (QOM /machine/led-*) through the GPIO alternate function."""

import time


def run(board, code, timeout=10.0):
    out, err = board.exec_raw(code, timeout)
    assert err == "", err
    return out.strip()


def green_on_fraction(board, samples=60):
    """Fraction of qom-get reads (at host times unrelated to the 100 Hz PWM) that
    see the green LED lit."""
    on = 0
    for _ in range(samples):
        on += board.qmp.command("qom-get", path="/machine/led-green", property="state") is True
        time.sleep(0.013)
    return on / samples


def test_led_intensity_dims_the_board_led(board):
    board.enter_raw()
    run(board, "import pyb\nled = pyb.LED(2)\nled.intensity(255)")
    assert green_on_fraction(board, 10) == 1
    run(board, "led.intensity(0)")
    assert green_on_fraction(board, 10) == 0
    run(board, "led.intensity(128)")
    assert run(board, "print(led.intensity())") == "128"
    half = green_on_fraction(board)
    assert 0.2 < half < 0.8, half
    run(board, "led.intensity(25)")
    dim = green_on_fraction(board)
    run(board, "led.intensity(230)")
    bright = green_on_fraction(board)
    assert dim < 0.35 < 0.65 < bright, (dim, bright)
    # on()/off() make the pin a plain output again.
    run(board, "led.off()")
    assert green_on_fraction(board, 10) == 0
    run(board, "led.on()")
    assert green_on_fraction(board, 10) == 1
