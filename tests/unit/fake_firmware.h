/*
 * fake_firmware.h -- a stand-in boot ROM image for unit tests.
 *
 * Tests that build a board pass this through board_config.firmware, so they
 * depend neither on the mipsel cross toolchain nor on what the real firmware
 * (roms/firmware) contains.  It deliberately does NOT define
 * trapeze_firmware / trapeze_firmware_len: the core library already links
 * the generated firmware_blob.c, and a second definition would clash.
 *
 * Include it from test programs only.
 */
#ifndef TRAPEZE_TESTS_FAKE_FIRMWARE_H
#define TRAPEZE_TESTS_FAKE_FIRMWARE_H

#include <stddef.h>
#include <stdint.h>

/* A recognisable pattern: a branch-to-self ("b ." = 0x1000ffff) with its
 * delay slot nop, then a few marker bytes. */
static const uint8_t fake_firmware[] = {
    0xff, 0xff, 0x00, 0x10,      /* b .  */
    0x00, 0x00, 0x00, 0x00,      /* nop  */
    0xde, 0xad, 0xbe, 0xef,
    0x46, 0x41, 0x4b, 0x45,      /* "FAKE" */
};

static const size_t fake_firmware_len = sizeof fake_firmware;

#endif
