// Low-level MCU setup and clock tree queries for the STM32F407.
#ifndef MICROPY_INCLUDED_SYSTEM_STM32_H
#define MICROPY_INCLUDED_SYSTEM_STM32_H

#include <stdbool.h>
#include <stdint.h>

// Called from Reset_Handler after .data/.bss are set up, before main().
void SystemInit(void);

// Switch SYSCLK to the PLL fed by HSE (168 MHz on STM32F4DISC). Returns false,
// leaving the MCU on the 16 MHz HSI, if HSE or the PLL does not come up.
bool SystemClock_Config(void);

// Clock frequencies in Hz, computed from the RCC registers.
uint32_t stm32_get_sysclk_freq(void);
uint32_t stm32_get_hclk_freq(void);
uint32_t stm32_get_pclk1_freq(void);
uint32_t stm32_get_pclk2_freq(void);

#endif // MICROPY_INCLUDED_SYSTEM_STM32_H
