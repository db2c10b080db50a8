# labs.cmake -- every lab of examples/ runs as a student would run it, and
# its transcript must equal the lab's expected.txt (lab_case.sh).
#
#   lab_<folder>   one per examples/lab*/ folder with a run.sh
file(GLOB LAB_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/examples/lab*/run.sh)
foreach(script ${LAB_SCRIPTS})
  get_filename_component(dir ${script} DIRECTORY)
  get_filename_component(name ${dir} NAME)
  add_test(NAME lab_${name}
    COMMAND sh ${CMAKE_SOURCE_DIR}/tests/integration/lab_case.sh
            $<TARGET_FILE:trapeze> ${ROMS_OUT} ${dir})
  set_tests_properties(lab_${name} PROPERTIES TIMEOUT 600)
endforeach()
