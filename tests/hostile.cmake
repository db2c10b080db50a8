# hostile.cmake -- the hostile guest kernels (roms/hostile, README.md there).
#
#   hostile_NAME_bare  run roms/hostile/NAME on the bare machine; its whole
#                      console must equal roms/hostile/NAME.expected, and it
#                      must power off with 0 -- or, with a NAME.maxinsns file,
#                      still be running after that many instructions
#                      (exit status 124) (tests/integration/hostile_case.sh).
file(GLOB HOSTILE_GUESTS CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/roms/hostile/*.c ${CMAKE_SOURCE_DIR}/roms/hostile/*.S)
foreach(src ${HOSTILE_GUESTS})
  get_filename_component(name ${src} NAME_WE)
  add_test(NAME hostile_${name}_bare
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/hostile_case.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT}/hostile/${name}.elf
            ${CMAKE_SOURCE_DIR}/roms/hostile/${name})
endforeach()
