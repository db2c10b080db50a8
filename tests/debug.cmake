# debug.cmake -- the debugger console (frontend/debug/, docs/debugger.md).
#
#   debug_NAME   a scripted session: tests/debug/NAME.cmds run with the
#                options of NAME.opts; the transcript must equal
#                NAME.expected byte for byte (tests/integration/debug_script.sh)
#   debug_tmux   the interactive console in a tmux pane: history, tab
#                completion, Ctrl-C while running (skipped without tmux)
# The cmocka tests test_debug_parse and test_debug_cmds are globbed with the
# other unit tests.
file(GLOB DEBUG_CASES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/debug/*.cmds)
foreach(cmds ${DEBUG_CASES})
  get_filename_component(name ${cmds} NAME_WE)
  add_test(NAME debug_${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/debug_script.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT} ${CMAKE_SOURCE_DIR}/tests/debug/${name})
  set_tests_properties(debug_${name} PROPERTIES TIMEOUT 600)
endforeach()
add_test(NAME debug_tmux
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/debug_tmux.sh
          $<TARGET_FILE:trapeze> ${ROMS_OUT} ${CMAKE_SOURCE_DIR})
set_tests_properties(debug_tmux PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)
