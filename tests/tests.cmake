# tests.cmake -- every test ctest runs (make check).
#
#   unit_*     cmocka unit tests, one program per tests/unit/test_*.c
#   rom_*      boot each roms/tests program on trapeze and compare its console
#              with the golden file roms/tests/NAME.expected
#   qemu_*     run the same ELF on qemu-system-mipsel -M mipssim and compare
#              its console with trapeze's, byte for byte
#   cli_*      command-line behaviour and bad input (tests/integration/cli.sh)
find_library(CMOCKA_LIB cmocka REQUIRED)

file(GLOB UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE trapeze_front ${CMOCKA_LIB})
  target_compile_definitions(${name} PRIVATE
    ROMS_OUT="${ROMS_OUT}" SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  add_test(NAME unit_${name} COMMAND ${name})
endforeach()

file(GLOB ROM_TESTS CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/roms/tests/*.c ${CMAKE_SOURCE_DIR}/roms/tests/*.S)
foreach(src ${ROM_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_test(NAME rom_${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/run_rom.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT}/tests/${name}.elf
            ${CMAKE_SOURCE_DIR}/roms/tests/${name})
  add_test(NAME qemu_${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/diff/qemu_diff.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT}/tests/${name}.elf
            ${CMAKE_SOURCE_DIR}/roms/tests/${name})
  add_test(NAME vm_${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/run_rom.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT}/tests/${name}.elf
            ${CMAKE_SOURCE_DIR}/roms/tests/${name} vm)
  # qemu_diff.sh exits 77 when the program has a NAME.noqemu file or QEMU
  # is not installed.
  set_tests_properties(qemu_${name} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()

file(GLOB CLI_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/integration/cli_*.sh)
foreach(script ${CLI_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME ${name}
    COMMAND sh ${script} $<TARGET_FILE:trapeze> ${ROMS_OUT} ${CMAKE_SOURCE_DIR})
endforeach()

# minikern_*  the teaching kernel (roms/minikern): each tests/minikern/NAME.args
#             is a scripted boot (boot arguments, optional .opts, .input,
#             .exitcode) whose whole console must equal NAME.expected
#             (tests/integration/minikern_case.sh); minikern_props checks
#             what a transcript cannot show (tests/integration/minikern_props.sh).
file(GLOB MINIKERN_CASES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/minikern/*.args)
foreach(args ${MINIKERN_CASES})
  get_filename_component(name ${args} NAME_WE)
  add_test(NAME minikern_${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/minikern_case.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT}/minikern/minikern.elf
            ${CMAKE_SOURCE_DIR}/tests/minikern/${name})
  add_test(NAME minikern_vm_${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/minikern_case.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT}/minikern/minikern.elf
            ${CMAKE_SOURCE_DIR}/tests/minikern/${name} vm)
endforeach()
add_test(NAME minikern_props
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/minikern_props.sh
          $<TARGET_FILE:trapeze> ${ROMS_OUT} ${CMAKE_SOURCE_DIR})
include(${CMAKE_SOURCE_DIR}/tests/hostile.cmake)
include(${CMAKE_SOURCE_DIR}/tests/isolation.cmake)
include(${CMAKE_SOURCE_DIR}/tests/monitor.cmake)
include(${CMAKE_SOURCE_DIR}/tests/vmtests.cmake)
include(${CMAKE_SOURCE_DIR}/tests/gui.cmake)
include(${CMAKE_SOURCE_DIR}/tests/debug.cmake)
include(${CMAKE_SOURCE_DIR}/tests/gdb.cmake)
include(${CMAKE_SOURCE_DIR}/tests/labs.cmake)
