// Clock tree setup (HSE + PLL, per RM0090 section 6/7) and frequency queries.
#include "py/mpconfig.h"
#include "stm32f407.h"
#include "system_stm32.h"
#include "systick.h"

#define HSI_VALUE (16000000)

// Timeouts in ms, the values ST's HAL uses (PLL a little more generous).
#define HSE_STARTUP_TIMEOUT_MS (100)
#define PLL_TIMEOUT_MS (10)
#define FLASH_LATENCY_TIMEOUT_MS (10)
#define CLOCKSWITCH_TIMEOUT_MS (5000)

// 5 wait states: required for 150-168 MHz at 2.7-3.6 V (RM0090 table 10).
#define FLASH_LATENCY_168MHZ (5)

void SystemInit(void) {
    // Vectors are linked at 0x08000000; do not rely on the boot alias at 0.
    SCB->VTOR = FLASH_BASE;
    // 8-byte stack alignment on exception entry, as the EABI expects.
    SCB->CCR |= SCB_CCR_STKALIGN_Msk;
}

// Poll until (*reg & mask) == value; false on timeout. Needs SysTick running.
static bool wait_for(volatile uint32_t *reg, uint32_t mask, uint32_t value, uint32_t timeout_ms) {
    uint32_t start = systick_ms();
    while ((*reg & mask) != value) {
        if (systick_ms() - start > timeout_ms) {
            return (*reg & mask) == value;
        }
    }
    return true;
}

bool SystemClock_Config(void) {
    // External 8 MHz crystal.
    RCC->CR |= RCC_CR_HSEON;
    if (!wait_for(&RCC->CR, RCC_CR_HSERDY, RCC_CR_HSERDY, HSE_STARTUP_TIMEOUT_MS)) {
        RCC->CR &= ~RCC_CR_HSEON;
        return false;
    }

    // Regulator scale 1, needed above 144 MHz. The read-back gives the clock
    // enable time to take effect before PWR is written (ST errata: delay after
    // an RCC peripheral clock enable).
    RCC->APB1ENR |= RCC_APB1ENR_PWREN;
    (void)RCC->APB1ENR;
    PWR->CR |= PWR_CR_VOS;

    // Flash wait states must be raised before the clock is.
    FLASH->ACR = (FLASH_LATENCY_168MHZ << FLASH_ACR_LATENCY_Pos)
        | FLASH_ACR_ICEN | FLASH_ACR_DCEN | FLASH_ACR_PRFTEN;
    if (!wait_for(&FLASH->ACR, FLASH_ACR_LATENCY_Msk, FLASH_LATENCY_168MHZ << FLASH_ACR_LATENCY_Pos, FLASH_LATENCY_TIMEOUT_MS)) {
        return false;
    }

    // PLL must be off while it is reconfigured.
    RCC->CR &= ~RCC_CR_PLLON;
    if (!wait_for(&RCC->CR, RCC_CR_PLLRDY, 0, PLL_TIMEOUT_MS)) {
        return false;
    }
    // VCO = HSE / M * N, SYSCLK = VCO / P, USB/SDIO = VCO / Q. Reserved bits keep their value.
    RCC->PLLCFGR = (RCC->PLLCFGR & ~(RCC_PLLCFGR_PLLM_Msk | RCC_PLLCFGR_PLLN_Msk | RCC_PLLCFGR_PLLP_Msk
        | RCC_PLLCFGR_PLLSRC_HSE | RCC_PLLCFGR_PLLQ_Msk))
        | (MICROPY_HW_CLK_PLLM << RCC_PLLCFGR_PLLM_Pos)
        | (MICROPY_HW_CLK_PLLN << RCC_PLLCFGR_PLLN_Pos)
        | (((MICROPY_HW_CLK_PLLP / 2) - 1) << RCC_PLLCFGR_PLLP_Pos)
        | RCC_PLLCFGR_PLLSRC_HSE
        | (MICROPY_HW_CLK_PLLQ << RCC_PLLCFGR_PLLQ_Pos);
    RCC->CR |= RCC_CR_PLLON;
    if (!wait_for(&RCC->CR, RCC_CR_PLLRDY, RCC_CR_PLLRDY, PLL_TIMEOUT_MS)) {
        return false;
    }

    // AHB /1 (168 MHz), APB1 /4 (42 MHz, its maximum), APB2 /2 (84 MHz, its maximum).
    RCC->CFGR = (RCC->CFGR & ~(RCC_CFGR_HPRE_Msk | RCC_CFGR_PPRE1_Msk | RCC_CFGR_PPRE2_Msk))
        | (0 << RCC_CFGR_HPRE_Pos)
        | (5 << RCC_CFGR_PPRE1_Pos)
        | (4 << RCC_CFGR_PPRE2_Pos);

    // Switch SYSCLK to the PLL.
    RCC->CFGR = (RCC->CFGR & ~RCC_CFGR_SW_Msk) | RCC_CFGR_SW_PLL;
    return wait_for(&RCC->CFGR, RCC_CFGR_SWS_Msk, RCC_CFGR_SW_PLL << RCC_CFGR_SWS_Pos, CLOCKSWITCH_TIMEOUT_MS);
}

uint32_t stm32_get_sysclk_freq(void) {
    switch ((RCC->CFGR & RCC_CFGR_SWS_Msk) >> RCC_CFGR_SWS_Pos) {
        case RCC_CFGR_SW_HSE:
            return MICROPY_HW_HSE_VALUE;
        case RCC_CFGR_SW_PLL: {
            uint32_t pllcfgr = RCC->PLLCFGR;
            uint32_t src = (pllcfgr & RCC_PLLCFGR_PLLSRC_HSE) ? MICROPY_HW_HSE_VALUE : HSI_VALUE;
            uint32_t m = (pllcfgr & RCC_PLLCFGR_PLLM_Msk) >> RCC_PLLCFGR_PLLM_Pos;
            uint32_t n = (pllcfgr & RCC_PLLCFGR_PLLN_Msk) >> RCC_PLLCFGR_PLLN_Pos;
            uint32_t p = (((pllcfgr & RCC_PLLCFGR_PLLP_Msk) >> RCC_PLLCFGR_PLLP_Pos) + 1) * 2;
            if (m == 0) {
                return 0; // invalid setting, the PLL cannot run
            }
            return src / m * n / p;
        }
        default:
            return HSI_VALUE;
    }
}

uint32_t stm32_get_hclk_freq(void) {
    // HPRE 0xxx: /1, 1000..1111: /2 /4 /8 /16 /64 /128 /256 /512 (no /32).
    static const uint8_t hpre_shift[8] = { 1, 2, 3, 4, 6, 7, 8, 9 };
    uint32_t hpre = (RCC->CFGR & RCC_CFGR_HPRE_Msk) >> RCC_CFGR_HPRE_Pos;
    uint32_t sysclk = stm32_get_sysclk_freq();
    return hpre < 8 ? sysclk : sysclk >> hpre_shift[hpre - 8];
}

// PPREx 0xx: /1, 100..111: /2 /4 /8 /16.
static uint32_t apb_freq(uint32_t ppre) {
    uint32_t hclk = stm32_get_hclk_freq();
    return ppre < 4 ? hclk : hclk >> (ppre - 3);
}

uint32_t stm32_get_pclk1_freq(void) {
    return apb_freq((RCC->CFGR & RCC_CFGR_PPRE1_Msk) >> RCC_CFGR_PPRE1_Pos);
}

uint32_t stm32_get_pclk2_freq(void) {
    return apb_freq((RCC->CFGR & RCC_CFGR_PPRE2_Msk) >> RCC_CFGR_PPRE2_Pos);
}
