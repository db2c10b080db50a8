# Lab 1: bare boot. minikern on the bare machine, with run=hello.
# --- Part A: reset. The CPU starts in the boot ROM (kseg1), in kernel mode.
regs
disas $pc 8
# --- Part B: the firmware hands over to minikern's _start (ksseg).
break _start
continue
cp0
tlb
# --- Part C: the first exception. 0x80000000 is the TLB refill vector.
break 0x80000000
continue
cp0
step 4
disas $pc 20
# --- Part D: the refill handler, stopped just before its tlbwr.
break tlb_refill+72
continue
regs
step
tlb
step
# --- Part E: the next two refills (watch which TLB entry tlbwr replaces).
delete all
break tlb_refill+76
continue
tlb
continue
tlb
# --- Part F: the first general exception (vector 0x80000180).
delete all
break 0x80000180
continue
cp0
delete all
continue
stats
