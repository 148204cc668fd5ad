# Roster — membership system: `roster` (ncurses client) and `rosterd` (API server).
#
#   make run      install missing Debian packages, build, start a demo server and the client
#   make check    install missing Debian packages, build, run every test
#                 (the API tests on SQLite and again on PostgreSQL)
#   make check-pg the API tests on PostgreSQL only
#   make bench    benchmarks (figures, not assertions)
#
# Variables: PREFIX, DESTDIR, CC, WERROR=1 (warnings are errors), SANITIZE=1
# (AddressSanitizer + UndefinedBehaviorSanitizer, separate build directory),
# NODEPS=1 (skip the package check).

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share/roster
LOCALEDIR  ?= $(PREFIX)/share/locale
MANDIR     ?= $(PREFIX)/share/man
# PREFIX=/usr is a distribution's layout: configuration in /etc, state in
# /var; any other prefix keeps both under itself.
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
LOCALSTATEDIR ?= $(if $(filter /usr,$(PREFIX)),/var,$(PREFIX)/var)
STATEDIR   ?= $(LOCALSTATEDIR)/lib/roster
UNITDIR    ?= $(PREFIX)/lib/systemd/system
DESTDIR    ?=

CC         ?= cc
PKG_CONFIG ?= pkg-config

# BUILD may be set on the command line to keep separate trees apart.
ifeq ($(SANITIZE),1)
BUILD      ?= build/san
SANFLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD      ?= build/out
SANFLAGS   :=
endif

PKGS_COMMON := libcjson libsodium
PKGS_SERVER := $(PKGS_COMMON) libmicrohttpd sqlite3 libpq libcurl cairo pangocairo fontconfig libqrencode zlib openssl
PKGS_CLIENT := $(PKGS_COMMON) ncursesw libcurl libqrencode
PKGS_TEST   := cmocka

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN     += -Werror
endif
OPT      ?= -O2 -g
CPPFLAGS += -Iinclude -D_GNU_SOURCE -DROSTER_VERSION='"$(VERSION)"' \
            -DROSTER_DATADIR='"$(DATADIR)"' -DROSTER_LOCALEDIR='"$(LOCALEDIR)"' \
            -DROSTER_SYSCONFDIR='"$(SYSCONFDIR)"'
CFLAGS   += -std=c11 $(OPT) $(WARN) $(SANFLAGS) -pthread
LDFLAGS  += $(SANFLAGS) -pthread

# ---------------------------------------------------------------- sources
COMMON_SRC := $(sort $(wildcard src/common/*.c))
SERVER_SRC := $(sort $(shell find src/server -name '*.c'))
CLIENT_SRC := $(sort $(shell find src/client -name '*.c'))
MIGRATIONS := $(sort $(wildcard src/server/store/migrations/*.sql))
MIGRATIONS_PG := $(sort $(wildcard src/server/store/migrations/pg/*.sql))
EMBED_DATA := data/common-passwords.txt

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

COMMON_OBJ := $(call obj,$(COMMON_SRC)) $(BUILD)/obj/gen/embedded.o
SERVER_OBJ := $(call obj,$(SERVER_SRC)) $(BUILD)/obj/gen/migrations.o $(BUILD)/obj/gen/migrations_pg.o
CLIENT_OBJ := $(call obj,$(CLIENT_SRC))
SERVER_LIBOBJ := $(filter-out $(BUILD)/obj/src/server/main.o,$(SERVER_OBJ))
CLIENT_LIBOBJ := $(filter-out $(BUILD)/obj/src/client/main.o,$(CLIENT_OBJ))

LIBCOMMON := $(BUILD)/libcommon.a
LIBSERVER := $(BUILD)/librosterd.a
LIBCLIENT := $(BUILD)/libroster.a
ROSTERD   := $(BUILD)/rosterd
ROSTER    := $(BUILD)/roster
EMBED     := $(BUILD)/tools/embed

SERVER_CFLAGS := $(call pc_cflags,$(PKGS_SERVER)) -Isrc/server -DROSTER_THREAD_LANG
SERVER_LIBS   := $(call pc_libs,$(PKGS_SERVER)) -lm
CLIENT_CFLAGS := $(call pc_cflags,$(PKGS_CLIENT)) -Isrc/client
CLIENT_LIBS   := $(call pc_libs,$(PKGS_CLIENT)) -lm
COMMON_CFLAGS := $(call pc_cflags,$(PKGS_COMMON))
COMMON_LIBS   := $(call pc_libs,$(PKGS_COMMON))
TEST_CFLAGS   := $(call pc_cflags,$(PKGS_TEST) libcurl) -Itests
TEST_LIBS     := $(call pc_libs,$(PKGS_TEST) libcurl)

# ---------------------------------------------------------------- tests
UNIT_COMMON_SRC := $(sort $(wildcard tests/unit/common/test_*.c))
UNIT_SERVER_SRC := $(sort $(wildcard tests/unit/server/test_*.c))
UNIT_CLIENT_SRC := $(sort $(wildcard tests/unit/client/test_*.c))
API_SRC         := $(sort $(wildcard tests/api/test_*.c))
API_HARNESS_SRC := $(filter-out $(API_SRC),$(sort $(wildcard tests/api/*.c)))
TUI_SRC         := $(sort $(wildcard tests/tui/test_*.c))
TUI_HARNESS_SRC := $(filter-out $(TUI_SRC),$(sort $(wildcard tests/tui/*.c)))
TESTBIN = $(patsubst tests/%.c,$(BUILD)/tests/%,$(1))
UNIT_BINS := $(call TESTBIN,$(UNIT_COMMON_SRC) $(UNIT_SERVER_SRC) $(UNIT_CLIENT_SRC))
API_BINS  := $(call TESTBIN,$(API_SRC))
TUI_BINS  := $(call TESTBIN,$(TUI_SRC))
TEST_BINS := $(UNIT_BINS) $(API_BINS) $(TUI_BINS)
# Scripts the runner runs as they are (TAP output).
TEST_SCRIPTS := tests/i18n/check-po.sh tests/fuzz/run.sh tests/install/test_install.sh
# libFuzzer targets: built with clang over the shared sources; `make check`
# replays a fixed number of inputs, `make fuzz` runs longer.
FUZZ_CC   ?= clang
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))

# One catalogue per language (po/LANG.po); work in progress may sit in
# po/LANG/*.po parts, which are merged in (the main file wins on conflicts).
PO_FILES := $(wildcard po/*.po)
PO_LANGS := $(patsubst po/%.po,%,$(PO_FILES))
MO_FILES := $(patsubst %,$(BUILD)/locale/%/LC_MESSAGES/roster.mo,$(PO_LANGS))

.PHONY: all deps test-deps run check check-pg unit fuzz bench install uninstall clean pot distclean tests
.DEFAULT_GOAL := all

all: $(ROSTERD) $(ROSTER) $(MO_FILES)

deps:
ifneq ($(NODEPS),1)
	@sh mk/deps.sh
endif

test-deps:
ifneq ($(NODEPS),1)
	@sh mk/deps.sh test
endif

# ---------------------------------------------------------------- compile
$(BUILD)/obj/src/common/%.o: src/common/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(COMMON_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/src/server/%.o: src/server/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SERVER_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/src/client/%.o: src/client/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CLIENT_CFLAGS) -MMD -MP -c $< -o $@

# The install paths are compiled in: the few files that use them are rebuilt
# when PREFIX or a *DIR changes, so `make install PREFIX=…` never installs
# binaries that look for their data elsewhere.
PATHS_STAMP := $(BUILD)/gen/paths.stamp
PATHS_TEXT  := $(DATADIR)|$(LOCALEDIR)|$(SYSCONFDIR)
$(shell mkdir -p $(BUILD)/gen; echo '$(PATHS_TEXT)' | cmp -s - $(PATHS_STAMP) 2>/dev/null || echo '$(PATHS_TEXT)' > $(PATHS_STAMP))
$(call obj,src/common/paths.c): $(PATHS_STAMP)

$(EMBED): tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -o $@ $<

# Migrations and data files become C arrays so the binaries need no data
# directory to start.
$(BUILD)/gen/migrations.c: $(EMBED) $(MIGRATIONS)
	@mkdir -p $(dir $@)
	$(EMBED) roster_migrations $(MIGRATIONS) > $@

$(BUILD)/gen/migrations_pg.c: $(EMBED) $(MIGRATIONS_PG)
	@mkdir -p $(dir $@)
	$(EMBED) roster_migrations_pg $(MIGRATIONS_PG) > $@

$(BUILD)/gen/embedded.c: $(EMBED) $(EMBED_DATA)
	@mkdir -p $(dir $@)
	$(EMBED) roster_embedded $(EMBED_DATA) > $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -c $< -o $@

$(LIBCOMMON): $(COMMON_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIBSERVER): $(SERVER_LIBOBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIBCLIENT): $(CLIENT_LIBOBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(ROSTERD): $(BUILD)/obj/src/server/main.o $(LIBSERVER) $(LIBCOMMON)
	$(CC) $(LDFLAGS) -o $@ $^ $(SERVER_LIBS) $(COMMON_LIBS)

$(ROSTER): $(BUILD)/obj/src/client/main.o $(LIBCLIENT) $(LIBCOMMON)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(COMMON_LIBS)

.SECONDARY:
.SECONDEXPANSION:
$(BUILD)/locale/%/LC_MESSAGES/roster.mo: po/%.po $$(wildcard po/%/*.po)
	@mkdir -p $(dir $@)
	msgcat --use-first --force-po -o $(BUILD)/locale/$*.po $^
	msgfmt --check -o $@ $(BUILD)/locale/$*.po

# ---------------------------------------------------------------- tests
$(BUILD)/tests/unit/common/%: tests/unit/common/%.c $(LIBCOMMON)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(COMMON_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(LIBCOMMON) $(TEST_LIBS) $(COMMON_LIBS) $(LDFLAGS)

$(BUILD)/tests/unit/server/%: tests/unit/server/%.c $(LIBSERVER) $(LIBCOMMON)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SERVER_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(LIBSERVER) $(LIBCOMMON) $(TEST_LIBS) $(SERVER_LIBS) $(COMMON_LIBS) $(LDFLAGS)

$(BUILD)/tests/unit/client/%: tests/unit/client/%.c $(LIBCLIENT) $(LIBCOMMON)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CLIENT_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(LIBCLIENT) $(LIBCOMMON) $(TEST_LIBS) $(CLIENT_LIBS) $(COMMON_LIBS) $(LDFLAGS)

# The harnesses are compiled once and linked into every API / TUI test.
API_HARNESS_OBJ := $(patsubst tests/%.c,$(BUILD)/obj/tests/%.o,$(API_HARNESS_SRC))
TUI_HARNESS_OBJ := $(patsubst tests/%.c,$(BUILD)/obj/tests/%.o,$(TUI_HARNESS_SRC))

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(COMMON_CFLAGS) $(TEST_CFLAGS) -Itests/tui -Itests/api -MMD -MP -c $< -o $@

$(BUILD)/tests/api/%: $(BUILD)/obj/tests/api/%.o $(API_HARNESS_OBJ) $(LIBCOMMON)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(TEST_LIBS) $(COMMON_LIBS) $(LDFLAGS)

$(BUILD)/tests/tui/%: $(BUILD)/obj/tests/tui/%.o $(TUI_HARNESS_OBJ) $(API_HARNESS_OBJ) $(LIBCOMMON)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(TEST_LIBS) $(COMMON_LIBS) $(LDFLAGS)

# The few server files a target drives, which need no libmicrohttpd.
FUZZ_SERVER_fuzz_http_head := src/server/http_head.c
FUZZ_SERVER_fuzz_multipart := src/server/http_form.c

$(BUILD)/fuzz/%: tests/fuzz/%.c $(COMMON_SRC) $(BUILD)/gen/embedded.c $$(FUZZ_SERVER_$$*)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) $(COMMON_CFLAGS) \
	  -Isrc/server -o $@ $< $(COMMON_SRC) $(FUZZ_SERVER_$*) $(BUILD)/gen/embedded.c $(COMMON_LIBS) -lm

# The stand-in payment gateways the API tests of pay/wechat*.c and
# pay/alipay*.c talk to (tests/api/gateway/).
FAKE_GATEWAY := $(BUILD)/tests/api/fake_gateway
$(FAKE_GATEWAY): tests/api/gateway/fake_gateway.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-format-truncation $(call pc_cflags,libcjson libcurl openssl) -o $@ $< \
	  $(call pc_libs,libcjson libcurl openssl) $(LDFLAGS)

tests: all $(TEST_BINS) $(FUZZ_BINS) $(FAKE_GATEWAY)

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@ROSTER_BUILD=$(abspath $(BUILD)) FUZZ_RUNS=$${FUZZ_RUNS:-2000000} sh tests/fuzz/run.sh

# `make check` runs every test binary through one runner that prints a single
# closing line "N passed, N failed[, N skipped]" and fails when anything did;
# beside it, the API tests once more on PostgreSQL (tests/pg/check.sh: a
# throwaway cluster in $(BUILD)/pg for the run, logs in $(BUILD)/test-logs-pg),
# whose lines are printed when the first pass is done; then the two closing
# lines again, one for each database. The two passes run side by side, as
# the tests mostly wait on their servers. `make check-pg` is the PostgreSQL
# pass alone.
TEST_ENV = ROSTERD=$(abspath $(ROSTERD)) ROSTER=$(abspath $(ROSTER)) \
	ROSTER_LOCALEDIR=$(abspath $(BUILD)/locale) ROSTER_DATADIR=$(abspath data) \
	ROSTER_BUILD=$(abspath $(BUILD))
PG_CHECK = $(TEST_ENV) ROSTER_TEST_LOG=$(abspath $(BUILD)/test-logs-pg) \
	ROSTER_TEST_LABEL='PostgreSQL (API tests)' sh tests/pg/check.sh $(abspath $(BUILD)/pg) $(API_BINS)

check: test-deps
	@$(MAKE) --no-print-directory tests
	@rc=0; rm -f $(BUILD)/test-logs-pg/summary; mkdir -p $(BUILD)/test-logs-pg; \
	 $(PG_CHECK) > $(BUILD)/test-logs-pg/output 2>&1 & pg=$$!; \
	 trap 'kill $$pg 2>/dev/null; wait $$pg; exit 130' INT TERM HUP; \
	 $(TEST_ENV) ROSTER_TEST_PG= ROSTER_TEST_LOG=$(abspath $(BUILD)/test-logs) ROSTER_TEST_LABEL='SQLite (all tests)' \
	   sh tests/run.sh $(TEST_BINS) $(TEST_SCRIPTS) || rc=1; \
	 wait $$pg || rc=1; \
	 echo; cat $(BUILD)/test-logs-pg/output; \
	 echo; cat $(BUILD)/test-logs/summary $(BUILD)/test-logs-pg/summary; \
	 exit $$rc

check-pg: test-deps
	@$(MAKE) --no-print-directory -s all $(API_BINS) $(FAKE_GATEWAY)
	@$(PG_CHECK)

unit: deps
	@$(MAKE) --no-print-directory $(UNIT_BINS)
	@sh tests/run.sh $(UNIT_BINS)

bench: deps
	@$(MAKE) --no-print-directory all
	@ROSTERD=$(abspath $(ROSTERD)) ROSTER=$(abspath $(ROSTER)) ROSTER_DATADIR=$(abspath data) \
	 ROSTER_LOCALEDIR=$(abspath $(BUILD)/locale) sh tests/bench/run.sh

run: deps
	@$(MAKE) --no-print-directory all
	@ROSTERD=$(abspath $(ROSTERD)) ROSTER=$(abspath $(ROSTER)) \
	 ROSTER_LOCALEDIR=$(abspath $(BUILD)/locale) ROSTER_DATADIR=$(abspath data) \
	 sh mk/run.sh

# ---------------------------------------------------------------- install
# The deployment files get the install paths filled in. An existing
# rosterd.conf is never overwritten; the state directory is made empty (the
# service's first start creates the database, see rosterd(8)).
DIST_SED := sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SBINDIR@|$(SBINDIR)|g' \
                -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@STATEDIR@|$(STATEDIR)|g' \
                -e 's|@DATADIR@|$(DATADIR)|g'

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR) \
	           $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	           $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(MANDIR)/man8 \
	           $(DESTDIR)$(SYSCONFDIR)/roster $(DESTDIR)$(STATEDIR) $(DESTDIR)$(UNITDIR) \
	           $(DESTDIR)$(SYSCONFDIR)/nginx/sites-available $(DESTDIR)$(DATADIR)/examples
	test -e $(DESTDIR)$(SYSCONFDIR)/roster/rosterd.conf || { \
	  sed -e 's|^data_dir = .*|#data_dir = $(DATADIR)|' \
	      -e 's|^path = roster.db|path = $(STATEDIR)/roster.db|' \
	      data/rosterd.conf.example > $(DESTDIR)$(SYSCONFDIR)/roster/rosterd.conf && \
	  chmod 640 $(DESTDIR)$(SYSCONFDIR)/roster/rosterd.conf; }
	$(DIST_SED) dist/rosterd.service > $(DESTDIR)$(UNITDIR)/rosterd.service
	chmod 644 $(DESTDIR)$(UNITDIR)/rosterd.service
	install -m 644 dist/nginx-roster.conf $(DESTDIR)$(SYSCONFDIR)/nginx/sites-available/roster.conf
	$(DIST_SED) dist/sshd-roster.conf > $(DESTDIR)$(DATADIR)/examples/sshd-roster.conf
	install -m 755 $(ROSTER) $(DESTDIR)$(BINDIR)/roster
	install -m 755 $(ROSTERD) $(DESTDIR)$(SBINDIR)/rosterd
	cp -R data/. $(DESTDIR)$(DATADIR)/
	for m in man/*.[1-8]; do s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	for mo in $(MO_FILES); do l=$${mo#$(BUILD)/locale/}; l=$${l%%/*}; \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/roster.mo; done

# Configuration and state (the database) stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/roster $(DESTDIR)$(SBINDIR)/rosterd
	rm -f $(DESTDIR)$(UNITDIR)/rosterd.service $(DESTDIR)$(SYSCONFDIR)/nginx/sites-available/roster.conf
	rm -rf $(DESTDIR)$(DATADIR)
	for m in man/*.[1-8]; do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done
	for p in $(PO_FILES); do l=$${p#po/}; l=$${l%.po}; \
	  rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/roster.mo; done

# Refresh the template and merge it into each catalogue. The error messages
# are the 4th argument of X(...) in err.h's ROSTER_ERRORS list (xgettext
# reads macro bodies without expanding them). tests/i18n/check-po.sh
# extracts the same way.
pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -c/ --force-po -o po/roster.pot $(sort $(shell find src include -name '*.[ch]'))
	xgettext --from-code=UTF-8 -j -kX:4,4t -o po/roster.pot include/roster/err.h
	for p in $(PO_FILES); do msgmerge -q -U --backup=none $$p po/roster.pot; done

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
