/*
 * sysctrl.h -- the system controller: power-off, RAM size, and the retired
 * instruction counter (SPEC §4).  Registers are 32-bit words; narrower reads
 * return the corresponding bytes, narrower writes of POWEROFF power off too.
 */
#ifndef TRAPEZE_SYSCTRL_H
#define TRAPEZE_SYSCTRL_H

#include <stdint.h>
#include "bus.h"

struct sysctrl;

struct sysctrl_callbacks {
    void (*poweroff)(void *opaque, uint32_t code);
    uint64_t (*icount)(void *opaque);  /* retired instructions so far */
    void *opaque;
};

struct sysctrl *sysctrl_new(uint32_t ram_bytes, const struct sysctrl_callbacks *cb);
void sysctrl_free(struct sysctrl *s);
const struct bus_device_ops *sysctrl_bus_ops(void);

#endif
