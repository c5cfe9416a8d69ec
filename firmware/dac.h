// pyb.DAC: DAC channels 1 (PA4) and 2 (PA5).
#ifndef MICROPY_INCLUDED_DAC_H
#define MICROPY_INCLUDED_DAC_H

#include "py/obj.h"

extern const mp_obj_type_t pyb_dac_type;

// Soft reset: both channels off, their DMA streams stopped.
void dac_deinit_all(void);

#endif // MICROPY_INCLUDED_DAC_H
