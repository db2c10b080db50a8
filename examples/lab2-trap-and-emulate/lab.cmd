# Lab 2: trap-and-emulate. The minikern of lab 1, in a VM.
vm
# --- Part A: run to hello's main(), in virtual user mode.
break hello:main
continue
# --- Part B: the virtual CP0: the CP0 the guest believes it has.
vcp0
# --- Part C: stop at the guest's next system call (getpid), then follow
# --- every trap until the guest's eret back to user mode.
break-trap syscall
continue
step-trap
step-trap
step-trap
step-trap
step-trap
# the guest kernel now runs directly: the real CP0 says supervisor mode
cp0
step-trap
step-trap
step-trap
step-trap
step-trap
step-trap
step-trap
step-trap
step-trap
step-trap
# --- Part D: back in user mode. The virtual CP0 after the round trip.
vcp0
log 3
delete all
continue
stats
