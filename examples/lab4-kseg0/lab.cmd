# Lab 4: one kernel workload, two links, under the monitor.
vm
# --- Part A: kwork's copy_pages(), one trap event at a time.
break copy_pages
continue
step-trap
step-trap
step-trap
# --- Part B: read_status(): 200 reads of Status with mfc0.
delete all
break read_status
continue
step-trap
step-trap
step-trap
# --- Part C: run to the end; where did the instructions go?
delete all
continue
stats
