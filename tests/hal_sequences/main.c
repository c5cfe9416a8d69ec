// HAL-style bring-up check for the stm32f4-discovery machine.
//
// STM32CubeF4 (ST's HAL) cannot be fetched in this environment (not in Debian, not on npm),
// so this bare-metal program performs the register sequences that the HAL functions named
// below perform, as documented in UM1725 ("Description of STM32F4 HAL and low-layer
// drivers"), with the HAL's timeout rule: poll a flag, give up after N ms of the 1 kHz
// SysTick tick. It stands in for "firmware built on the HAL boots on the model": a model
// whose ready flags never come up, or whose registers do not read back as RM0090 says,
// fails here the way HAL_RCC_OscConfig() & co. would fail on it (HAL_TIMEOUT/HAL_ERROR).
//
// It uses raw RM0090 addresses, not the firmware's header, so that it checks the models
// independently of the MicroPython port. Output on USART2: one line per step, then
// "hal-sequences: N passed, N failed". The IWDG step resets the chip on purpose; after
// the reboot the program sees IWDGRSTF in RCC_CSR and finishes.
#include <stdint.h>
#include <stdbool.h>

#define REG(addr) (*(volatile uint32_t *)(addr))

#define RCC         0x40023800u
#define RCC_CR      REG(RCC + 0x00)
#define RCC_PLLCFGR REG(RCC + 0x04)
#define RCC_CFGR    REG(RCC + 0x08)
#define RCC_AHB1ENR REG(RCC + 0x30)
#define RCC_AHB2ENR REG(RCC + 0x34)
#define RCC_APB1ENR REG(RCC + 0x40)
#define RCC_APB2ENR REG(RCC + 0x44)
#define RCC_BDCR    REG(RCC + 0x70)
#define RCC_CSR     REG(RCC + 0x74)
#define FLASH_ACR   REG(0x40023C00)
#define FLASH_KEYR  REG(0x40023C04)
#define FLASH_SR    REG(0x40023C0C)
#define FLASH_CR    REG(0x40023C10)
#define PWR_CR      REG(0x40007000)
#define GPIOA       0x40020000u
#define GPIOD       0x40020C00u
#define GPIO_MODER(p)   REG((p) + 0x00)
#define GPIO_OTYPER(p)  REG((p) + 0x04)
#define GPIO_OSPEEDR(p) REG((p) + 0x08)
#define GPIO_PUPDR(p)   REG((p) + 0x0C)
#define GPIO_IDR(p)     REG((p) + 0x10)
#define GPIO_ODR(p)     REG((p) + 0x14)
#define GPIO_BSRR(p)    REG((p) + 0x18)
#define GPIO_AFRL(p)    REG((p) + 0x20)
#define USART2      0x40004400u
#define USART_SR    REG(USART2 + 0x00)
#define USART_DR    REG(USART2 + 0x04)
#define USART_BRR   REG(USART2 + 0x08)
#define USART_CR1   REG(USART2 + 0x0C)
#define USART_CR2   REG(USART2 + 0x10)
#define USART_CR3   REG(USART2 + 0x14)
#define RNG_CR      REG(0x50060800)
#define RNG_SR      REG(0x50060804)
#define RNG_DR      REG(0x50060808)
#define TIM2        0x40000000u
#define TIM_CR1     REG(TIM2 + 0x00)
#define TIM_DIER    REG(TIM2 + 0x0C)
#define TIM_SR      REG(TIM2 + 0x10)
#define TIM_EGR     REG(TIM2 + 0x14)
#define TIM_CNT     REG(TIM2 + 0x24)
#define TIM_PSC     REG(TIM2 + 0x28)
#define TIM_ARR     REG(TIM2 + 0x2C)
#define RTC         0x40002800u
#define RTC_TR      REG(RTC + 0x00)
#define RTC_DR      REG(RTC + 0x04)
#define RTC_CR      REG(RTC + 0x08)
#define RTC_ISR     REG(RTC + 0x0C)
#define RTC_PRER    REG(RTC + 0x10)
#define RTC_WPR     REG(RTC + 0x24)
#define RTC_BKP0R   REG(RTC + 0x50)
#define IWDG_KR     REG(0x40003000)
#define IWDG_PR     REG(0x40003004)
#define IWDG_RLR    REG(0x40003008)
#define IWDG_SR     REG(0x4000300C)
#define STK_CTRL    REG(0xE000E010)
#define STK_LOAD    REG(0xE000E014)
#define STK_VAL     REG(0xE000E018)
#define NVIC_ISER0  REG(0xE000E100)
#define SCB_AIRCR   REG(0xE000ED0C)

// --- time base: HAL_IncTick()/HAL_GetTick() ------------------------------------------------
static volatile uint32_t ticks;
static volatile uint32_t tim2_updates;

void SysTick_Handler(void) {
    ticks++;
}

// HAL_TIM_IRQHandler() for the update event: check flag and enable, clear rc_w0.
void TIM2_IRQHandler(void) {
    if ((TIM_SR & 1) && (TIM_DIER & 1)) {
        TIM_SR = ~1u;
        tim2_updates++;
    }
}

// HAL_InitTick(): SysTick at 1 kHz from HCLK.
static void init_tick(uint32_t hclk) {
    STK_LOAD = hclk / 1000 - 1;
    STK_VAL = 0;
    STK_CTRL = 7;
}

// The HAL's polling loop: true when (reg & mask) == want within timeout_ms.
static bool wait_flag(volatile uint32_t *reg, uint32_t mask, uint32_t want, uint32_t timeout_ms) {
    uint32_t start = ticks;
    while ((*reg & mask) != want) {
        if (ticks - start > timeout_ms) {
            return false;
        }
    }
    return true;
}

// --- output (HAL_UART_Transmit: TXE per byte, TC at the end) ----------------------------------
static bool uart_ready;

static void put(const char *s) {
    if (!uart_ready) {
        return;
    }
    for (; *s; s++) {
        wait_flag(&USART_SR, 1u << 7, 1u << 7, 10);
        USART_DR = (uint8_t)*s;
    }
    wait_flag(&USART_SR, 1u << 6, 1u << 6, 10);
}

static void put_hex(uint32_t v) {
    char buf[11] = "0x";
    for (int i = 0; i < 8; i++) {
        buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
    }
    buf[10] = 0;
    put(buf);
}

static unsigned passed, failed;

static void step(const char *name, bool ok, const char *detail, uint32_t value) {
    put(ok ? "ok   " : "FAIL ");
    put(name);
    if (!ok) {
        put(": ");
        put(detail);
        put(" ");
        put_hex(value);
    }
    put("\r\n");
    if (ok) {
        passed++;
    } else {
        failed++;
    }
}

static void put_uint(unsigned v) {
    char buf[12];
    int i = 11;
    buf[i] = 0;
    do {
        buf[--i] = '0' + v % 10;
        v /= 10;
    } while (v);
    put(&buf[i]);
}

// --- the HAL sequences -----------------------------------------------------------------------

// HAL_UART_Init(): 115200 8N1 from PCLK1, oversampling 16; GPIO PA2/PA3 AF7 first (MspInit).
static void hal_uart_init(uint32_t pclk1) {
    RCC_AHB1ENR |= 1u << 0;
    RCC_APB1ENR |= 1u << 17;
    GPIO_AFRL(GPIOA) = (GPIO_AFRL(GPIOA) & ~0xFF00u) | 0x7700u;
    GPIO_MODER(GPIOA) = (GPIO_MODER(GPIOA) & ~0xF0u) | 0xA0u;
    USART_CR1 &= ~(1u << 13);                         // UE off while configuring
    USART_CR2 &= ~(3u << 12);                         // 1 stop bit
    USART_CR1 = (USART_CR1 & ~0x160Cu) | 0x000Cu;     // 8 bits, no parity, TE RE
    USART_CR3 &= ~0x300u;                             // no flow control
    USART_BRR = (pclk1 + 115200 / 2) / 115200;        // UART_BRR_SAMPLING16
    USART_CR2 &= ~((1u << 14) | (1u << 11));          // LINEN, CLKEN
    USART_CR3 &= ~((1u << 5) | (1u << 3) | (1u << 1)); // SCEN, HDSEL, IREN
    USART_CR1 |= 1u << 13;
    uart_ready = true;
}

// HAL_RCC_OscConfig() (HSE on, PLL from HSE M8 N336 P2 Q7) and HAL_RCC_ClockConfig()
// (SYSCLK from PLL, AHB /1, APB1 /4, APB2 /2, 5 wait states): what SystemClock_Config() of
// every STM32F4-Discovery Cube example does.
static void hal_system_clock_config(void) {
    RCC_APB1ENR |= 1u << 28;                          // __HAL_RCC_PWR_CLK_ENABLE
    PWR_CR |= 1u << 14;                               // VOS scale 1

    RCC_CR |= 1u << 16;                               // HSEON
    step("HAL_RCC_OscConfig: HSERDY within HSE_TIMEOUT_VALUE (100 ms)",
        wait_flag(&RCC_CR, 1u << 17, 1u << 17, 100), "RCC_CR", RCC_CR);

    RCC_CR &= ~(1u << 24);                            // PLL off before configuring it
    step("HAL_RCC_OscConfig: PLLRDY clears within PLL_TIMEOUT_VALUE (2 ms)",
        wait_flag(&RCC_CR, 1u << 25, 0, 2), "RCC_CR", RCC_CR);
    RCC_PLLCFGR = (1u << 22) | 8 | (336u << 6) | (0u << 16) | (7u << 24) | (1u << 29);
    RCC_CR |= 1u << 24;
    step("HAL_RCC_OscConfig: PLLRDY within PLL_TIMEOUT_VALUE (2 ms)",
        wait_flag(&RCC_CR, 1u << 25, 1u << 25, 2), "RCC_CR", RCC_CR);

    FLASH_ACR = (FLASH_ACR & ~7u) | 5;                // __HAL_FLASH_SET_LATENCY
    step("HAL_RCC_ClockConfig: FLASH_ACR latency reads back",
        (FLASH_ACR & 7) == 5, "FLASH_ACR", FLASH_ACR);
    RCC_CFGR |= (7u << 10) | (7u << 13);              // APB prescalers to /16 first
    RCC_CFGR &= ~(0xFu << 4);                         // HPRE /1
    RCC_CFGR = (RCC_CFGR & ~3u) | 2;                  // SW = PLL
    step("HAL_RCC_ClockConfig: SWS = PLL within CLOCKSWITCH_TIMEOUT_VALUE",
        wait_flag(&RCC_CFGR, 0xCu, 0x8u, 5000), "RCC_CFGR", RCC_CFGR);
    RCC_CFGR = (RCC_CFGR & ~(0x3Fu << 10)) | (5u << 10) | (4u << 13);  // APB1 /4, APB2 /2
    init_tick(168000000);                             // HAL_InitTick at the new HCLK
}

// HAL_GPIO_Init() for the green LED (PD12 output push-pull) and HAL_GPIO_TogglePin().
static void hal_gpio(void) {
    RCC_AHB1ENR |= 1u << 3;
    GPIO_OSPEEDR(GPIOD) &= ~(3u << 24);
    GPIO_OTYPER(GPIOD) &= ~(1u << 12);
    GPIO_PUPDR(GPIOD) &= ~(3u << 24);
    GPIO_MODER(GPIOD) = (GPIO_MODER(GPIOD) & ~(3u << 24)) | (1u << 24);
    GPIO_BSRR(GPIOD) = 1u << 12;                      // HAL_GPIO_WritePin SET
    bool on = (GPIO_IDR(GPIOD) >> 12) & 1;
    uint32_t odr = GPIO_ODR(GPIOD);                   // HAL_GPIO_TogglePin: BSRR from ODR
    GPIO_BSRR(GPIOD) = ((odr & (1u << 12)) << 16) | (~odr & (1u << 12));
    bool off = !((GPIO_IDR(GPIOD) >> 12) & 1);
    step("HAL_GPIO_WritePin/TogglePin: PD12 follows, read back by HAL_GPIO_ReadPin", on && off,
        "GPIOD_IDR", GPIO_IDR(GPIOD));
}

// HAL_FLASH_Unlock(), HAL_FLASHEx_Erase() (sector 11), HAL_FLASH_Program(WORD), Lock.
static void hal_flash(void) {
    volatile uint32_t *word = (volatile uint32_t *)0x080E0000;
    if (FLASH_CR & (1u << 31)) {
        FLASH_KEYR = 0x45670123;
        FLASH_KEYR = 0xCDEF89AB;
    }
    step("HAL_FLASH_Unlock: CR.LOCK clears", !(FLASH_CR & (1u << 31)), "FLASH_CR", FLASH_CR);
    bool idle = wait_flag(&FLASH_SR, 1u << 16, 0, 50000);   // FLASH_WaitForLastOperation
    FLASH_CR = (FLASH_CR & ~((3u << 8) | (0xFu << 3))) | (2u << 8) | (11u << 3) | (1u << 1);
    FLASH_CR |= 1u << 16;                             // STRT
    idle = idle && wait_flag(&FLASH_SR, 1u << 16, 0, 50000);
    FLASH_CR &= ~((1u << 1) | (0xFu << 3));
    step("HAL_FLASHEx_Erase: sector 11 erased, no error flag", idle && *word == 0xFFFFFFFF &&
        !(FLASH_SR & 0xF2u), "FLASH_SR", FLASH_SR);
    FLASH_CR = (FLASH_CR & ~(3u << 8)) | (2u << 8) | 1u;    // PSIZE x32, PG
    *word = 0x12345678;
    idle = wait_flag(&FLASH_SR, 1u << 16, 0, 50000);
    FLASH_CR &= ~1u;
    step("HAL_FLASH_Program: word programmed, EOP/no error", idle && *word == 0x12345678 &&
        !(FLASH_SR & 0xF2u), "FLASH_SR", FLASH_SR);
    FLASH_CR |= 1u << 31;                             // HAL_FLASH_Lock
    step("HAL_FLASH_Lock: CR.LOCK set", (FLASH_CR >> 31) & 1, "FLASH_CR", FLASH_CR);
}

// HAL_RNG_Init() + HAL_RNG_GenerateRandomNumber(): DRDY within RNG_TIMEOUT_VALUE (2 ms).
static void hal_rng(void) {
    RCC_AHB2ENR |= 1u << 6;
    RNG_CR |= 1u << 2;
    bool ready = wait_flag(&RNG_SR, 1u, 1u, 2);
    uint32_t a = RNG_DR;
    ready = ready && wait_flag(&RNG_SR, 1u, 1u, 2);
    uint32_t b = RNG_DR;
    step("HAL_RNG_GenerateRandomNumber: DRDY in time, no SECS/CECS, two different words",
        ready && !(RNG_SR & 0x66u) && a != b, "RNG_SR", RNG_SR);
}

// HAL_TIM_Base_Init() + HAL_TIM_Base_Start_IT() on TIM2: 1 kHz update interrupts.
static void hal_tim(void) {
    RCC_APB1ENR |= 1u << 0;
    TIM_CR1 = (TIM_CR1 & ~((1u << 4) | (3u << 5) | (3u << 8) | (1u << 7)));  // up, no ARPE
    TIM_ARR = 999;
    TIM_PSC = 83;                                     // 84 MHz timer clock -> 1 MHz
    TIM_EGR = 1;                                      // UG: load PSC now
    TIM_SR = ~1u;                                     // HAL clears UIF before starting
    NVIC_ISER0 = 1u << 28;
    TIM_DIER |= 1;
    TIM_CR1 |= 1;
    uint32_t start = ticks;
    tim2_updates = 0;
    while (ticks - start < 100) {
        __asm volatile ("wfi");
    }
    uint32_t n = tim2_updates;
    TIM_CR1 &= ~1u;
    TIM_DIER &= ~1u;
    step("HAL_TIM_Base_Start_IT: ~100 update IRQs in 100 ms of SysTick", n >= 90 && n <= 110,
        "updates", n);
}

// HAL_RTC_Init() on the LSI (HAL_RCCEx_PeriphCLKConfig), then HAL_RTC_SetTime/GetTime.
static void hal_rtc(void) {
    PWR_CR |= 1u << 8;                                // HAL_PWR_EnableBkUpAccess (DBP)
    RCC_CSR |= 1u;                                    // LSION
    step("HAL_RCC_OscConfig: LSIRDY within LSI_TIMEOUT_VALUE (2 ms)",
        wait_flag(&RCC_CSR, 2u, 2u, 2), "RCC_CSR", RCC_CSR);
    RCC_BDCR = (RCC_BDCR & ~(3u << 8)) | (2u << 8) | (1u << 15);    // RTCSEL = LSI, RTCEN
    RTC_WPR = 0xCA;
    RTC_WPR = 0x53;
    RTC_ISR = 0xFFFFFFFFu;                            // RTC_EnterInitMode: INIT (others rc_w0 kept)
    step("HAL_RTC_Init: INITF within RTC_TIMEOUT_VALUE (1000 ms)",
        wait_flag(&RTC_ISR, 1u << 6, 1u << 6, 1000), "RTC_ISR", RTC_ISR);
    RTC_CR &= ~(1u << 6);                             // 24-hour format
    RTC_PRER = 249;                                   // PREDIV_S for 32 kHz / 128 / 250 = 1 Hz
    RTC_PRER |= 127u << 16;
    RTC_TR = 0x00235958;                              // HAL_RTC_SetTime 23:59:58 (BCD)
    RTC_DR = 0x00241231 | (2u << 13);                 // HAL_RTC_SetDate 2024-12-31, Tuesday
    RTC_ISR &= ~(1u << 7);                            // exit init
    RTC_ISR &= ~(1u << 5);                            // HAL_RTC_WaitForSynchro: clear RSF...
    step("HAL_RTC_WaitForSynchro: RSF within RTC_TIMEOUT_VALUE",
        wait_flag(&RTC_ISR, 1u << 5, 1u << 5, 1000), "RTC_ISR", RTC_ISR);
    RTC_WPR = 0xFF;
    RTC_BKP0R = 0x32F2;                               // HAL_RTCEx_BKUPWrite
    step("HAL_RTCEx_BKUPRead: backup register reads back", RTC_BKP0R == 0x32F2, "BKP0R",
        RTC_BKP0R);
    uint32_t start = ticks;
    while (ticks - start < 2500) {
        __asm volatile ("wfi");
    }
    uint32_t tr = RTC_TR, dr = RTC_DR;                // HAL_RTC_GetTime, then GetDate
    step("HAL_RTC_GetTime/GetDate: 2.5 s later it is 2025-01-01 00:00:00 (Wednesday)",
        tr == 0 && (dr & 0xFFFF1F3F) == 0x00250101 && ((dr >> 13) & 7) == 3, "RTC_DR", dr);
}

// HAL_IWDG_Init() then no HAL_IWDG_Refresh(): the chip resets after ~(RLR+1)*4*2^PR/32 kHz.
static void hal_iwdg(void) {
    IWDG_KR = 0xCCCC;                                 // __HAL_IWDG_START
    IWDG_KR = 0x5555;                                 // IWDG_ENABLE_WRITE_ACCESS
    IWDG_PR = 0;                                      // /4: 8 kHz
    IWDG_RLR = 799;                                   // 100 ms
    step("HAL_IWDG_Init: SR.PVU/RVU clear within HAL_IWDG_DEFAULT_TIMEOUT",
        wait_flag(&IWDG_SR, 3u, 0, 48), "IWDG_SR", IWDG_SR);
    IWDG_KR = 0xAAAA;                                 // __HAL_IWDG_RELOAD_COUNTER
    put("waiting for the IWDG to reset the chip\r\n");
    uint32_t start = ticks;
    while (ticks - start < 1000) {
        __asm volatile ("wfi");
    }
    step("IWDG: chip reset within 1 s", false, "still running after", ticks - start);
}

int main(void) {
    init_tick(16000000);                              // HAL_Init: SysTick from HSI
    FLASH_ACR |= (1u << 8) | (1u << 9) | (1u << 10);  // prefetch, I- and D-cache
    uint32_t csr = RCC_CSR;
    hal_uart_init(16000000);                          // reports the clock steps
    hal_system_clock_config();
    hal_uart_init(42000000);                          // again at the new PCLK1
    put("\r\nHAL-style bring-up on stm32f4-discovery\r\n");
    if (csr & (1u << 29)) {                           // IWDGRSTF: second boot
        step("IWDG reset: RCC_CSR.IWDGRSTF set after the reboot", true, "", csr);
        step("HAL_RTCEx_BKUPRead: backup register survived the reset", RTC_BKP0R == 0x32F2,
            "BKP0R", RTC_BKP0R);
        RCC_CSR |= 1u << 24;                          // __HAL_RCC_CLEAR_RESET_FLAGS (RMVF)
        step("RCC_CSR: RMVF clears the reset flags", !(RCC_CSR & 0xFE000000u), "RCC_CSR",
            RCC_CSR);
    } else {
        hal_gpio();
        hal_flash();
        hal_rng();
        hal_tim();
        hal_rtc();
        put("hal-sequences: ");
        put_uint(passed);
        put(" passed, ");
        put_uint(failed);
        put(" failed (first boot)\r\n");
        hal_iwdg();
    }
    put("hal-sequences: ");
    put_uint(passed);
    put(" passed, ");
    put_uint(failed);
    put(" failed\r\n");
    for (;;) {
        __asm volatile ("wfi");
    }
}

// --- startup ---------------------------------------------------------------------------------
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;

void Reset_Handler(void) {
    uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    main();
}

void Default_Handler(void) {
    put("FAIL unexpected exception\r\n");
    SCB_AIRCR = 0x05FA0004;                           // SYSRESETREQ
    for (;;) {
    }
}

__attribute__((section(".isr_vector"), used))
static void (*const vectors[16 + 29])(void) = {
    [0] = (void (*)(void))&_estack,
    [1] = Reset_Handler,
    [2 ... 14] = Default_Handler,
    [15] = SysTick_Handler,
    [16 ... 16 + 27] = Default_Handler,
    [16 + 28] = TIM2_IRQHandler,
};
