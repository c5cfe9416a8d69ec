// Port additions to the os module (included by extmod/modos.c; not named "modos.c",
// which would include itself).
#include "py/runtime.h"
#include "rng.h"

// urandom(n): n bytes from the hardware RNG.
static mp_obj_t mp_os_urandom(mp_obj_t num) {
    mp_int_t n = mp_obj_get_int(num);
    if (n < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("negative length"));
    }
    vstr_t vstr;
    vstr_init_len(&vstr, n);
    for (mp_int_t i = 0; i < n; i++) {
        if ((i & 3) == 0) {
            uint32_t r = rng_get();
            memcpy(vstr.buf + i, &r, MIN(4, n - i));
        }
    }
    return mp_obj_new_bytes_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_1(mp_os_urandom_obj, mp_os_urandom);
