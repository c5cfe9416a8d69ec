// Hardware random number generator: the source for os.urandom, pyb.rng and the
// random module's seed.
#include "py/mphal.h"
#include "rng.h"
#include "stm32f407.h"

#define RNG_SR_DRDY (1u << 0)
#define RNG_SR_CECS (1u << 1)
#define RNG_SR_SECS (1u << 2)
#define RNG_SR_SEIS (1u << 6)
#define RNG_CR_RNGEN (1u << 2)

uint32_t rng_get(void) {
    if (!(RNG->CR & RNG_CR_RNGEN)) {
        RCC->AHB2ENR |= RCC_AHB2ENR_RNGEN;
        (void)RCC->AHB2ENR;             // the clock is on before the first access
        RNG->CR = RNG_CR_RNGEN;
    }
    for (;;) {
        uint32_t sr = RNG->SR;
        if (sr & RNG_SR_SECS) {
            // RM0090 24.3.2: on a seed error, clear SEIS and restart the generator.
            RNG->SR = ~RNG_SR_SEIS;
            RNG->CR = 0;
            RNG->CR = RNG_CR_RNGEN;
        } else if ((sr & RNG_SR_DRDY) && !(sr & RNG_SR_CECS)) {
            return RNG->DR;
        }
        // A word takes 40 RNG clock periods (< 1 us): a plain busy wait.
    }
}
