# gui.cmake -- the SDL window under a real X server (Xvfb), one script each:
#
#   gui_two_vms   two minikern shells in the window: a screenshot read back
#                 from the renderer shows each guest's text in its own pane
#                 (read glyph by glyph against the compiled-in font by
#                 tests/gui/shotread.c); keys typed with xdotool after a
#                 click or F1/F2 reach the focused guest only; the status
#                 counters advance between two screenshots
#   gui_bare      the bare machine: one pane; the terminal fallback without
#                 a display and with --headless
#
# Each is tests/gui/NAME.sh TRAPEZE ROMS_OUT SHOTREAD.  They exit 77 (skip)
# when xvfb-run or xdotool is missing.
add_executable(shotread ${CMAKE_SOURCE_DIR}/tests/gui/shotread.c)
target_link_libraries(shotread PRIVATE trapeze_front)
foreach(name gui_two_vms gui_bare)
  add_test(NAME ${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/gui/${name}.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT} $<TARGET_FILE:shotread>)
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
  # Under ASan+UBSan: X11 and Mesa keep memory until exit (not leaks of
  # ours), and idle work costs several times the CPU.
  if(TRAPEZE_SANITIZE)
    set_tests_properties(${name} PROPERTIES
      ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0;TRAPEZE_IDLE_LIMIT=60")
  endif()
endforeach()
