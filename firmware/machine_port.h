// Port hooks of the machine module (implemented in machine_port.c).
#ifndef MICROPY_INCLUDED_MACHINE_PORT_H
#define MICROPY_INCLUDED_MACHINE_PORT_H

// Power-on: latch the reset cause from RCC_CSR/PWR_CSR.
void machine_init(void);
// Soft reset: later reset_cause() calls report SOFT_RESET.
void machine_deinit(void);

#endif // MICROPY_INCLUDED_MACHINE_PORT_H
