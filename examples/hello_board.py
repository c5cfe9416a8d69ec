# Who am I? Board identity, clocks and memory, the same on the real board.
import gc
import os

import machine

u = os.uname()
print("machine:", u.machine)
print("MicroPython:", u.release)
sysclk, hclk, pclk1, pclk2 = machine.freq()
print("SYSCLK {} MHz, APB1 {} MHz, APB2 {} MHz".format(sysclk // 10**6, pclk1 // 10**6, pclk2 // 10**6))
print("unique id:", machine.unique_id().hex())
gc.collect()
print("free heap:", gc.mem_free(), "bytes")
