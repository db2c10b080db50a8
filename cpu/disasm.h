/*
 * disasm.h -- MIPS32 disassembler whose text matches GNU objdump -d
 * (mipsel-linux-gnu-objdump, default options: numeric-free ABI register
 * names, pseudo-instructions such as move/nop/b/li/negu as objdump prints).
 */
#ifndef TRAPEZE_DISASM_H
#define TRAPEZE_DISASM_H

#include <stddef.h>
#include <stdint.h>

/* Write the instruction `word` located at `pc` into buf as objdump prints
 * it after the address and hex columns: mnemonic, a tab, operands (no
 * trailing tab or symbol).  Branch and jump targets are absolute hex.
 * Unknown words print as objdump does (".word\t0x..."). Returns buf. */
char *disasm(uint32_t pc, uint32_t word, char *buf, size_t len);

#endif
