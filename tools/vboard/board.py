"""Start and drive one virtual STM32F4-Discovery: QEMU process, REPL serial, QMP.

The REPL (USART2) is a unix socket that QEMU waits on before it runs the guest, so
no output is lost; everything the board prints is kept in `serial_log`. A reader
thread drains the serial line all the time, like a terminal would: a board never
stalls on a full socket because its test is busy elsewhere (e.g. in GDB).

With `pty=True` the REPL is a pseudo-terminal instead (`-serial pty`), for tools
that want a serial device such as mpremote: `pty_path` is its /dev/pts/N. QEMU
does not wait for it and drops output while nobody has it open;
`open_serial()`/`close_serial()` attach the Board's own REPL helpers to it.
"""

import atexit
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import tty
from pathlib import Path

from .qmp import QMP

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / "bin"
FLASH_BYTES = 1024 * 1024
PROMPT = b">>> "
RAW_PROMPT = b"raw REPL; CTRL-B to exit\r\n>"


class BoardError(Exception):
    pass


# Boards still running when the interpreter exits (Ctrl-C, a crash in a test run):
# stop them, so no QEMU is left behind.
_running = set()


@atexit.register
def _stop_all():
    for board in list(_running):
        board.stop()


def erased_flash_image(path):
    """Create an erased (all 0xFF) flash image at path."""
    Path(path).write_bytes(b"\xff" * FLASH_BYTES)
    return Path(path)


class Board:
    def __init__(self, firmware=None, flash=None, uid=None, extra_args=(), qemu=None,
                 workdir=None, trace_unimp=True, boot_from_flash=False, pty=False):
        self.qemu = Path(qemu or os.environ.get("QEMU", BIN / "qemu-system-arm"))
        self.firmware = Path(firmware or BIN / "firmware.elf")
        self.flash = Path(flash) if flash else None
        self.uid = uid
        self.extra_args = list(extra_args)
        self.trace_unimp = trace_unimp
        self.pty = pty
        self.pty_path = None
        # Boot what the flash image holds, as a real board does (no -kernel).
        self.boot_from_flash = boot_from_flash
        # Unix socket paths must stay short (108 bytes): keep them in a /tmp folder.
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="vboard-", dir="/tmp"))
        self.serial_path = self.workdir / "serial.sock"
        self.qmp_path = self.workdir / "qmp.sock"
        self.qemu_log = self.workdir / "qemu.log"
        self.serial_log = bytearray()
        self._buf = bytearray()           # received, not yet consumed; guarded by _cv
        self._cv = threading.Condition()
        self._closed = False
        self._reader = None
        self.proc = None
        self.sock = None
        self._qmp = None

    # --- life cycle -----------------------------------------------------------------
    def command_line(self):
        machine = "stm32f4-discovery" + (f",uid={self.uid}" if self.uid else "")
        args = [str(self.qemu), "-M", machine, "-nodefaults", "-display", "none"]
        if not self.boot_from_flash:
            args += ["-kernel", str(self.firmware)]
        if self.pty:
            args += ["-serial", "pty"]
        else:
            args += ["-chardev", f"socket,id=repl,path={self.serial_path},server=on,wait=on",
                     "-serial", "chardev:repl"]
        args += ["-qmp", f"unix:{self.qmp_path},server=on,wait=off",
                "-D", str(self.qemu_log)]
        if self.trace_unimp:
            args += ["-d", "guest_errors,unimp"]
        if self.flash:
            args += ["-drive", f"if=pflash,format=raw,file={self.flash}"]
        return args + self.extra_args

    def start(self, timeout=10.0):
        stderr = open(self.workdir / "qemu.stderr", "wb")
        self.proc = subprocess.Popen(self.command_line(), stdin=subprocess.DEVNULL,
                                     stdout=stderr, stderr=stderr, start_new_session=True)
        stderr.close()
        _running.add(self)
        deadline = time.monotonic() + timeout
        if self.pty:
            return self._wait_pty(deadline)
        while True:
            if self.proc.poll() is not None:
                raise BoardError(f"QEMU exited with {self.proc.returncode}: {self.stderr_text()}")
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(str(self.serial_path))
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    self.stop()
                    raise BoardError("QEMU did not open its serial socket")
                time.sleep(0.02)
        self._start_reader()
        return self

    def _start_reader(self):
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, args=(self.sock,), daemon=True)
        self._reader.start()

    def _read_loop(self, sock):
        sock.settimeout(0.2)
        while True:
            try:
                chunk = sock.recv(4096)
            except (socket.timeout, TimeoutError):
                if self._reader is not threading.current_thread():
                    return          # stop_reader() asked us to go
                continue
            except (OSError, ValueError):
                chunk = b""
            with self._cv:
                if not chunk:
                    self._closed = True
                    self._cv.notify_all()
                    return
                self._buf += chunk
                self.serial_log += chunk
                self._cv.notify_all()

    def _stop_reader(self):
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.join(timeout=2)

    def _wait_pty(self, deadline):
        """QEMU names the pty on stderr: 'char device redirected to /dev/pts/N'."""
        while True:
            m = re.search(r"char device redirected to (/dev/pts/\d+)", self.stderr_text())
            if m:
                self.pty_path = m.group(1)
                return self
            if self.proc.poll() is not None:
                raise BoardError(f"QEMU exited with {self.proc.returncode}: {self.stderr_text()}")
            if time.monotonic() > deadline:
                self.stop()
                raise BoardError("QEMU did not report its pty")
            time.sleep(0.02)

    def open_serial(self):
        """pty mode: open the pty (raw) for write/read_until/eval and friends."""
        fd = os.open(self.pty_path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(fd)   # no echo, no line editing, no CR/LF translation
        self.sock = _PtySocket(fd)
        with self._cv:
            self._buf.clear()
        self._start_reader()
        return self

    def close_serial(self):
        """pty mode: let go of the pty (e.g. before mpremote opens it)."""
        self._stop_reader()
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    @property
    def qmp(self):
        """QMP connection, opened on first use.

        Connecting while QEMU is still starting up can leave the first command
        unanswered (seen with QEMU 10.0), so tests reach QMP only when they need it,
        normally after the board has booted.
        """
        if self._qmp is None:
            self._qmp = QMP(str(self.qmp_path))
        return self._qmp

    def _signal(self, sig):
        # QEMU runs in its own session: signal the whole group, so a wrapper script
        # (make coverage) and the QEMU under it go together.
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self):
        """Pull the plug: SIGKILL, no chance for QEMU to tidy up."""
        if self.proc and self.proc.poll() is None:
            self._signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        """Stop QEMU (SIGTERM, then SIGKILL) and release everything. Idempotent."""
        _running.discard(self)
        if self.proc and self.proc.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
        self._stop_reader()
        for obj in (self._qmp, self.sock):
            try:
                obj and obj.close()
            except OSError:
                pass
        self._qmp = self.sock = None
        if self._own_workdir and self.workdir.exists():
            self.save_logs(None)

    def save_logs(self, dest):
        """Copy the UART log and QEMU logs to dest (a folder), or drop them if None."""
        if dest is not None:
            dest = Path(dest)
            dest.mkdir(parents=True, exist_ok=True)
            (dest / "uart.log").write_bytes(bytes(self.serial_log))
            for name in ("qemu.log", "qemu.stderr"):
                if (self.workdir / name).exists():
                    shutil.copy(self.workdir / name, dest / name)
            if self._qmp is not None:
                (dest / "qmp-last.txt").write_text(repr(self._qmp.last_exchange))
        elif self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def stderr_text(self):
        p = self.workdir / "qemu.stderr"
        return p.read_text(errors="replace").strip() if p.exists() else ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- serial ---------------------------------------------------------------------
    def write(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def read_until(self, marker, timeout=10.0):
        """Return everything received up to and including marker (bytes)."""
        if isinstance(marker, str):
            marker = marker.encode()
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                idx = self._buf.find(marker)
                if idx >= 0:
                    out = bytes(self._buf[:idx + len(marker)])
                    del self._buf[:idx + len(marker)]
                    return out
                if self._closed:
                    raise BoardError(f"serial closed while waiting for {marker!r} "
                                     f"(QEMU: {self.stderr_text()})")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise BoardError(f"timeout waiting for {marker!r}; last output: "
                                     f"{bytes(self._buf[-300:])!r}")
                self._cv.wait(remaining)

    def drain(self, quiet=0.2):
        """Return whatever arrives until the line is quiet for `quiet` s."""
        with self._cv:
            while True:
                n = len(self._buf)
                self._cv.wait(quiet)
                if len(self._buf) == n or self._closed:
                    out = bytes(self._buf)
                    self._buf.clear()
                    return out

    # --- REPL -----------------------------------------------------------------------
    def wait_prompt(self, timeout=15.0):
        return self.read_until(PROMPT, timeout)

    def eval(self, line, timeout=10.0):
        """Type one line at the friendly REPL; return what it printed (no echo/prompt)."""
        self.write(line + "\r")
        out = self.read_until(b"\r\n" + PROMPT, timeout)[:-len(b"\r\n" + PROMPT)]
        echo = line.encode() + b"\r\n"
        if out.startswith(echo):
            out = out[len(echo):]
        elif out == line.encode():
            out = b""
        return out.decode(errors="replace")

    def enter_raw(self):
        self.write(b"\r\x03\x03\x01")
        self.read_until(RAW_PROMPT)

    def exit_raw(self):
        self.write(b"\x02")
        self.wait_prompt()

    def exec_raw(self, code, timeout=10.0):
        """Run code in the raw REPL (already entered); return (stdout, stderr)."""
        self.write(code.encode() + b"\x04")
        self.read_until(b"OK", timeout)
        out = self.read_until(b"\x04", timeout)[:-1]
        err = self.read_until(b"\x04", timeout)[:-1]
        self.read_until(b">", timeout)
        return out.decode(errors="replace"), err.decode(errors="replace")

    def exec_raw_paste(self, code, timeout=10.0):
        """Run code through raw-paste mode with its flow control; return (stdout, stderr)."""
        data = code.encode()
        self.write(b"\x05A\x01")
        if self.read_until(b"R", timeout) != b"R" or self.read_until(b"\x01", timeout) != b"\x01":
            raise BoardError("board refused raw-paste mode")
        hdr = self._read_exact(2, timeout)
        window = int.from_bytes(hdr, "little")
        credit = window
        pos = 0
        while pos < len(data):
            while credit == 0 or self._buf:
                c = self._read_exact(1, timeout)
                if c == b"\x01":
                    credit += window
                elif c == b"\x04":
                    raise BoardError("board aborted raw-paste")
                if not self._buf and credit:
                    break
            n = min(credit, len(data) - pos)
            self.write(data[pos:pos + n])
            pos += n
            credit -= n
        self.write(b"\x04")
        self.read_until(b"\x04", timeout)   # end-of-data acknowledged
        out = self.read_until(b"\x04", timeout)[:-1]
        err = self.read_until(b"\x04", timeout)[:-1]
        self.read_until(b">", timeout)
        return out.decode(errors="replace"), err.decode(errors="replace")

    def _read_exact(self, n, timeout):
        deadline = time.monotonic() + timeout
        with self._cv:
            while len(self._buf) < n:
                if self._closed:
                    raise BoardError("serial closed")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise BoardError(f"timeout reading {n} bytes")
                self._cv.wait(remaining)
            out = bytes(self._buf[:n])
            del self._buf[:n]
            return out


class _PtySocket:
    """The subset of the socket API that Board uses, over a pty file descriptor."""

    def __init__(self, fd):
        self.fd = fd
        self.timeout = None

    def settimeout(self, timeout):
        self.timeout = timeout

    def sendall(self, data):
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]

    def recv(self, n):
        ready, _, _ = select.select([self.fd], [], [], self.timeout)
        if not ready:
            raise socket.timeout()
        try:
            return os.read(self.fd, n)
        except OSError:
            return b""   # EIO: QEMU closed the pty

    def close(self):
        os.close(self.fd)
