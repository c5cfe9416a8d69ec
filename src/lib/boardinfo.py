"""Board and CPU information for the STM32F4-Discovery."""

import binascii
import gc
import machine
import os
from micropython import const

_FLASH_SIZE_ADDR = const(0x1FFF7A22)  # flash size in KB (RM0090 39.2)


def unique_id_hex():
    """The 96-bit device ID as 24 hex digits."""
    return binascii.hexlify(machine.unique_id()).decode()


def flash_size_kb():
    return machine.mem16[_FLASH_SIZE_ADDR]


def info():
    """A dict of board facts: name, firmware, clocks (Hz), ID, flash and heap."""
    u = os.uname()
    sysclk, hclk, pclk1, pclk2 = machine.freq()
    gc.collect()
    return {
        "machine": u.machine,
        "release": u.release,
        "sysclk": sysclk,
        "hclk": hclk,
        "pclk1": pclk1,
        "pclk2": pclk2,
        "unique_id": unique_id_hex(),
        "flash_kb": flash_size_kb(),
        "heap_free": gc.mem_free(),
        "heap_total": gc.mem_free() + gc.mem_alloc(),
    }


def show():
    i = info()
    print("{} (MicroPython {})".format(i["machine"], i["release"]))
    print(
        "clocks: SYSCLK {} MHz, HCLK {} MHz, APB1 {} MHz, APB2 {} MHz".format(
            i["sysclk"] // 1000000, i["hclk"] // 1000000, i["pclk1"] // 1000000, i["pclk2"] // 1000000
        )
    )
    print("unique id: {}, flash: {} KB".format(i["unique_id"], i["flash_kb"]))
    print("heap: {} of {} bytes free".format(i["heap_free"], i["heap_total"]))
