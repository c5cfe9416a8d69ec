// Garbage collector root scanning, and the linker symbols that delimit memory.
#ifndef MICROPY_INCLUDED_GCCOLLECT_H
#define MICROPY_INCLUDED_GCCOLLECT_H

#include <stdint.h>

// Defined in stm32f407.ld.
extern uint32_t _etext;
extern uint32_t _sidata;
extern uint32_t _sdata;
extern uint32_t _edata;
extern uint32_t _sbss;
extern uint32_t _ebss;
extern uint32_t _heap_start;
extern uint32_t _heap_end;
extern uint32_t _sstack;
extern uint32_t _estack;
extern uint32_t _ram_start;
extern uint32_t _ram_end;

void gc_collect(void);

#endif // MICROPY_INCLUDED_GCCOLLECT_H
