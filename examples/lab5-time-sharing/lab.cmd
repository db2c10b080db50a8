# Lab 5: time-sharing and isolation. Four VMs on one machine.
vm
# --- Part A: the first world switch: vm1's time slice is spent.
break-trap world-switch
continue
log 4
vm
delete all
# --- Part B: the hostile vm4's first attempt on "another VM's" memory.
vm 4
break-trap reflect
continue
delete all
# --- Part C: run on to the end, with one line per world switch.
vm 1
trace on world-switch
continue
trace off
# --- Part D: where each VM's memory is, and who got what.
pmap
vm 4
pmap
stats
