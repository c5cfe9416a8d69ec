// Port part of machine.WDT: the independent watchdog (IWDG, RM0090 ch. 21). Never
// compiled standalone: extmod/machine_wdt.c includes it via
// MICROPY_PY_MACHINE_WDT_INCLUDEFILE (hence not named machine_wdt.c).
//
// The IWDG counts down from RLR at LSI/(4 << PR) and resets the chip at 0 unless
// KR=0xAAAA reloads it first. Once started it cannot be stopped, short of a reset;
// its start also forces the LSI on.

#include "py/mperrno.h"
#include "py/mphal.h"
#include "systick.h"

#define IWDG_KEY_RELOAD (0xAAAA)
#define IWDG_KEY_ACCESS (0x5555) // unlocks PR and RLR
#define IWDG_KEY_START  (0xCCCC)

// PVU/RVU stay set for up to 5 LSI periods (~160 us) after a write to PR/RLR.
#define IWDG_UPDATE_TIMEOUT_MS (10)

typedef struct _machine_wdt_obj_t {
    mp_obj_base_t base;
} machine_wdt_obj_t;

static const machine_wdt_obj_t machine_wdt = {{&machine_wdt_type}};

// Wait until a previous PR/RLR write reached the LSI domain (the register would
// otherwise ignore the new value).
static void iwdg_wait_update(uint32_t flag) {
    uint32_t start = systick_ms();
    while (IWDG->SR & flag) {
        if (systick_ms() - start > IWDG_UPDATE_TIMEOUT_MS) {
            mp_raise_OSError(MP_ETIMEDOUT);
        }
    }
}

static machine_wdt_obj_t *mp_machine_wdt_make_new_instance(mp_int_t id, mp_int_t timeout_ms) {
    if (id != 0) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("WDT(%d) doesn't exist"), id);
    }

    // The stm32 port's conversion: the smallest prescaler /4../256 that fits the 12-bit
    // reload, from the LSI's nominal 32 kHz (8 counts per ms at /4). Range: 1..32767 ms.
    int32_t timeout = timeout_ms;
    uint32_t prescaler;
    for (prescaler = 0; prescaler < 6 && timeout >= 512; ++prescaler, timeout /= 2) {
    }
    timeout *= 8;
    if (timeout <= 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("WDT timeout too short"));
    } else if (timeout > 0xfff) {
        mp_raise_ValueError(MP_ERROR_TEXT("WDT timeout too long"));
    }
    timeout -= 1;

    // Start first (the HAL's order): that forces the LSI on, which the PR/RLR updates
    // need. The counter starts at 0xFFF with the old prescaler, until the reload below.
    IWDG->KR = IWDG_KEY_START;
    iwdg_wait_update(IWDG_SR_RVU);
    IWDG->KR = IWDG_KEY_ACCESS;
    IWDG->RLR = timeout;
    iwdg_wait_update(IWDG_SR_PVU);
    IWDG->KR = IWDG_KEY_ACCESS;
    IWDG->PR = prescaler;
    // Reload only once both values reached the LSI domain, so that the first period
    // is already the requested one.
    iwdg_wait_update(IWDG_SR_PVU | IWDG_SR_RVU);
    IWDG->KR = IWDG_KEY_RELOAD;

    return (machine_wdt_obj_t *)&machine_wdt;
}

static void mp_machine_wdt_feed(machine_wdt_obj_t *self) {
    (void)self;
    IWDG->KR = IWDG_KEY_RELOAD;
}
