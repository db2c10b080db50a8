# monitor.cmake -- tests of the monitor as the command line drives it
# (`trapeze run --vm a.elf --vm b.elf ...`), one script each:
#
#   vm_side_by_side  four VMs at once: each console equals the same run on
#                    the bare machine, the "vmN| " stdout stream demultiplexes
#                    to the same bytes, early power-off and non-zero codes
#   vm_determinism   two identical runs: same trace, same JSON statistics
#   vm_trace         --trace traps narrates every kind of trap, in sequence
#   vm_stats         --stats table and --stats-json; time slicing; isolation
#   vm_idle_cpu      idle VMs do not spin the host CPU (nor the bare machine)
#   vm_ctrl_a        console input switched between VMs with Ctrl-A N
#   vm_doc_trace     the trace lines docs/monitor.md quotes are still true
#
# Each is tests/integration/NAME.sh TRAPEZE ROMS_OUT SOURCE_DIR, like the
# cli_* scripts.  They are listed by name, not globbed: other vm_*.sh
# scripts take other arguments and are registered elsewhere
# (vm_isolation.sh in isolation.cmake; the vm_<rom> tests of tests.cmake
# are the roms/tests programs in one VM).
set(MONITOR_TESTS vm_side_by_side vm_determinism vm_trace vm_stats
                  vm_idle_cpu vm_ctrl_a vm_doc_trace)
foreach(name ${MONITOR_TESTS})
  add_test(NAME ${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/${name}.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT} ${CMAKE_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES TIMEOUT 900)
endforeach()
# It measures the host CPU time of an idle trapeze: keep other tests' load
# off the machine meanwhile, and let a host without /proc skip it.
set_tests_properties(vm_idle_cpu PROPERTIES RUN_SERIAL TRUE SKIP_RETURN_CODE 77)
# Under the sanitizers the same idle work costs several times the CPU.
if(TRAPEZE_SANITIZE)
  set_tests_properties(vm_idle_cpu PROPERTIES ENVIRONMENT TRAPEZE_IDLE_LIMIT=30)
endif()
