// The `stm` module of the stm32 port: raw memory access (mem8/16/32, the same objects as
// machine's) and the peripheral bases and register offsets of the STM32F407, generated from
// stm32f407.h by make_stmconst.py. E.g. stm.mem32[stm.GPIOD + stm.GPIO_ODR].
#include "py/obj.h"
#include "py/objint.h"
#include "extmod/modmachine.h"

#if MICROPY_PY_STM

#include "genhdr/modstm_mpz.h"

static const mp_rom_map_elem_t stm_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_stm) },
    { MP_ROM_QSTR(MP_QSTR_mem8), MP_ROM_PTR(&machine_mem8_obj) },
    { MP_ROM_QSTR(MP_QSTR_mem16), MP_ROM_PTR(&machine_mem16_obj) },
    { MP_ROM_QSTR(MP_QSTR_mem32), MP_ROM_PTR(&machine_mem32_obj) },
    #include "genhdr/modstm_const.h"
};
static MP_DEFINE_CONST_DICT(stm_module_globals, stm_module_globals_table);

const mp_obj_module_t stm_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&stm_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_stm, stm_module);

#endif // MICROPY_PY_STM
