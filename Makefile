# httpstatus: HTTP status codes for SQLite, as a loadable extension.
#
#   make            build httpstatus.so (the extension) at the top of the tree
#   make test       build, then run every test in tests/ with prove
#   make install    copy httpstatus.so to $(DESTDIR)$(LIBDIR)
#   make lint       check formatting against .clang-format
#
# Variables: CC, CFLAGS, PREFIX (/usr), LIBDIR, DESTDIR, SQLITE3 (the shell
# the tests drive), PROVE_FLAGS.
#
# On macOS the extension is a .dylib: make SHLIB_EXT=dylib SHLIB_FLAGS=-dynamiclib
# For Windows, cross-compile: make CC=x86_64-w64-mingw32-gcc SHLIB_EXT=dll

PREFIX ?= /usr
LIBDIR ?= $(PREFIX)/lib
SQLITE3 ?= sqlite3
PROVE_FLAGS ?=

CFLAGS ?= -O2 -g
WARNINGS = -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
SHLIB_EXT ?= so
SHLIB_FLAGS ?= -shared -fPIC

EXTENSION = httpstatus.$(SHLIB_EXT)
SOURCES = $(wildcard ext/*.c)
HEADERS = $(wildcard ext/*.h)

.PHONY: all test install uninstall lint clean deps

all: $(EXTENSION)

$(EXTENSION): $(SOURCES) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(SHLIB_FLAGS) -o $@ $(SOURCES) $(LDFLAGS)

# Checks the compiled data on its own, without SQLite.
tools/check_data: tools/check_data.c ext/status_data.c ext/status_lookup.c ext/status_data.h
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -Iext -o $@ tools/check_data.c ext/status_data.c ext/status_lookup.c

# Installs what a fresh Debian machine lacks (as root), or names the command.
deps:
	@sh tools/deps.sh

test: deps $(EXTENSION) tools/check_data
	SQLITE3='$(SQLITE3)' EXTENSION=./httpstatus prove $(PROVE_FLAGS) tests/

install: $(EXTENSION)
	install -d '$(DESTDIR)$(LIBDIR)'
	install -m 0644 $(EXTENSION) '$(DESTDIR)$(LIBDIR)/$(EXTENSION)'

uninstall:
	rm -f '$(DESTDIR)$(LIBDIR)/$(EXTENSION)'

lint:
	clang-format --dry-run --Werror ext/*.c ext/*.h tools/*.c

clean:
	rm -f httpstatus.so httpstatus.dylib httpstatus.dll tools/check_data
