# vmtests.cmake -- the mapped-kernel tests of the monitor's direct path
# (roms/vmtests, README.md there).
#
#   vmtest_NAME_bare  run roms/vmtests/NAME on the bare machine; its whole
#                     console must equal roms/vmtests/NAME.expected and it
#                     must power off with 0
#   vmtest_NAME_vm    the same ELF in one VM under the monitor: the same
#                     console, byte for byte, and exit status 0
#                     (tests/integration/vmtest_case.sh)
file(GLOB VMTESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/roms/vmtests/vt_*.c)
foreach(src ${VMTESTS})
  get_filename_component(name ${src} NAME_WE)
  foreach(mode bare vm)
    add_test(NAME vmtest_${name}_${mode}
      COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/vmtest_case.sh
              $<TARGET_FILE:trapeze> ${ROMS_OUT}/vmtests/${name}.elf
              ${CMAKE_SOURCE_DIR}/roms/vmtests/${name} ${mode})
  endforeach()
endforeach()
