# Lab 3: the shadow TLB and the pmap.
# --- Part A: the first TLB miss the monitor cannot answer: the guest's own
# --- TLB has no entry for the first user page, so the miss is reflected.
break-trap reflect
continue
vtlb
# --- Part B: the guest's refill handler runs (one line per trap) ...
delete all
break tlb_refill+76
trace on
continue
trace off
vtlb
# --- Part C: ... and the retried fetch misses again: now the monitor answers.
delete all
step-trap
step-trap
tlb
# --- Part D: where does user page 0x00400000 live?  v: -> g: -> m:
pmap 0x00400000
x/4xw v:0x00400000
x/4xw g:0x03ffa000
x/4xw m:0x040fa000
pmap
# --- Part E: the whole run: fills answered by the monitor vs misses reflected.
continue
stats
