# tmdojo: plain GNU make. `make`, `make test`, `make check`, `make valgrind`,
# `make fuzz`, `make bench`, `make eval`, `make deps`, `make install`.

PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/tmdojo
BUILD   ?= build
CC      ?= cc
PKG_CONFIG ?= pkg-config

# libxml2 is compiled against but not linked into tmdojo: the HTML report opens it
# with dlopen() (engine/xmllib.h), so start-up does not load ICU. Its SONAME comes
# from the library the compiler would link. Test programs link it (test_report
# parses the pages it writes).
# libedit gives learn's prompts line editing and history on a terminal.
PKGS     := yaml-0.1 libpcre2-8 sqlite3 libedit
XML_PKG  := libxml-2.0
# libzip writes SCORM packages (tmdojo export scorm). Like libxml2 it is opened
# with dlopen() (engine/ziplib.h): linked, it would load libcrypto, libssl and
# libbz2 into every tmdojo process. Debian ships no libzip.a anyway.
ZIP_PKG  := libzip
ZIP_SONAME := $(shell objdump -p "$$($(CC) -print-file-name=libzip.so)" 2>/dev/null | \
                awk '/SONAME/ { print $$2 }')
ifeq ($(ZIP_SONAME),)
ZIP_SONAME := libzip.so.4
endif
XML_SONAME := $(shell objdump -p "$$($(CC) -print-file-name=libxml2.so)" 2>/dev/null | \
                awk '/SONAME/ { print $$2 }')
ifeq ($(XML_SONAME),)
XML_SONAME := libxml2.so.2
endif
# Each package is checked on its own: one pkg-config call for all of them prints
# nothing when one is missing (libzip), every flag is lost with it, and the build
# fails far from the cause ("libxml/HTMLparser.h: No such file"). Goals that build
# nothing (deps installs the packages) go on without them.
DEB_yaml-0.1    := libyaml-dev
DEB_libpcre2-8  := libpcre2-dev
DEB_sqlite3     := libsqlite3-dev
DEB_libedit     := libedit-dev
DEB_libxml-2.0  := libxml2-dev
DEB_libzip      := libzip-dev
DEB_cmocka      := libcmocka-dev
NO_BUILD_GOALS  := deps clean uninstall
# goals that build the unit tests need cmocka too
TEST_GOALS      := test unit check valgrind
TEST_PKGS       := $(if $(filter $(TEST_GOALS),$(MAKECMDGOALS)),cmocka)
ifneq ($(filter-out $(NO_BUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(shell command -v $(PKG_CONFIG)),)
$(error $(PKG_CONFIG) (pkg-config) not found: run sh tools/install-deps.sh)
endif
MISSING_PKGS := $(foreach p,$(PKGS) $(XML_PKG) $(ZIP_PKG) $(TEST_PKGS),\
                  $(if $(shell $(PKG_CONFIG) --exists $(p) 2>/dev/null && echo y),,$(p)))
ifneq ($(strip $(MISSING_PKGS)),)
empty :=
space := $(empty) $(empty)
comma := ,
$(error $(subst ;, ,$(subst $(space),$(comma)$(space),$(strip $(foreach p,$(MISSING_PKGS),\
  $(p);($(DEB_$(p))))))) not found: run sh tools/install-deps.sh)
endif
endif
# Debian's libstemmer-dev ships no .pc file; fall back to plain -lstemmer.
STEMMER_LIBS := $(shell $(PKG_CONFIG) --silence-errors --libs libstemmer || echo -lstemmer)
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) $(XML_PKG) $(ZIP_PKG) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(STEMMER_LIBS) -ldl -lm
# STATIC=1 links the third-party libraries statically (libc stays shared): a 4 MB
# binary instead of 1 MB, and a faster whole `tmdojo grade` process (no loading,
# relocating and faulting in of five shared objects; `make bench` runs bench_process,
# which measured 3.4 to 3.7 ms static on 2026-11-27, against 4.3 ms shared).
# It is the default when every archive is installed (Debian's -dev packages ship them);
# STATIC=0 links them shared. libedit's archive needs libtermcap.a (ncurses'
# libtinfo.a) and libbsd.a, which libedit-dev pulls in: `pkg-config --static`
# names them, and the terminfo database is still read at run time.
STATIC_ARCHIVES := libyaml.a libpcre2-8.a libsqlite3.a libstemmer.a libz.a \
                   libedit.a libtermcap.a libbsd.a
ifeq ($(origin STATIC),undefined)
STATIC := $(if $(strip $(foreach a,$(STATIC_ARCHIVES),\
            $(if $(filter /%,$(shell $(CC) -print-file-name=$(a))),,missing))),0,1)
endif
ifeq ($(STATIC),1)
PKG_LIBS := -Wl,-Bstatic $(filter-out -lm,$(shell $(PKG_CONFIG) --static --libs $(PKGS) 2>/dev/null)) \
            -lstemmer -Wl,-Bdynamic -ldl -lm -lpthread
endif
XML_LIBS := $(shell $(PKG_CONFIG) --libs $(XML_PKG) 2>/dev/null)
ZIP_LIBS := $(shell $(PKG_CONFIG) --libs $(ZIP_PKG) 2>/dev/null)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN := -std=c11 -Wall -Wextra -pedantic -Wstrict-prototypes -Wmissing-prototypes \
        -Wshadow -Wwrite-strings -Wvla -Wformat=2
ifeq ($(WERROR),1)
WARN += -Werror
endif
OPT ?= -O2 -g
SANFLAGS :=
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT := -O1 -g
endif

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
# Values compiled into the objects. $(CONFIG_STAMP) holds the last build's; when one
# changes (`make install DATADIR=...` after `make`), every object is rebuilt, so the
# installed binary looks for its content where it was installed.
CONFIG_DEFS = -DTMDOJO_VERSION='"$(VERSION)"' -DTMDOJO_DATADIR='"$(DATADIR)"' \
              -DTM_LIBXML2_SONAME='"$(XML_SONAME)"' -DTM_LIBZIP_SONAME='"$(ZIP_SONAME)"'
CONFIG_STAMP = $(BUILD)/config.stamp
ALL_CFLAGS = $(WARN) $(OPT) $(SANFLAGS) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             $(CONFIG_DEFS) -Igrader -Iengine -Itools $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

GRADER_SRC := $(wildcard grader/*.c)
ENGINE_SRC := $(wildcard engine/*.c)
TOOLS_SRC  := $(wildcard tools/*.c)
TEST_SRC   := $(wildcard tests/test_*.c)
BENCH_SRC  := $(wildcard tools/bench/*.c)

GRADER_OBJ := $(GRADER_SRC:%.c=$(BUILD)/%.o)
# The SCORM runtime and style (engine/scorm/) are compiled in as byte arrays.
SCORM_ASSETS := engine/scorm/runtime.js engine/scorm/style.css
SCORM_GEN  := $(BUILD)/gen/scorm_assets.c
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/scorm_assets.o
TOOLS_OBJ  := $(TOOLS_SRC:%.c=$(BUILD)/%.o)
TEST_BIN   := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_BIN  := $(BENCH_SRC:tools/bench/%.c=$(BUILD)/bench/%)

GRADER_LIB := $(BUILD)/libtmgrader.a
ENGINE_LIB := $(BUILD)/libtmengine.a
TMDOJO     := $(BUILD)/tmdojo

.PHONY: all test unit e2e check valgrind fuzz bench eval calibrate deps install uninstall clean validate keycheck FORCE
.DEFAULT_GOAL := all

# ./tmdojo points at the default build only, so builds elsewhere never re-point it.
ifeq ($(BUILD),build)
all: $(TMDOJO) tmdojo
else
all: $(TMDOJO)
endif

tmdojo: $(TMDOJO)
	ln -sf $(TMDOJO) tmdojo

# Rewritten only when the values differ, so that an unchanged build stays up to date.
$(CONFIG_STAMP): FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' 'VERSION=$(VERSION)' 'DATADIR=$(DATADIR)' 'XML_SONAME=$(XML_SONAME)' \
	  'ZIP_SONAME=$(ZIP_SONAME)' | \
	  cmp -s - $@ || printf '%s\n' 'VERSION=$(VERSION)' 'DATADIR=$(DATADIR)' \
	  'XML_SONAME=$(XML_SONAME)' 'ZIP_SONAME=$(ZIP_SONAME)' > $@

$(BUILD)/%.o: %.c $(CONFIG_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(SCORM_GEN): $(SCORM_ASSETS) tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh scorm_assets.h $(SCORM_ASSETS) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/scorm_assets.o: $(SCORM_GEN) $(CONFIG_STAMP)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(GRADER_LIB): $(GRADER_OBJ)
	$(AR) rcs $@ $^

$(ENGINE_LIB): $(ENGINE_OBJ)
	$(AR) rcs $@ $^

$(TMDOJO): $(TOOLS_OBJ) $(ENGINE_LIB) $(GRADER_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(TOOLS_OBJ) $(ENGINE_LIB) $(GRADER_LIB) $(PKG_LIBS)

$(BUILD)/tests/%: tests/%.c $(ENGINE_LIB) $(GRADER_LIB) $(CONFIG_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests -MMD -MP -o $@ $< $(ENGINE_LIB) $(GRADER_LIB) \
	      $(ALL_LDFLAGS) $(CMOCKA_LIBS) $(PKG_LIBS) $(XML_LIBS) $(ZIP_LIBS)

$(BUILD)/bench/%: tools/bench/%.c $(ENGINE_LIB) $(GRADER_LIB) $(CONFIG_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(ENGINE_LIB) $(GRADER_LIB) $(ALL_LDFLAGS) $(PKG_LIBS)

# ---- tests -------------------------------------------------------------------
# Unit tests (cmocka) then end-to-end tests of the real binary. Each runner prints
# its summary; the target fails when any test fails.
test: all $(TEST_BIN)
	@tests/run-unit.sh $(TEST_BIN)
	@TMDOJO=$(abspath $(TMDOJO)) tests/run-e2e.sh

unit: $(TEST_BIN)
	@tests/run-unit.sh $(TEST_BIN)

e2e: all
	@TMDOJO=$(abspath $(TMDOJO)) tests/run-e2e.sh

check:
	$(MAKE) BUILD=build-san SAN=1 test

# valgrind runs the unit tests and the end-to-end tests with the binary wrapped.
VALGRIND_FLAGS = -q --leak-check=full --show-leak-kinds=definite,indirect \
                 --errors-for-leak-kinds=definite,indirect --suppressions=$(abspath tests/valgrind.supp)
# The scripts run one per core (at most 4) there: valgrind is what makes CI long.
VALGRIND_JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ "$$n" -gt 4 ] && n=4; echo $$n)
valgrind: all $(TEST_BIN)
	@VALGRIND="valgrind $(VALGRIND_FLAGS) --error-exitcode=1" tests/run-unit.sh $(TEST_BIN)
	@TMDOJO=$(abspath $(TMDOJO)) TMDOJO_WRAP="valgrind $(VALGRIND_FLAGS) --error-exitcode=99" \
	  E2E_JOBS=$(VALGRIND_JOBS) tests/run-e2e.sh

# ---- content checks ----------------------------------------------------------
validate: all
	$(TMDOJO) validate

keycheck: all
	@for d in exercises/*/; do $(TMDOJO) keycheck "$$d" || exit 1; done

# ---- fuzzing (clang libFuzzer) ---------------------------------------------------
FUZZ_SECONDS ?= 60
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_CFLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
              -D_DEFAULT_SOURCE -DTMDOJO_VERSION='"$(VERSION)"' -DTMDOJO_DATADIR='"$(DATADIR)"' \
              -DTM_LIBXML2_SONAME='"$(XML_SONAME)"' -DTM_LIBZIP_SONAME='"$(ZIP_SONAME)"' \
              -Igrader -Iengine $(PKG_CFLAGS)
build-fuzz/%: tests/fuzz/%.c $(GRADER_SRC) $(ENGINE_SRC) $(SCORM_GEN)
	@mkdir -p build-fuzz
	clang $(FUZZ_CFLAGS) -o $@ $< $(GRADER_SRC) $(ENGINE_SRC) $(SCORM_GEN) $(PKG_LIBS)

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); mkdir -p build-fuzz/corpus-$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 \
	      build-fuzz/corpus-$$n tests/fuzz/corpus/$$n || exit 1; done

# ---- benchmarks and grader quality -----------------------------------------------
bench: all $(BENCH_BIN)
	@for b in $(BENCH_BIN); do $$b || exit 1; done

eval: all
	$(TMDOJO) eval tests/eval

# Refits the grader's calibration on the practice split and prints the
# weights for grader/calibrate.c, with leave-one-system-out estimates.
calibrate: all
	$(TMDOJO) eval --features $(BUILD)/features.tsv tests/eval >/dev/null
	python3 tests/eval/calibrate.py $(BUILD)/features.tsv

# ---- dependencies, install ------------------------------------------------------------
deps:
	@sh tools/install-deps.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(TMDOJO) $(DESTDIR)$(PREFIX)/bin/tmdojo
	install -m 644 docs/tmdojo.1 $(DESTDIR)$(PREFIX)/share/man/man1/tmdojo.1
	cp -R courses exercises lexicon $(DESTDIR)$(DATADIR)/
	install -m 644 policy.yaml $(DESTDIR)$(DATADIR)/policy.yaml

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/tmdojo $(DESTDIR)$(PREFIX)/share/man/man1/tmdojo.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-fuzz tmdojo

# test and bench programs too: a test that #includes a tools/ file (test_render.c
# includes tools/render.c) is rebuilt when that file changes
-include $(GRADER_OBJ:.o=.d) $(ENGINE_OBJ:.o=.d) $(TOOLS_OBJ:.o=.d) $(TEST_BIN:=.d) $(BENCH_BIN:=.d)
