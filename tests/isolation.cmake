# isolation.cmake -- the monitor's second test (SPEC §5, "Isolation").
#
#   vm_isolation_NAME  run the hostile guest roms/hostile/NAME as vm1 beside
#                      minikern as vm2 under the monitor: minikern's console
#                      and ram_digest must be what they are when it runs
#                      alone, no machine page outside the VMs may be written,
#                      the emulator must not crash, and the hostile VM must
#                      be stopped with a reason or still running, printing
#                      what it prints on the bare machine
#                      (tests/integration/vm_isolation.sh).
#   vm_isolation_all   the same for minikern beside spin_noint, uart_flood
#                      and beyond_ram at once.
file(GLOB ISOLATION_GUESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/roms/hostile/*.c)
foreach(src ${ISOLATION_GUESTS})
  get_filename_component(name ${src} NAME_WE)
  add_test(NAME vm_isolation_${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/vm_isolation.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT} ${CMAKE_SOURCE_DIR} ${name})
  set_tests_properties(vm_isolation_${name} PROPERTIES TIMEOUT 600)
endforeach()
add_test(NAME vm_isolation_all
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/vm_isolation.sh
          $<TARGET_FILE:trapeze> ${ROMS_OUT} ${CMAKE_SOURCE_DIR} all)
set_tests_properties(vm_isolation_all PROPERTIES TIMEOUT 600)
