"""Analog I/O seen from the host: voltages set on the ADC inputs with qom-set
(/machine/soc/adc), the DAC output read with qom-get (/machine/soc/dac), and the DAC
looped back into the ADC through PA4/PA5."""

ADC = "/machine/soc/adc"
DAC = "/machine/soc/dac"


def run(board, code, timeout=10.0):
    out, err = board.exec_raw(code, timeout)
    assert err == "", err
    return out.strip()


def set_input(board, prop, value):
    board.qmp.command("qom-set", path=ADC, property=prop, value=value)


def test_host_sets_pin_voltage(board):
    board.enter_raw()
    run(board, "import pyb, machine; a = pyb.ADC(pyb.Pin.cpu.A1); m = machine.ADC(pyb.Pin.cpu.C5)")
    assert run(board, "print(a.read())") == "0"  # a floating input reads 0 V
    set_input(board, "pa1", 1500)  # half of VREF+ = 3.0 V
    assert run(board, "print(a.read())") == "2048"
    set_input(board, "pa1", 3000)
    assert run(board, "print(a.read())") == "4095"
    set_input(board, "pc5", 750)
    assert run(board, "print(m.read_u16())") == str(1024 << 4 | 1024 >> 8)


def test_host_sets_temperature_and_vbat(board):
    board.enter_raw()
    run(board, "import pyb; x = pyb.ADCAll(12, 0x70000)")
    assert run(board, "print(round(x.read_core_temp()))") == "25"
    set_input(board, "temperature", 70)
    assert run(board, "print(round(x.read_core_temp()))") == "70"
    set_input(board, "vbat", 2500)
    assert run(board, "print(round(x.read_core_vbat(), 1))") == "2.5"
    assert run(board, "print(round(x.read_vref(), 2))") == "3.0"


def test_dac_output_and_loopback(board):
    board.enter_raw()
    run(board, "import pyb; d = pyb.DAC(2, bits=12); d.write(2730)")
    assert board.qmp.command("qom-get", path=DAC, property="out2-mv") == 2000
    # PA5 is ADC12_IN5: the ADC reads the DAC's voltage
    assert run(board, "print(pyb.ADC(pyb.Pin.cpu.A5).read())") == "2731"
    run(board, "d.deinit()")
    assert board.qmp.command("qom-get", path=DAC, property="out2-mv") == 0


def test_dac_write_timed_plays_buffer(board):
    board.enter_raw()
    # 4 samples at 100 Hz, circular: the output keeps cycling through them.
    run(board, "import pyb; d = pyb.DAC(1); d.write_timed(bytearray([0, 85, 170, 255]), 100,"
               " mode=pyb.DAC.CIRCULAR)")
    seen = set()
    for _ in range(30):
        seen.add(board.qmp.command("qom-get", path=DAC, property="out1-mv"))
        run(board, "pyb.delay(3)")
    # 8-bit samples are DHR8R1: n << 4 of 4095 x 3.0 V
    assert {0, 996, 1993, 2989} <= seen
    run(board, "d.deinit()")
