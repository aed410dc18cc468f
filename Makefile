# popdesk - community population and family-planning register.
# Plain make: `make` builds, `make check` runs every test (plain and
# sanitizer builds), `make run` opens the screens on a demo register.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/popdesk
SYSCONFDIR ?= /etc
DESTDIR ?=
BUILD   ?= build
VERSION := 0.1.0

PKGS    := sqlite3 ncursesw libcurl jansson zlib cmocka libcrypt libcrypto cairo fontconfig
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter
CPPFLAGS += -std=gnu11 -D_GNU_SOURCE -Isrc -I. -I/usr/include/iniparser \
            -DPOPDESK_VERSION='"$(VERSION)"' -DPOPDESK_DATADIR='"$(DATADIR)"' \
            -MMD -MP
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl, cairo and fontconfig are not linked: src/sync/http.c and
# src/report/pdf.c open them (dlopen) on first use, so start-up and every
# process's resident memory skip their ~45 libraries (their headers still
# come from PKG_CFLAGS).
PKG_LIBS   := $(shell pkg-config --libs sqlite3 ncursesw jansson zlib libcrypt libcrypto 2>/dev/null) -liniparser -lcsv -lm -lpthread -ldl
# SAN=1: AddressSanitizer + UBSan, and popdesk's own self-checks
# (PD_SELF_CHECK: fast paths compared with the plain way, abort on a
# difference).  Kept out of CFLAGS so that a CFLAGS given on the command
# line (`make san` passes one) cannot drop them.
SAN     ?=
SANFLAGS :=
ifneq ($(SAN),)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -DPD_SELF_CHECK
endif

LIB_SRC := $(wildcard src/core/*.c src/store/*.c src/sync/*.c src/report/*.c src/tui/*.c src/app/*.c screens/*.c)
LIB_SRC := $(filter-out src/app/main.c,$(LIB_SRC))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/src/app/main.o
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
BENCH_SRC := $(wildcard bench/*.c)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps check unit e2e san run bench install uninstall clean fuzz torture
all: $(BUILD)/popdesk

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(SANFLAGS) $(WARN) -c $< -o $@

$(BUILD)/libpopdesk.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/popdesk: $(MAIN_OBJ) $(BUILD)/libpopdesk.a
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(BUILD)/libpopdesk.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka

$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(BUILD)/libpopdesk.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(BUILD)/libpopdesk.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(SANFLAGS) -o $@ $^ $(PKG_LIBS)

# Installs the Debian packages the build and the tests need, when missing.
deps:
	@scripts/install-deps.sh --check-or-install

unit: $(TEST_BIN) $(BUILD)/popdesk
	@scripts/run-unit.sh $(BUILD) $(TEST_BIN)

e2e: $(BUILD)/popdesk $(TOOL_BIN)
	@scripts/run-e2e.sh $(BUILD)

san:
	$(MAKE) BUILD=build-san SAN=1 CFLAGS="-O1 -g" unit

check: deps
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) san
	$(MAKE) e2e
	FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) scripts/fuzz.sh

CHECK_FUZZ_SECONDS ?= 10

# libFuzzer harnesses in tests/fuzz/ for FUZZ_SECONDS each (default 60).
fuzz: deps
	@scripts/fuzz.sh

# The long version of the survival tests: hundreds of kill -9 rounds and a
# longer fuzzing budget.  Documented in docs/ARCHITECTURE.md.
torture: deps all $(TOOL_BIN)
	CRASH_ROUNDS=$${CRASH_ROUNDS:-400} scripts/run-e2e.sh $(BUILD) tests/e2e/test_crash.sh
	SYNC_KILL_ROUNDS=$${SYNC_KILL_ROUNDS:-300} scripts/run-e2e.sh $(BUILD) tests/e2e/test_sync.sh
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} scripts/fuzz.sh

run: deps
	$(MAKE) all
	@scripts/run-demo.sh $(BUILD)

bench: deps
	$(MAKE) CFLAGS="-O2 -g" all $(BENCH_BIN) $(TOOL_BIN)
	@scripts/bench.sh $(BUILD)

install: $(BUILD)/popdesk
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/policy $(DESTDIR)$(DATADIR)/examples
	install -m 0755 $(BUILD)/popdesk $(DESTDIR)$(BINDIR)/popdesk
	install -m 0644 conf/policy/*.ini $(DESTDIR)$(DATADIR)/policy/
	install -m 0644 conf/popdesk.ini $(DESTDIR)$(DATADIR)/examples/popdesk.ini
	install -m 0644 conf/popdesk-sync.service conf/popdesk-sync.timer $(DESTDIR)$(DATADIR)/examples/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/popdesk
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-*

-include $(wildcard $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d))
