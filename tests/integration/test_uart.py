"""machine.UART with a host on the other end: USART3 and USART6 of the board are unix
sockets that the test opens (QEMU -serial order: serial0 USART2 = REPL, serial1 USART1,
serial2 USART3, serial3 UART4, serial4 UART5, serial5 USART6).

Covers data both ways at 115200, IRQ-driven RX buffering while Python is busy (more
than the one-character DR holds, and more than the ring holds), readline() with its
timeouts, the IRQ_RXIDLE callback, write() timing out against a host that does not
read, and Ctrl-C on the REPL interrupting a blocking read.
"""

import socket
import threading
import time

import pytest

# -serial index of each UART id (see stm32f407_soc.c).
SERIAL_INDEX = {2: 0, 1: 1, 3: 2, 4: 3, 5: 4, 6: 5}


def uart_args(workdir, ids):
    """QEMU arguments that put a unix socket server on each UART id in ids."""
    by_index = {SERIAL_INDEX[i]: i for i in ids}
    args = []
    for index in range(1, max(by_index) + 1):
        if index in by_index:
            uid = by_index[index]
            path = workdir / f"uart{uid}.sock"
            args += ["-chardev", f"socket,id=uart{uid},path={path},server=on,wait=off",
                     "-serial", f"chardev:uart{uid}"]
        else:
            args += ["-serial", "null"]
    return args


class HostEnd:
    """The host side of one board UART, read all the time by a thread (as a terminal
    would: the socket takes only a few hundred of the model's 1-byte writes) unless
    created with reading=False."""

    def __init__(self, path, reading=True):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(str(path))
        self.buf = bytearray()
        self.cv = threading.Condition()
        self.thread = None
        if reading:
            self.start_reading()

    def start_reading(self):
        self.thread = threading.Thread(target=self._read_loop, daemon=True)
        self.thread.start()

    def _read_loop(self):
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                chunk = b""
            with self.cv:
                if not chunk:
                    self.thread = None
                    self.cv.notify_all()
                    return
                self.buf += chunk
                self.cv.notify_all()

    def send(self, data):
        self.sock.sendall(data)

    def recv_exactly(self, n, timeout=10.0):
        deadline = time.monotonic() + timeout
        with self.cv:
            while len(self.buf) < n:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"host got {bytes(self.buf[:100])!r}..., wanted {n} bytes"
                self.cv.wait(remaining)
            out, self.buf = bytes(self.buf[:n]), self.buf[n:]
        return out

    def recv_quiet(self, quiet=0.3):
        """Everything until nothing arrives for quiet seconds."""
        with self.cv:
            while True:
                n = len(self.buf)
                self.cv.wait(quiet)
                if len(self.buf) == n:
                    out, self.buf = bytes(self.buf), bytearray()
                    return out

    def close(self):
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


@pytest.fixture
def make_uart_board(make_board):
    """Factory: a board at the raw REPL with host ends on USART3 (b.u3) and USART6 (b.u6)."""
    ends = []

    def factory(read_u3=True):
        b = make_board(start=False)
        b.extra_args += uart_args(b.workdir, (3, 6))
        b.start()
        b.wait_prompt()
        b.u3 = HostEnd(b.workdir / "uart3.sock", reading=read_u3)
        b.u6 = HostEnd(b.workdir / "uart6.sock")
        ends.extend((b.u3, b.u6))
        b.enter_raw()
        return b

    yield factory
    for end in ends:
        end.close()


@pytest.fixture
def uart_board(make_uart_board):
    return make_uart_board()


def start(board, code):
    """Start code in the raw REPL without waiting for it to finish."""
    board.write(code.encode() + b"\x04")
    board.read_until(b"OK")


def finish(board, timeout=10.0):
    out = board.read_until(b"\x04", timeout)[:-1].decode()
    err = board.read_until(b"\x04", timeout)[:-1].decode()
    board.read_until(b">", timeout)
    assert err == "", err
    return out


def run(board, code, timeout=10.0):
    start(board, code)
    return finish(board, timeout)


def test_board_to_host(uart_board):
    b = uart_board
    out = run(b, "from machine import UART\n"
                 "u3 = UART(3, 115200)\n"
                 "u6 = UART(6, 115200, txbuf=64)\n"
                 "print(u3.write(b'hello from USART3\\n'), u6.write(bytes(range(256)) * 4))\n"
                 "u6.flush()\n"
                 "print(u6.txdone())\n")
    assert out.split() == ["18", "1024", "True"]
    assert b.u3.recv_exactly(18) == b"hello from USART3\n"
    assert b.u6.recv_exactly(1024) == bytes(range(256)) * 4
    assert b.u3.recv_quiet(0.2) == b"" and b.u6.recv_quiet(0.2) == b""


def test_host_to_board(uart_board):
    b = uart_board
    run(b, "from machine import UART\n"
           "u = UART(3, 115200, timeout=2000, timeout_char=50)\n")
    b.u3.send(b"ping\x00\xff\r\n")
    assert run(b, "print(u.read(8))") == "b'ping\\x00\\xff\\r\\n'\r\n"
    # Both directions at once, the board echoing what it gets.
    start(b, "n = 0\n"
             "while n < 600:\n"
             "    d = u.read(100)\n"
             "    n += len(d)\n"
             "    u.write(d)\n"
             "print(n)\n")
    data = bytes((i * 7) & 0xFF for i in range(600))
    b.u3.send(data)
    assert b.u3.recv_exactly(600) == data
    assert finish(b).strip() == "600"


def test_rx_buffered_by_irq_while_python_is_busy(uart_board):
    b = uart_board
    # 'R' tells the host that Python is about to spin for 1 s without reading.
    start(b, "from machine import UART\n"
             "import time\n"
             "u = UART(6, 115200, rxbuf=1000)\n"
             "u.write(b'R')\n"
             "t = time.ticks_ms()\n"
             "while time.ticks_diff(time.ticks_ms(), t) < 1000:\n"
             "    pass\n"
             "print(u.any())\n"
             "d = u.read()\n"
             "print(len(d), d == bytes(i & 255 for i in range(700)))\n")
    assert b.u6.recv_exactly(1) == b"R"
    b.u6.send(bytes(i & 255 for i in range(700)))
    # DR holds one character: only the RXNE interrupt can have taken in all 700.
    assert finish(b).split() == ["700", "700", "True"]


def test_rx_ring_full_holds_the_sender_back(uart_board):
    b = uart_board
    start(b, "from machine import UART\n"
             "import time\n"
             "u = UART(3, 115200, rxbuf=16, timeout=200, timeout_char=100)\n"
             "u.write(b'R')\n"
             "time.sleep_ms(500)\n"
             "print(u.any())\n"
             "d = b''\n"
             "while True:\n"
             "    c = u.read(7)\n"
             "    if not c:\n"
             "        break\n"
             "    d += c\n"
             "print(len(d), d == bytes(range(200)))\n")
    assert b.u3.recv_exactly(1) == b"R"
    b.u3.send(bytes(range(200)))
    # The ring is full at 16: the handler leaves the next character in DR and stops,
    # and the model keeps the rest in the chardev; nothing is lost.
    assert finish(b).split() == ["16", "200", "True"]


def test_readline_with_timeouts(uart_board):
    b = uart_board
    start(b, "from machine import UART\n"
             "import time\n"
             "u = UART(3, 115200, timeout=1000, timeout_char=100)\n"
             "u.write(b'R')\n"
             "print(u.readline())\n"
             "t = time.ticks_ms()\n"
             "print(u.readline(), time.ticks_diff(time.ticks_ms(), t) >= 100)\n"
             "t = time.ticks_ms()\n"
             "print(u.readline(), time.ticks_diff(time.ticks_ms(), t) >= 1000)\n")
    assert b.u3.recv_exactly(1) == b"R"
    b.u3.send(b"first line\nsecond, no newline")
    # A whole line; then what came before the line went quiet for timeout_char; then
    # nothing within timeout.
    assert finish(b).splitlines() == ["b'first line\\n'", "b'second, no newline' True", "None True"]


def test_irq_rxidle(uart_board):
    b = uart_board
    run(b, "from machine import UART\n"
           "import time\n"
           "seen = []\n"
           "u = UART(6, 115200)\n"
           "def cb(uart):\n"
           "    seen.append((uart is u, uart.any()))\n"
           "irq = u.irq(cb, UART.IRQ_RXIDLE)\n"
           "print(irq.trigger())\n")
    b.u6.send(b"0123456789")
    out = run(b, "time.sleep_ms(300)\n"
                 "print(len(seen) >= 1, all(s[0] for s in seen), seen[-1][1])\n"
                 "print(u.read())\n"
                 "n = len(seen)\n"
                 "time.sleep_ms(100)\n"
                 "print(len(seen) == n)\n")
    # The line went idle after the burst, with all of it buffered; no call without
    # data. (The host's bytes reach the model one by one, so the line may also go
    # idle within the burst: more than one call is possible.)
    assert out.splitlines() == ["True True 10", "b'0123456789'", "True"]
    b.u6.send(b"again")
    out = run(b, "time.sleep_ms(300)\n"
                 "print(len(seen) > n, seen[-1][1], u.read())\n"
                 "u.irq(None, 0)\n"
                 "print(u)\n")
    assert out.splitlines()[0] == "True 5 b'again'"
    assert "irq=" not in out.splitlines()[1]


def test_irq_rxidle_hard(uart_board):
    b = uart_board
    # A hard handler runs in the interrupt: irq().flags() is that interrupt's.
    run(b, "from machine import UART\n"
           "import time, array\n"
           "st = array.array('i', [0, 0, 0])\n"
           "u = UART(3, 115200)\n"
           "def cb(uart):\n"
           "    st[0] += 1\n"
           "    st[1] |= uart.irq().flags()\n"
           "    st[2] = uart.any()\n"
           "u.irq(cb, UART.IRQ_RXIDLE, hard=True)\n")
    b.u3.send(b"abc")
    out = run(b, "time.sleep_ms(300)\n"
                 "print(st[0] >= 1, st[1] & UART.IRQ_RXIDLE != 0, st[2])\n"
                 "n = st[0]\n")
    assert out.strip() == "True True 3"
    # A burst of one character, while the flag of the last one is still set: the
    # interrupt comes again (the SR-then-DR read of the character clears the old IDLE).
    b.u3.send(b"d")
    out = run(b, "time.sleep_ms(300)\n"
                 "print(st[0] - n, st[2], u.read())\n")
    assert out.strip() == "1 4 b'abcd'"


def test_irq_rx_per_character(uart_board):
    b = uart_board
    run(b, "from machine import UART\n"
           "import time, array\n"
           "st = array.array('i', [0, 0])\n"
           "u = UART(6, 115200)\n"
           "def cb(uart):\n"
           "    st[0] += 1\n"
           "    st[1] |= uart.irq().flags()\n"
           "u.irq(cb, UART.IRQ_RX, hard=True)\n"
           "print(u)\n")
    b.u6.send(b"12345678")
    out = run(b, "time.sleep_ms(300)\n"
                 "print(st[0], st[1] & UART.IRQ_RX != 0, u.read())\n")
    assert out.strip() == "8 True b'12345678'"


def test_write_times_out_when_the_host_does_not_read(make_uart_board):
    b = make_uart_board(read_u3=False)
    # The host never reads USART3: the socket fills, the model keeps TXE at 0, and
    # write() gives up after 2 * timeout_char without progress, returning the count.
    out = run(b, "from machine import UART\n"
                 "import time\n"
                 "u = UART(3, 115200, timeout=100, timeout_char=20)\n"
                 "t = time.ticks_ms()\n"
                 "n = u.write(bytes(20000))\n"
                 "dt = time.ticks_diff(time.ticks_ms(), t)\n"
                 "print(0 < n < 20000, dt >= 40)\n"
                 "print(u.txdone())\n"
                 "t = time.ticks_ms()\n"
                 "print(u.write(b'more'), time.ticks_diff(time.ticks_ms(), t) >= 100)\n"
                 "try:\n"
                 "    u.flush()\n"
                 "except OSError as e:\n"
                 "    print('flush', e.errno)\n", timeout=60)
    assert out.splitlines() == ["True True", "False", "None True", "flush 110"]
    # Once the host reads, the line moves again.
    b.u3.start_reading()
    got = b.u3.recv_quiet(0.5)
    assert len(got) > 0 and set(got) == {0}
    assert run(b, "print(u.write(b'xyz'), u.txdone())").strip() == "3 True"


def test_repl_keeps_working_and_ctrl_c_interrupts_a_read(uart_board):
    b = uart_board
    b.exit_raw()
    b.write("from machine import UART; u = UART(6, 115200, timeout=60000); u.read(10)\r")
    time.sleep(0.5)
    b.write(b"\x03")
    out = b.read_until(b">>> ", timeout=10).decode()
    assert "KeyboardInterrupt" in out
    assert b.eval("print(UART(2))") == ("UART(2, baudrate=115068, bits=8, parity=None, stop=1, "
                                         "flow=0, timeout=0, timeout_char=2, rxbuf=1023)")
    # An irq() on the REPL's (static) UART object survives garbage collection: each
    # typed line ends in an idle line.
    b.eval("n = []")
    b.eval("UART(2).irq(lambda u: n.append(1), UART.IRQ_RXIDLE)")
    b.eval("0")                 # the REPL's _ held the irq object
    b.eval("import gc; gc.collect(); g = [(i, i + 1) for i in range(3000)]; h = [[i] for i in range(1000)]")
    b.eval("x = 1")
    assert b.eval("print(len(n) >= 2)") == "True"
    b.eval("UART(2).irq(None, 0)")
    # Python writes to the REPL's UART through the same TX ring as print().
    assert b.eval("UART(2).write(b'<uart2>')") == "<uart2>7"
    # A long line both ways through the REPL's RX and TX rings.
    line = "x" * 3000
    assert b.eval(f"print(len('{line}'))") == "3000"
    assert b.eval("print('y' * 5000)") == "y" * 5000


def test_soft_reset_stops_user_uarts(uart_board):
    b = uart_board
    out = run(b, "from machine import UART\n"
                 "u = UART(3, 115200)\n"
                 "u.irq(lambda u: None, UART.IRQ_RXIDLE)\n"
                 "UART(2).irq(lambda u: None, UART.IRQ_RXIDLE)\n"
                 "UART(2).init(9600, bits=8, parity=0, timeout_char=50)\n"   # the REPL too
                 "print(u)\n"
                 "print(UART(2))\n")
    assert out.splitlines() == [
        "UART(3, baudrate=115068, bits=8, parity=None, stop=1, flow=0, timeout=0, "
        "timeout_char=2, rxbuf=64; irq=0x10)",
        "UART(2, baudrate=9600, bits=8, parity=0, stop=1, flow=0, timeout=0, "
        "timeout_char=50, rxbuf=1023)",
    ]
    b.write(b"\x04")                       # soft reset from the raw REPL
    b.read_until(b"raw REPL; CTRL-B to exit\r\n>")
    b.u3.send(b"ignored")                  # the stopped USART3 must not disturb anything
    out = run(b, "import gc, machine; gc.collect()\n"
                 "from machine import UART\n"
                 "print(UART(3))\n"
                 "print(UART(2))\n"
                 "print(machine.mem32[0x40023840] >> 18 & 1)\n")   # RCC_APB1ENR.USART3EN
    assert out.splitlines() == [
        "UART(3)",
        # The REPL runs on, back at 115200 8N1, without the irq() handler that went
        # with the heap.
        "UART(2, baudrate=115068, bits=8, parity=None, stop=1, flow=0, timeout=0, "
        "timeout_char=2, rxbuf=1023)",
        "0",
    ]
