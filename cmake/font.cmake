# font.cmake -- the window's bitmap font, generated at build time.
#
# The window draws text with an 8x16 Linux console font compiled into the
# program, so nothing is read at run time.  The font comes from the Debian
# package console-setup-linux (scripts/deps.sh installs it); cmake/fontgen.c
# turns it into ${CMAKE_BINARY_DIR}/font_data.c (font_glyphs[256][16], by
# Latin-1 code point), which becomes part of the front-end library.
# -DTRAPEZE_FONT=/path/other.psf.gz picks another 8x16 font (PSF1 or PSF2,
# gzipped).
set(TRAPEZE_FONT /usr/share/consolefonts/Lat15-Terminus16.psf.gz
    CACHE FILEPATH "8x16 console font (gzipped PSF) compiled into the window")
if(NOT EXISTS ${TRAPEZE_FONT})
  message(FATAL_ERROR "The window's font ${TRAPEZE_FONT} is missing: install "
          "the Debian package console-setup-linux (make deps does).")
endif()
find_program(GZIP_PROGRAM gzip REQUIRED)

add_executable(fontgen ${CMAKE_SOURCE_DIR}/cmake/fontgen.c)
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/font_data.c
  COMMAND sh -c "'${GZIP_PROGRAM}' -dc '${TRAPEZE_FONT}' > font.psf"
  COMMAND fontgen font.psf font_data.c
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
  DEPENDS fontgen ${TRAPEZE_FONT}
  COMMENT "Generating the window's font from ${TRAPEZE_FONT}"
  VERBATIM)
target_sources(trapeze_front PRIVATE ${CMAKE_BINARY_DIR}/font_data.c)
# The window's status bars are log-scaled (frontend/window/rates.c).
target_link_libraries(trapeze_front PUBLIC m)
