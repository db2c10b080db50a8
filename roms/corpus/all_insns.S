/*
 * all_insns.S -- every MIPS32 Release 1 instruction form, for the
 * disassembler test (tests/unit/test_disasm.c compares cpu/disasm.c with
 * mipsel-linux-gnu-objdump -d on this file).  It is assembled and linked
 * at 0x80001000 but never executed, so operands are chosen for variety,
 * not meaning.  The .word lines at the end are encodings gas would not
 * produce: pseudo-instruction corner cases, non-zero "must be zero"
 * fields, reserved opcodes, MIPS32R2/64-bit encodings, COP1/COP2/COP3.
 */
    .set noreorder
    .set noat
    .set nomacro
    .text
    .globl _start
_start:

/* ---- SPECIAL: shifts ---- */
    nop
    ssnop
    ehb
    sll     $t0, $t1, 0
    sll     $t0, $t1, 1
    sll     $zero, $zero, 31
    sll     $ra, $s8, 17
    srl     $v0, $v1, 4
    srl     $a0, $a0, 31
    sra     $a1, $a2, 8
    sra     $s0, $zero, 1
    sllv    $t2, $t3, $t4
    srlv    $t5, $t6, $t7
    srav    $s1, $s2, $s3
    sllv    $zero, $zero, $zero

/* ---- SPECIAL: jumps, system ---- */
    jr      $ra
    jr      $t9
    jalr    $t9
    jalr    $v0, $t9
    jalr    $zero, $a0
    jr.hb   $ra
    jalr.hb $t9
    jalr.hb $s0, $t9
    movz    $t0, $t1, $t2
    movn    $t3, $t4, $zero
    syscall
    syscall 1
    syscall 0xfffff
    break
    break   7
    break   1023
    break   3, 5
    break   1023, 1023
    sync
    sdbbp
    sdbbp   0x1234

/* ---- SPECIAL: HI/LO, multiply, divide ---- */
    mfhi    $t0
    mthi    $t1
    mflo    $s7
    mtlo    $zero
    mult    $a0, $a1
    multu   $zero, $ra
    div     $zero, $a2, $a3
    divu    $zero, $t8, $t9

/* ---- SPECIAL: ALU ---- */
    add     $v0, $v1, $a0
    addu    $a1, $a2, $a3
    addu    $v0, $a0, $zero
    addu    $v0, $zero, $a0
    sub     $t0, $t1, $t2
    sub     $t0, $zero, $t2
    subu    $t3, $t4, $t5
    subu    $t3, $zero, $t5
    and     $t6, $t7, $s0
    or      $s1, $s2, $s3
    or      $s1, $s2, $zero
    or      $s1, $zero, $s2
    or      $zero, $zero, $zero
    xor     $s4, $s5, $s6
    nor     $s7, $t8, $t9
    nor     $s7, $t8, $zero
    slt     $k0, $k1, $gp
    sltu    $sp, $s8, $ra

/* ---- SPECIAL: traps ---- */
    tge     $a0, $a1
    tgeu    $a2, $a3
    tlt     $t0, $t1
    tltu    $t2, $t3
    teq     $zero, $zero
    tne     $s0, $s1
    teq     $a0, $a1, 7
    tne     $a0, $a1, 1023
    tge     $v0, $v1, 1

/* ---- REGIMM ---- */
1:  bltz    $a0, 1b
    bgez    $a1, 2f
    bltzl   $a2, 1b
    bgezl   $a3, 2f
    bltzal  $t0, 1b
    bgezal  $t1, 2f
    bltzall $t2, 1b
    bgezall $t3, 2f
    bal     1b
    bgez    $zero, 1b
    bltzal  $zero, 2f
2:  tgei    $a0, 0
    tgeiu   $a1, -1
    tlti    $a2, 32767
    tltiu   $a3, -32768
    teqi    $zero, 1
    tnei    $ra, -5

/* ---- jumps and branches ---- */
    j       _start
    jal     _start
    j       0x80000000
    jal     0x8ffffffc
3:  beq     $a0, $a1, 3b
    beq     $a0, $zero, 3b
    beq     $zero, $a0, 3b
    beq     $zero, $zero, 3b
    b       3b
    bne     $t0, $t1, 4f
    bne     $t0, $zero, 4f
    blez    $s0, 3b
    bgtz    $s1, 4f
    beql    $a0, $a1, 3b
    beql    $a0, $zero, 3b
    bnel    $a2, $a3, 4f
    bnel    $a2, $zero, 4f
    blezl   $t4, 3b
    bgtzl   $t5, 4f
4:  nop

/* ---- immediates ---- */
    addi    $t0, $t1, -1
    addi    $t0, $zero, 100
    addiu   $sp, $sp, -32
    addiu   $v0, $zero, 5
    addiu   $v0, $zero, -32768
    slti    $t2, $t3, 32767
    sltiu   $t4, $t5, -1
    andi    $t6, $t7, 0xffff
    andi    $t6, $zero, 0
    ori     $s0, $s1, 0x8000
    ori     $s0, $zero, 0x1234
    xori    $s2, $s3, 1
    lui     $at, 0x8000
    lui     $gp, 0
    lui     $ra, 0xffff

/* ---- loads and stores ---- */
    lb      $t0, 0($a0)
    lbu     $t1, -1($a1)
    lh      $t2, 2($a2)
    lhu     $t3, -32768($a3)
    lw      $t4, 32767($sp)
    lwl     $t5, 3($gp)
    lwr     $t6, 0($gp)
    sb      $t7, 4($s0)
    sh      $s0, -2($s1)
    sw      $ra, 28($sp)
    swl     $s2, 7($s3)
    swr     $s4, 4($s3)
    ll      $v0, 0($a0)
    sc      $v1, -4($a1)
    lw      $zero, 0($zero)

/* ---- cache and pref ---- */
    cache   0x0, 0($a0)
    cache   0x1, 16($a0)
    cache   0x15, -16($t0)
    cache   0x1f, 32767($zero)
    pref    0, 0($a0)
    pref    1, 64($sp)
    pref    30, -4($t9)
    pref    31, 0($zero)

/* ---- SPECIAL2 ---- */
    madd    $a0, $a1
    maddu   $a2, $a3
    msub    $t0, $t1
    msubu   $zero, $ra
    mul     $v0, $v1, $a0
    clz     $t0, $t1
    clo     $s0, $s1

/* ---- COP0 ---- */
    mfc0    $t0, $0
    mfc0    $t0, $1
    mfc0    $t1, $2
    mfc0    $t1, $3
    mfc0    $t2, $4
    mfc0    $t2, $5
    mfc0    $t3, $6
    mfc0    $t3, $7
    mfc0    $t4, $8
    mfc0    $t4, $9
    mfc0    $t5, $10
    mfc0    $t5, $11
    mfc0    $k0, $12
    mfc0    $k0, $13
    mfc0    $k1, $14
    mfc0    $k1, $15
    mfc0    $v0, $16
    mfc0    $v0, $16, 1
    mfc0    $v0, $16, 2
    mfc0    $v0, $16, 7
    mfc0    $v0, $17
    mfc0    $v0, $18, 3
    mfc0    $v0, $19, 7
    mfc0    $v0, $20
    mfc0    $v0, $21
    mfc0    $v0, $23
    mfc0    $v0, $25, 1
    mfc0    $v0, $27, 2
    mfc0    $v0, $28, 1
    mfc0    $v0, $29, 1
    mfc0    $v0, $30
    mfc0    $v0, $31
    mfc0    $v0, $12, 1
    mtc0    $zero, $12
    mtc0    $t0, $0
    mtc0    $t1, $2
    mtc0    $t1, $3
    mtc0    $t2, $5
    mtc0    $t3, $6
    mtc0    $t4, $10
    mtc0    $t5, $11
    mtc0    $t6, $13
    mtc0    $t7, $14
    mtc0    $s0, $16, 1
    mtc0    $s1, $30
    mtc0    $s2, $15, 3
    tlbr
    tlbwi
    tlbwr
    tlbp
    eret
    wait
    deret
    wait    0x1234

/* ---- pseudo-instructions objdump prints ---- */
    move    $v0, $a0
    negu    $t0, $t1
    neg     $t0, $t1
    not     $t2, $t3
    li      $t0, 1
    li      $t0, -1
    li      $t0, 0x8000
    b       4b
    bal     4b
    beqz    $a0, 4b
    bnez    $a1, 4b
    beqzl   $a2, 4b
    bnezl   $a3, 4b

/* ---- COP1, COP2, lwc1/swc1/ldc1/sdc1, lwc2/... (objdump knows them) ---- */
    .set push
    .set hardfloat
    lwc1    $f0, 0($a0)
    swc1    $f31, -4($sp)
    ldc1    $f2, 8($a0)
    sdc1    $f4, -8($a1)
    mfc1    $t0, $f1
    mtc1    $t1, $f2
    cfc1    $t2, $31
    ctc1    $t3, $31
    cfc1    $t2, $0
    add.s   $f0, $f1, $f2
    sub.d   $f0, $f2, $f4
    mul.s   $f3, $f4, $f5
    div.d   $f6, $f8, $f10
    abs.s   $f0, $f1
    neg.d   $f2, $f4
    mov.s   $f5, $f6
    sqrt.d  $f8, $f10
    cvt.s.w $f0, $f1
    cvt.d.s $f2, $f3
    cvt.w.d $f4, $f6
    trunc.w.s $f0, $f1
    round.w.d $f2, $f4
    ceil.w.s $f5, $f6
    floor.w.d $f8, $f10
    c.eq.s  $f0, $f1
    c.lt.d  $fcc3, $f2, $f4
    c.ngt.s $fcc7, $f5, $f6
    bc1f    4b
    bc1t    $fcc2, 4b
    bc1fl   4b
    bc1tl   $fcc7, 4b
    movf    $t0, $t1, $fcc0
    movt    $t0, $t1, $fcc3
    movf.s  $f0, $f1, $fcc1
    movt.d  $f2, $f4, $fcc0
    movz.s  $f0, $f1, $t0
    movn.d  $f2, $f4, $t1
    .set pop
    lwc2    $1, 0($a0)
    swc2    $31, -4($a0)
    ldc2    $2, 8($a0)
    sdc2    $3, 16($a0)
    mfc2    $t0, $5
    mtc2    $t1, $6
    cfc2    $t2, $7
    ctc2    $t3, $8
    bc2f    4b
    bc2t    4b

/* ---- encodings gas does not produce (or that are not MIPS32 R1) ---- */
    .word   0x0000040f      /* sync with stype 0x10 */
    .word   0x000004cf      /* sync 0x13 */
    .word   0x0000f809      /* jalr zero: rs = 0, rd = ra */
    .word   0x00400809      /* jalr with hint 0 and rd 1 */
    .word   0x03e0f849      /* jalr with a non-zero hint */
    .word   0x00000048      /* jr zero with sa=1 */
    .word   0x03e00018      /* mult ra,zero */
    .word   0x0085101a      /* div with rd != 0 */
    .word   0x00000001      /* movf zero,zero,$fcc0 */
    .word   0x00051020      /* add v0,zero,a1 */
    .word   0x00a01021      /* addu v0,a1,zero -> move */
    .word   0x00a01025      /* or v0,a1,zero -> move */
    .word   0x00051025      /* or v0,zero,a1 */
    .word   0x00052027      /* nor a0,zero,a1 */
    .word   0x00a00027      /* nor zero,a1,zero */
    .word   0x00051022      /* sub v0,zero,a1 -> neg */
    .word   0x00a51023      /* subu v0,a1,a1 */
    .word   0x00221082      /* srl with rs=1: SmartMIPS ror */
    .word   0x00421082      /* srl with rs=2 */
    .word   0x00851046      /* srlv with sa=1: SmartMIPS rorv */
    .word   0x00851086      /* srlv with sa=2 */
    .word   0x00000052      /* mflhxu zero */
    .word   0x00800053      /* mtlhx a0 */
    .word   0x00850459      /* multp a0,a1 */
    .word   0x70850441      /* maddp a0,a1 */
    .word   0x70850481      /* pperm a0,a1 */
    .word   0x70a41088      /* lwxs v0,a0(a1) */
    .word   0x00a0102d      /* daddu: 64-bit */
    .word   0x0005103c      /* dsll32: 64-bit */
    .word   0x00000005      /* reserved SPECIAL funct */
    .word   0x00000028      /* reserved SPECIAL funct */
    .word   0x00000014      /* dsllv */
    .word   0x0000003f      /* dsra32 */
    .word   0x00000017      /* reserved */
    .word   0x04050000      /* reserved REGIMM rt */
    .word   0x041f0000      /* synci: R2 */
    .word   0x04100000      /* bltzal zero,. (nal) */
    .word   0x04110000      /* bgezal zero,. (bal) */
    .word   0x04010000      /* bgez zero,. (b) */
    .word   0x18a00001      /* blez with rt != 0 */
    .word   0x1ca00001      /* bgtz with rt != 0 */
    .word   0x58a00001      /* blezl with rt != 0 */
    .word   0x3c258000      /* lui with rs != 0 */
    .word   0x24050007      /* addiu a1,zero,7 -> li */
    .word   0x3405ffff      /* ori a1,zero,0xffff -> li */
    .word   0x38050001      /* xori a1,zero,1 */
    .word   0x30050001      /* andi a1,zero,1 */
    .word   0x20050001      /* addi a1,zero,1 */
    .word   0x10000000      /* b . + 4 */
    .word   0x50000001      /* beql zero,zero */
    .word   0x54000001      /* bnel zero,zero */
    .word   0x14000001      /* bne zero,zero */
    .word   0x7c0110a0      /* seb: SPECIAL3, R2 */
    .word   0x7c000000      /* ext */
    .word   0x7c0f8004      /* ins */
    .word   0x7c02083b      /* rdhwr */
    .word   0x70000003      /* reserved SPECIAL2 */
    .word   0x70000024      /* dclz: 64-bit */
    .word   0x70831020      /* clz with rt != rd */
    .word   0x70031020      /* clz with rd == 0 */
    .word   0x70801020      /* clz with rt == 0 */
    .word   0x70001020      /* clz with rt = 0, rs = 0 */
    .word   0x70821060      /* clz with sa != 0 */
    .word   0x70850102      /* mul with sa != 0 */
    .word   0x7085100a      /* madd with rd != 0 */
    .word   0x7000003f      /* sdbbp */
    .word   0x7fffffff      /* SPECIAL3 all ones: reserved in R1 */
    .word   0x73ffffff      /* sdbbp 0xfffff */
    .word   0x74000000      /* jalx */
    .word   0x77ffffff      /* jalx */
    .word   0x08000000      /* j to region base */
    .word   0x0fffffff      /* jal to region end */
    .word   0x40026001      /* mfc0 v0,$12,1 */
    .word   0x40026007      /* mfc0 v0,$12,7 */
    .word   0x40028003      /* mfc0 v0,c0_config3 */
    .word   0x40028004      /* mfc0 v0,$16,4 */
    .word   0x40026008      /* mfc0 with bits 10..3 set */
    .word   0x40026400      /* mfc0 with bit 10 set */
    .word   0x40226000      /* COP0 rs=1 (dmfc0) */
    .word   0x40a26000      /* COP0 rs=5 (dmtc0) */
    .word   0x41606000      /* di: R2 */
    .word   0x41400000      /* rdpgpr: R2 */
    .word   0x42000000      /* c0 0 */
    .word   0x42000003      /* c0 3 */
    .word   0x4200001f      /* deret */
    .word   0x42000021      /* c0 0x21 */
    .word   0x42000038      /* c0 0x38 */
    .word   0x43ffffff      /* c0 0x1ffffff */
    .word   0x42000060      /* wait 0x1 */
    .word   0x43ffffe0      /* wait 0x7ffff */
    .word   0x42000418      /* eret with extra bits */
    .word   0x44000800      /* mfc1 zero,$f1 */
    .word   0x44200000      /* dmfc1 */
    .word   0x44600000      /* mfhc1: R2 */
    .word   0x44400800      /* cfc1 zero,c1_ufr */
    .word   0x44402000      /* cfc1 zero,c1_unfr */
    .word   0x4440c800      /* cfc1 zero,c1_fccr */
    .word   0x4440d000      /* cfc1 zero,c1_fexr */
    .word   0x4440e000      /* cfc1 zero,c1_fenr */
    .word   0x44401000      /* cfc1 zero,$2 */
    .word   0x44401001      /* cfc1 with low bits */
    .word   0x45000001      /* bc1f */
    .word   0x451c0001      /* bc1f $fcc7 */
    .word   0x451f0001      /* bc1tl $fcc7 */
    .word   0x45200001      /* COP1 rs=9 */
    .word   0x46000000      /* add.s $f0,$f0,$f0 */
    .word   0x46200005      /* abs.d */
    .word   0x46010005      /* abs.s with ft != 0 */
    .word   0x46400000      /* fmt 0x12: c1 */
    .word   0x46c00000      /* fmt .ps */
    .word   0x46a00000      /* fmt .l */
    .word   0x46800020      /* cvt.s.w */
    .word   0x46a00020      /* cvt.s.l: 64-bit */
    .word   0x46000130      /* c.f.s $fcc1 */
    .word   0x460001b0      /* c.f.s with bits 7..6 set */
    .word   0x46000015      /* recip.s: R2 */
    .word   0x46000016      /* rsqrt.s */
    .word   0x46010011      /* movt.s */
    .word   0x46020011      /* movf.s with bit 17 set */
    .word   0x46000008      /* round.l.s */
    .word   0x4600000d      /* trunc.w.s */
    .word   0x4600004d      /* trunc.w.s $f1,$f0 */
    .word   0x47ffffff      /* c1 */
    .word   0x48000000      /* mfc2 zero,$0 */
    .word   0x48000007      /* mfc2 zero,$0,7 */
    .word   0x48850003      /* mtc2 a1,$0,3 */
    .word   0x48000008      /* mfc2 with bit 3 */
    .word   0x4840f800      /* cfc2 zero,$31 */
    .word   0x48c00800      /* ctc2 zero,$1 */
    .word   0x49000001      /* bc2f */
    .word   0x49040001      /* bc2f $cc1 */
    .word   0x491f0001      /* bc2tl $cc7 */
    .word   0x48600000      /* mfhc2: R2 */
    .word   0x4a000000      /* c2 0 */
    .word   0x4bffffff      /* c2 */
    .word   0x4c000000      /* mfc3 */
    .word   0x4c000005      /* mfc3 zero,$0,5 */
    .word   0x4c800800      /* mtc3 */
    .word   0x4c400800      /* cfc3 */
    .word   0x4cc00800      /* ctc3 */
    .word   0x4d000001      /* bc3f */
    .word   0x4d010001      /* bc3t */
    .word   0x4d020001      /* bc3fl */
    .word   0x4d030001      /* bc3tl */
    .word   0x4d040001      /* bc3 with cc: reserved */
    .word   0x4e000000      /* c3 */
    .word   0x4c000020      /* COP1X lwxc1 (MIPS IV) */
    .word   0x4c000021      /* COP1X madd.s */
    .word   0x60000000      /* daddi: 64-bit */
    .word   0x64000000      /* daddiu */
    .word   0x68000000      /* ldl */
    .word   0x6c000000      /* ldr */
    .word   0x78000000      /* MDMX */
    .word   0x7c000000      /* SPECIAL3 */
    .word   0x9c000000      /* lwu: 64-bit */
    .word   0xb0000000      /* sdl */
    .word   0xb4000000      /* sdr */
    .word   0xd0000000      /* lld */
    .word   0xdc000000      /* ld */
    .word   0xf0000000      /* scd */
    .word   0xfc000000      /* sd */
    .word   0xec000000      /* reserved */
    .word   0xcfffffff      /* pref 0x1f,-1(ra) */
    .word   0xbfffffff      /* cache 0x1f,-1(ra) */
    .word   0xc4000000      /* lwc1 $f0,0(zero) */
    .word   0xd7ffffff      /* ldc1 */
    .word   0xcbffffff      /* lwc2 $31,-1(ra) */
    .word   0xdbffffff      /* ldc2 */
    .word   0xebffffff      /* swc2 */
    .word   0xfbffffff      /* sdc2 */
    .word   0xe7ffffff      /* swc1 */
    .word   0xf7ffffff      /* sdc1 */
    .word   0x00000034      /* teq zero,zero */
    .word   0xffffffff      /* all ones */
    .word   0x0000003e      /* dsrl32 */
    .word   0x000000c0      /* ehb */
    .word   0x00000080      /* sll zero,zero,2 */
    .word   0x00000140      /* sll zero,zero,5 */
    .word   0x00010040      /* sll zero,at,1 */
