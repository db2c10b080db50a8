/*
 * rt.h -- the tiny runtime shared by the bare-metal test programs in
 * roms/tests.  The same ELF runs on trapeze and on qemu-system-mipsel
 * -M mipssim, so the runtime uses only what both machines have: the 16550
 * UART at physical 0x1FD003F8 (polled), CP0, and the UHI exit call
 * (`sdbbp 1` with $25 = 1, $4 = exit code), which QEMU honours with
 * -semihosting; trapeze always honours it (no option needed).
 *
 * Programs are linked at kseg0 (common/kseg0.ld).  crt0.S owns the
 * exception vectors at 0x80000000 (TLB refill), 0x80000180 (general) and
 * 0x80000200 (interrupt, Cause.IV=1); it saves every register into a
 * struct rt_frame on a private exception stack and calls the handler set
 * with rt_set_handler(), then restores the (possibly modified) frame and
 * erets.  main() starts in kernel mode with Status = 0 (BEV=0, ERL=0,
 * EXL=0, interrupts off) and Cause = 0 on both machines.
 *
 * Exception frames: k0 and k1 are the runtime's scratch registers; they are
 * saved as 0 and restored from the frame (so they read 0 after an
 * exception).  On return the frame's hi, lo, r[1..31], epc and status are
 * restored (Status with EXL forced to 1 until the eret itself); cause,
 * badvaddr, context and entryhi are only reported, never written back, so
 * a handler may set EntryHi etc. with MTC0 itself.  There is one exception
 * stack: a handler must not itself take an exception.
 *
 * TLB at main(): every entry invalid (EntryLo0/1 = 0) with a distinct VPN2
 * in kseg0 (0x80000000 + i * 8 KiB, never translated), Wired = 0,
 * PageMask = 0, EntryHi = 0 (ASID 0), Index = 0, Context.PTEBase = 0.
 *
 * Memory: the program (code, data, .bss, 16 KiB stack, 8 KiB exception
 * stack) lies in physical 0x00000000..0x00100000 (the link fails if not).
 * Physical 0x00400000..0x00800000 is reserved for the tests' own TLB
 * mappings; the runtime never touches it, and RAM there starts with
 * unspecified contents (QEMU and trapeze both zero it, but do not rely on it).
 *
 * Output convention: each program prints one line per check, then exactly
 * one summary line, "TEST <name>: OK (<n> checks)" or
 * "TEST <name>: FAIL (<k> of <n> checks failed)", and exits with 0 or 1.
 */
#ifndef RT_H
#define RT_H

typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned short uint16_t;
typedef unsigned char uint8_t;

/* Exception frame: the state at the exception, as saved by crt0.S. */
struct rt_frame {
    uint32_t r[32];       /* r[0] is always 0 */
    uint32_t hi, lo;
    uint32_t epc, cause, status, badvaddr, context, entryhi;
    uint32_t vector;      /* offset of the vector taken: 0x000, 0x180 or 0x200 */
};

/* Called for every exception; may change the frame (epc, registers, status)
 * before it is restored.  NULL restores the default, which prints the
 * exception and exits with code 2. */
typedef void (*rt_handler)(struct rt_frame *f);
void rt_set_handler(rt_handler h);

/* Console. rt_printf knows %d %u %x %s %c %% with a width and the 0 and -
 * flags (%08x, %5d, %-10s); an l modifier is ignored (long is 32 bits). */
void rt_putc(char c);
void rt_puts(const char *s);
void rt_printf(const char *fmt, ...);

/* Checks: print "<what>: 0x<got>" and, if got != want, " FAIL (want 0x..)". */
void rt_check(const char *what, uint32_t got, uint32_t want);
/* Print the summary line and exit (0 if every check passed, else 1). */
void rt_summary(const char *test) __attribute__((noreturn));
void rt_exit(int code) __attribute__((noreturn));

/* CP0 access. */
#define MFC0(reg, sel) ({ uint32_t __v; \
    __asm__ __volatile__("mfc0 %0, $" #reg ", " #sel : "=r"(__v)); __v; })
#define MTC0(reg, sel, v) __asm__ __volatile__( \
    "mtc0 %z0, $" #reg ", " #sel "\n\tnop\n\tnop" : : "Jr"((uint32_t)(v)) : "memory")

#define KSEG1(pa) (0xA0000000u + (pa))

#endif
