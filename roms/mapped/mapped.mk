# roms/mapped/mapped.mk -- build rules shared by the suites of mapped
# kernels (roms/hostile, roms/vmtests), included by their Makefiles.
#
# Every suite builds its own copy of the runtime here (mapped.h) into
# $(O)/mapped/, because the suite's settings are compiled into it.  The
# including Makefile sets, before the include:
#
#   O                  the output directory
#   MAPPED_SUITE       the name the default exception handler prints
#   MAPPED_FAULT_EXIT  the power-off code of an unexpected exception
#   MAPPED_IRQ_VECTOR  1: install a vector stub at 0x200 too (Cause.IV)
#   MAPPED_EXTRA       the suite's own runtime objects, built from common/
#
# and links each mapped kernel with
#
#   $(O)/NAME.elf: $(O)/NAME.o ... $(MP_OBJ) $(MP_LD)
#           $(MP_LINK)
#
# which puts the runtime first, so _start (.text.entry) is where ksseg.ld
# expects it.
MAPPED  := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

CROSS   ?= mipsel-linux-gnu-
CC      := $(CROSS)gcc
O       := $(abspath $(O))
MAPPED_IRQ_VECTOR ?= 0
.DEFAULT_GOAL := all

ARCH    := -march=mips32 -EL -msoft-float -mno-abicalls -fno-pic -G0
INCS    := -I common -I $(MAPPED) -I $(MAPPED)/../../devices
CFLAGS  := $(ARCH) -ffreestanding -nostdlib -fno-builtin \
           -fno-tree-loop-distribute-patterns -O2 -std=gnu11 \
           -Wall -Wextra -Werror $(INCS) -MMD -MP
ASFLAGS := $(ARCH) $(INCS) -MMD -MP
LDFLAGS := $(ARCH) -nostdlib -static -Wl,--build-id=none -Wl,-z,norelro \
           -Wl,-z,max-page-size=4096

MP_OBJ  := $(O)/mapped/entry.o $(O)/mapped/lib.o $(MAPPED_EXTRA)
MP_LD   := $(MAPPED)/ksseg.ld
MP_LINK  = $(CC) $(LDFLAGS) -T $(MP_LD) -o $@ $(MP_OBJ) \
           $(filter-out $(MP_OBJ),$(filter %.o,$^)) -lgcc

# Only the runtime needs the suite's settings.
$(O)/mapped/lib.o: CFLAGS += -DMAPPED_SUITE='"$(MAPPED_SUITE)"' \
    -DMAPPED_FAULT_EXIT=$(MAPPED_FAULT_EXIT) \
    -DMAPPED_IRQ_VECTOR=$(MAPPED_IRQ_VECTOR)

$(O)/mapped/%.o: $(MAPPED)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(O)/mapped/%.o: $(MAPPED)/%.S
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -c -o $@ $<

$(O)/common/%.o: common/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(O)/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -c -o $@ $<

# A suite may also hold kseg0 guests (hostile's kseg0_forever, the labs'
# kwork_kseg0): they use the bare-metal test runtime of roms/common,
# unchanged, built here into $(O)/rt/ and linked with
#
#   $(O)/NAME.elf: $(O)/NAME.o $(RT_OBJ) $(RT_LD)
#           $(RT_LINK)
RT_DIR  := $(MAPPED)/../common
RT_OBJ  := $(O)/rt/crt0.o $(O)/rt/lib.o
RT_LD   := $(RT_DIR)/kseg0.ld
RT_LINK  = $(CC) $(LDFLAGS) -T $(RT_LD) -o $@ $< $(RT_OBJ) -lgcc

$(O)/rt/%.o: $(RT_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I $(RT_DIR) -c -o $@ $<

$(O)/rt/%.o: $(RT_DIR)/%.S
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -I $(RT_DIR) -c -o $@ $<

clean:
	rm -rf $(O)

.PHONY: clean
.SECONDARY:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
