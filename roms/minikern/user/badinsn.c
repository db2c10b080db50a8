/*
 * badinsn -- execute an instruction word MIPS32 does not define
 * (opcode 0x3B): Reserved Instruction.
 */
#include "ulib.h"

int main(void)
{
    printf("badinsn: executing opcode 0x3b\n");
    __asm__ volatile(".word 0xEC000000");
    printf("badinsn: still alive -- this is wrong\n");
    return 1;
}
