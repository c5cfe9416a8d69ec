// gc_collect(): roots are the registers and the main stack (root pointers in
// MP_STATE are scanned by gc_collect_start).
#include "py/gc.h"
#include "shared/runtime/gchelper.h"
#include "shared/runtime/softtimer.h"
#include "gccollect.h"

void gc_collect(void) {
    gc_collect_start();
    gc_helper_collect_regs_and_stack();
    // Soft timers (machine.Timer(-1)) are reachable only from the soft timer heap.
    soft_timer_gc_mark_all();
    gc_collect_end();
}
