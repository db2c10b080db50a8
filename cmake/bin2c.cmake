# bin2c.cmake -- turn a binary file into a C array (the firmware image).
# Usage: cmake -DIN=file.bin -DOUT=file.c -P bin2c.cmake
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "/* Generated from ${IN} by cmake/bin2c.cmake. Do not edit. */\n"
  "#include <stddef.h>\n#include <stdint.h>\n"
  "extern const uint8_t trapeze_firmware[];\nextern const size_t trapeze_firmware_len;\n"
  "const uint8_t trapeze_firmware[] = {\n${bytes}\n};\n"
  "const size_t trapeze_firmware_len = ${len};\n")
