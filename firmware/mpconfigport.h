// MicroPython configuration for the register-level STM32F407 port.
#include <stdint.h>

// Board specific definitions (name, clocks, pins).
#include "mpconfigboard.h"

#ifndef MICROPY_CONFIG_ROM_LEVEL
#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)
#endif

// Memory allocation policies.
#define MICROPY_GC_STACK_ENTRY_TYPE uint16_t // heap is < 256K blocks
#define MICROPY_ALLOC_PATH_MAX      (128)

// Optimisations.
#define MICROPY_OPT_COMPUTED_GOTO   (1)
#define MICROPY_OPT_MAP_LOOKUP_CACHE (1)

// Emitters: native/viper/asm_thumb for the Cortex-M4.
#define MICROPY_PERSISTENT_CODE_LOAD (1)
#define MICROPY_EMIT_THUMB          (1)
#define MICROPY_EMIT_INLINE_THUMB   (1)
#define MICROPY_MAKE_POINTER_CALLABLE(p) ((void *)((uint32_t)(p) | 1))

// Python internal features.
#define MICROPY_READER_VFS          (1)
#define MICROPY_ENABLE_GC           (1)
#define MICROPY_ENABLE_EMERGENCY_EXCEPTION_BUF (1)
#define MICROPY_EMERGENCY_EXCEPTION_BUF_SIZE (0)
#define MICROPY_REPL_INFO           (1)
#define MICROPY_LONGINT_IMPL        (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_FLOAT_IMPL          (MICROPY_FLOAT_IMPL_FLOAT)
#define MICROPY_USE_INTERNAL_ERRNO  (1)
#define MICROPY_SCHEDULER_STATIC_NODES (1)
#define MICROPY_SCHEDULER_DEPTH     (8)
#define MICROPY_VFS                 (1)
// MICROPY_VFS_LFS2 and MICROPY_VFS_FAT come from the Makefile (extmod.mk adds the
// sources). /flash is littlefs v2 on the internal flash (storage.c); FAT as on
// the stm32 port.
#define MICROPY_FATFS_ENABLE_LFN    (2)
#define MICROPY_FATFS_LFN_CODE_PAGE 437 // LFN/U.S. (OEM)
#define MICROPY_FATFS_USE_LABEL     (1)
#define MICROPY_FATFS_RPATH         (2)
#define MICROPY_PY_OS_SYNC          (1)

// Control over Python builtins.
#define MICROPY_PY_BUILTINS_HELP_TEXT stm32_help_text
#define MICROPY_PY_SYS_PLATFORM     "pyboard" // as on every stm32 board

// Extended modules.
#define MICROPY_PY_OS_UNAME         (1) // machine = MICROPY_HW_BOARD_NAME " with " MICROPY_HW_MCU_NAME
#define MICROPY_PY_OS_URANDOM       (1) // from the hardware RNG
#define MICROPY_PY_OS_INCLUDEFILE   "os_port.c" // not "modos.c", same reason as modtime.c
#define MICROPY_PY_TIME_GMTIME_LOCALTIME_MKTIME (1)
#define MICROPY_PY_TIME_TIME_TIME_NS (1)
#define MICROPY_PY_TIME_INCLUDEFILE "time_port.c" // not "modtime.c": it would include extmod's own file
#define MICROPY_PY_RANDOM_SEED_INIT_FUNC (mp_hal_random_seed())
#define MICROPY_PY_MACHINE          (1)
#define MICROPY_PY_MACHINE_INCLUDEFILE "machine_port.c" // not "modmachine.c", same reason
#define MICROPY_PY_MACHINE_RESET    (1)
#define MICROPY_PY_MACHINE_BARE_METAL_FUNCS (1)
#define MICROPY_PY_MACHINE_DISABLE_IRQ_ENABLE_IRQ (1)
#define MICROPY_PY_MACHINE_FREQ_NUM_ARGS_MAX (4)
#define MICROPY_PY_MACHINE_PIN_MAKE_NEW mp_pin_make_new // Signal("PD12", Pin.OUT, ...)
#define MICROPY_PY_MACHINE_PULSE    (1)
#define MICROPY_PY_MACHINE_SOFTI2C  (1)
#define MICROPY_PY_MACHINE_SOFTSPI  (1)
#define MICROPY_PY_STM              (1) // stm.mem32, stm.GPIOA, stm.GPIO_ODR... (modstm.c)

// machine.WDT on the IWDG; machine.RTC is the port's (rtc.c).
#define MICROPY_PY_MACHINE_WDT      (1)
#define MICROPY_PY_MACHINE_WDT_INCLUDEFILE "machine_wdt_port.c" // not "machine_wdt.c": extmod's own

// machine.UART/pyb.UART on USART1..6 (uart.c), UART(2) being the REPL's.
#define MICROPY_PY_MACHINE_UART     (1)
#define MICROPY_PY_MACHINE_UART_INCLUDEFILE "machine_uart_port.c" // not "machine_uart.c": extmod's own
#define MICROPY_PY_MACHINE_UART_SENDBREAK (1)
#define MICROPY_PY_MACHINE_UART_READCHAR_WRITECHAR (1)
#define MICROPY_PY_MACHINE_UART_IRQ (1)

// Timers (timer.c): pyb.Timer, machine.Timer (our own class, soft timers included,
// so extmod's machine_timer.c stays off), machine.PWM, pyb.Servo on TIM5.
#define MICROPY_PY_MACHINE_PWM      (1)
#define MICROPY_PY_MACHINE_PWM_INCLUDEFILE "machine_pwm_port.c" // not "machine_pwm.c": extmod's own
// ADC
#define MICROPY_PY_MACHINE_ADC      (1)
#define MICROPY_PY_MACHINE_ADC_INCLUDEFILE "machine_adc_port.c" // not "machine_adc.c": extmod's own
// SPI and I2C (spi.c, i2c.c): pyb.SPI/machine.SPI on SPI1/SPI2. machine.SPI.MSB/LSB
// are the CR1.LSBFIRST encodings, as on the stm32 port.
#define MICROPY_PY_MACHINE_SPI      (1)
#define MICROPY_PY_MACHINE_SPI_MSB  (0)
#define MICROPY_PY_MACHINE_SPI_LSB  (0x80)
#define MICROPY_PY_MACHINE_I2C      (1)
#ifndef MICROPY_HW_ENABLE_SERVO
#define MICROPY_HW_ENABLE_SERVO     (1)
#endif
// shared/runtime/softtimer.c: driven by SysTick's millisecond count, its heap
// guarded at PendSV priority (its handler runs in PendSV, pendsv.c).
#define MICROPY_SOFT_TIMER_TICKS_MS uwTick
#define MICROPY_PY_PENDSV_ENTER     uint32_t atomic_state = raise_irq_pri(IRQ_PRI_PENDSV)
#define MICROPY_PY_PENDSV_EXIT      restore_irq_pri(atomic_state)

// REPL input buffer, filled by the UART RX interrupt.
#ifndef MICROPY_HW_STDIN_BUFFER_LEN
#define MICROPY_HW_STDIN_BUFFER_LEN (1024)
#endif

#define MP_STATE_PORT MP_STATE_VM

// Type definitions for the specific machine.
#define MP_SSIZE_MAX (0x7fffffff)
#define UINT_FMT "%u"
#define INT_FMT "%d"
typedef int mp_int_t; // must be pointer size
typedef unsigned int mp_uint_t; // must be pointer size
typedef long mp_off_t;

// Waiting for input or in sleep_ms: run pending callbacks and exceptions, then
// sleep until the next interrupt (UART RX or the 1 ms SysTick) so QEMU idles too.
#define MICROPY_EVENT_POLL_HOOK \
    do { \
        extern void mp_handle_pending(bool); \
        mp_handle_pending(true); \
        __asm volatile ("wfi"); \
    } while (0);

// We need an implementation of the log2 function which is not a macro.
#define MP_NEED_LOG2 (1)

// We need to provide a declaration/definition of alloca().
#include <alloca.h>

// For MICROPY_PY_RANDOM_SEED_INIT_FUNC: a word from the hardware RNG.
uint32_t mp_hal_random_seed(void);
