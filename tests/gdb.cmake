# gdb.cmake -- the GDB stub (frontend/gdb/, docs/gdb.md).
#
#   unit_test_gdb_*   cmocka: framing, checksums, escapes, hex, commands
#                     (tests/unit/test_gdb_*.c, globbed by tests.cmake)
#   gdb_session_MODE  a real gdb-multiarch session on minikern, bare and as
#                     vm1 beside another VM (tests/integration/gdb_session.sh)
#   gdb_fuzz_MODE     a hostile client (tests/gdb/gdb_fuzz.c), then a normal
#                     session (tests/integration/gdb_fuzz.sh)
# Both scripts exit 77 (skipped) when gdb-multiarch is not installed.
add_executable(gdb_fuzz ${CMAKE_SOURCE_DIR}/tests/gdb/gdb_fuzz.c)
foreach(mode bare vm)
  add_test(NAME gdb_session_${mode}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/gdb_session.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT} ${CMAKE_SOURCE_DIR} ${mode})
  add_test(NAME gdb_fuzz_${mode}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/gdb_fuzz.sh
            $<TARGET_FILE:trapeze> $<TARGET_FILE:gdb_fuzz> ${ROMS_OUT}
            ${CMAKE_SOURCE_DIR} ${mode})
  set_tests_properties(gdb_session_${mode} gdb_fuzz_${mode} PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
