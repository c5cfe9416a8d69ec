// gc_collect(): roots are the registers and the main stack (root pointers in
// MP_STATE are scanned by gc_collect_start).
#include "py/gc.h"
#include "shared/runtime/gchelper.h"
#include "gccollect.h"

void gc_collect(void) {
    gc_collect_start();
    gc_helper_collect_regs_and_stack();
    gc_collect_end();
}
