# Boot demo (frozen): show what the board is, time a small computation, then
# return to the REPL.
import time

import boardinfo


def primes_below(n):
    sieve = bytearray(b"\x01" * n)
    sieve[0:2] = b"\x00\x00"
    for i in range(2, int(n**0.5) + 1):
        if sieve[i]:
            for j in range(i * i, n, i):
                sieve[j] = 0
    return [i for i in range(n) if sieve[i]]


boardinfo.show()
t0 = time.ticks_ms()
p = primes_below(10000)
dt = time.ticks_diff(time.ticks_ms(), t0)
print("{} primes below 10000 (largest {}) in {} ms".format(len(p), p[-1], dt))
