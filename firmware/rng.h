// Hardware random number generator (RNG, RM0090 section 24).
#ifndef MICROPY_INCLUDED_STM32F4DISC_RNG_H
#define MICROPY_INCLUDED_STM32F4DISC_RNG_H

#include <stdint.h>

// A 32-bit word from the RNG; enables its clock and the generator on first use.
uint32_t rng_get(void);

#endif
