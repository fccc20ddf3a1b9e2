# mk/package.mk: release artefacts, all carrying the version in VERSION.
#
#   make dist        .build/dist/httpstatus-VERSION.tar.gz and its .sha256:
#                    the tracked files (git ls-files, working-tree contents),
#                    sorted, owner 0, mtime SOURCE_DATE_EPOCH (the last
#                    commit's time), gzip -n: byte-identical when rebuilt
#   make deb         the Debian packages libsqlite3-mod-httpstatus and
#                    httpstatus-tools in .build/deb/, built by dpkg-buildpackage
#                    from that tarball, then checked by lintian (no error,
#                    no warning; LINTIAN=: skips it)
#   make wheel       the wheel sqlite-httpstatus in .build/wheel/, built
#                    without network by Debian's python3 (setuptools, wheel, pip)
#   make npm         sqlite-httpstatus and sqlite-httpstatus-linux-x64 as
#                    .tgz in .build/npm/ (npm pack)
#   make packages    all four
#
#   make test-dist   builds the tarball twice and compares the bytes, then
#                    runs make test from the unpacked tarball
#   make test-deb    installs the .debs, loads the library by its bare name,
#                    imports a shipped log, purges (root; Debian)
#   make test-wheel  installs the wheel in a fresh venv, queries with pandas
#   make test-npm    installs the .tgz files with better-sqlite3 (built from
#                    source) and with libsql, queries with each (network:
#                    the npm registry)
#   make test-packages  all four tests
#
# None of these is part of make test; tests/version.t (which is) checks that
# every file carrying the version agrees with VERSION.
#
# LIBRARIES lists the loadable libraries every package ships; each is
# NAME.$(SHLIB_EXT) with the entry point sqlite3_NAME_init: httpstatus,
# httplog where mk/httplog.mk defines HTTPLOG, httpagent where mk/agent.mk
# defines HTTPAGENT. The package tests get their
# names in LIBRARY_NAMES.
.PHONY: dist deb wheel npm packages test-dist test-deb test-wheel test-npm test-packages

LIBRARIES ?= $(EXTENSION) $(HTTPLOG) $(HTTPAGENT)
LIBRARY_NAMES = $(basename $(notdir $(LIBRARIES)))
VERSION := $(shell cat VERSION)
DIST_NAME = httpstatus-$(VERSION)
DIST_TARBALL = .build/dist/$(DIST_NAME).tar.gz
# Debian's interpreter: the only python3 here whose sqlite3 module can load
# extensions, and the one with setuptools, wheel and pip.
PACKAGE_PYTHON ?= /usr/bin/python3
LINTIAN ?= lintian
NPM ?= npm
NPM_PLATFORM = linux-x64
# Wheels and npm packages ship the libraries without debug information.
STRIP ?= strip
# The tarball's mtimes (also read by dpkg, setuptools and gcc): the last
# commit's time in a git checkout; in an unpacked tarball that of VERSION,
# which the tarball set to the same instant.
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(if $(wildcard .git),$(shell git log -1 --format=%ct),$(shell stat -c %Y VERSION))
endif
export SOURCE_DATE_EPOCH

# The version header is generated, and committed so that a plain cc, the
# static-link build and the Windows cross-build need nothing but ext/.
ext/version.h: VERSION
	printf '%s\n' '/*' \
	  '** version.h: generated from VERSION by mk/package.mk (make ext/version.h).' \
	  "** Do not edit; tests/version.t checks that it matches VERSION." '*/' \
	  '#ifndef HTTPSTATUS_VERSION_H' '#define HTTPSTATUS_VERSION_H' '' \
	  '#define HTTPSTATUS_VERSION "$(VERSION)"' '' '#endif' >$@

# What the Debian packages ship (debian/rules): every library of LIBRARIES
# into LIBDIR, the importer into BINDIR as httpstatus-import.
BINDIR ?= $(PREFIX)/bin
.PHONY: packaged-programs install-libraries install-importer
packaged-programs: $(LIBRARIES) $(IMPORT_LOG)

install-libraries: $(LIBRARIES)
	install -d '$(DESTDIR)$(LIBDIR)'
	for lib in $(LIBRARIES); do install -m 0644 $$lib '$(DESTDIR)$(LIBDIR)/' || exit 1; done

install-importer: $(IMPORT_LOG)
	install -d '$(DESTDIR)$(BINDIR)'
	install -m 0755 $(IMPORT_LOG) '$(DESTDIR)$(BINDIR)/httpstatus-import'

packages: dist deb wheel npm ## the source tarball, Debian packages, wheel and npm packages
test-packages: test-dist test-deb test-wheel test-npm ## each package installed and used as a user would

# ---- source tarball -------------------------------------------------------
dist: ## the source tarball
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { \
	  echo 'httpstatus: make dist lists the files with git; run it in a git checkout' >&2; exit 1; }
	@git diff --quiet HEAD -- || echo 'httpstatus: warning: the tarball includes uncommitted changes' >&2
	mkdir -p .build/dist
	git ls-files -z >.build/dist/files.unsorted
	LC_ALL=C sort -z .build/dist/files.unsorted >.build/dist/files
	rm -f .build/dist/$(DIST_NAME).tar $(DIST_TARBALL)
	tar --create --format=gnu --owner=0 --group=0 --numeric-owner --mode='u+rw,go=rX' \
	  --mtime=@$(SOURCE_DATE_EPOCH) --transform='s,^,$(DIST_NAME)/,' --no-recursion \
	  --null --files-from=.build/dist/files --file=.build/dist/$(DIST_NAME).tar
	gzip -9n .build/dist/$(DIST_NAME).tar
	rm -f .build/dist/files .build/dist/files.unsorted
	cd .build/dist && sha256sum $(DIST_NAME).tar.gz >$(DIST_NAME).tar.gz.sha256
	@cat .build/dist/$(DIST_NAME).tar.gz.sha256

# In the unpacked tarball, the scripts that load the libraries (DIST_TESTS):
# every file make test needs is there (the tarball holds the tracked files).
DIST_TESTS ?= $(SQL_TESTS)
test-dist: ## the tarball builds and passes its tests
	DIST_TESTS='$(DIST_TESTS)' prove tests/package/dist.t

# ---- Debian packages (debian/) --------------------------------------------
deb: dist ## the Debian packages
	rm -rf .build/deb
	mkdir -p .build/deb
	tar -xzf $(DIST_TARBALL) -C .build/deb
	cd .build/deb/$(DIST_NAME) && dpkg-buildpackage -us -uc -b
	$(LINTIAN) --fail-on error,warning --info .build/deb/*.changes

test-deb: deb ## the Debian packages installed, lintian clean
	LIBRARY_NAMES='$(LIBRARY_NAMES)' prove tests/package/deb.t

# ---- Python wheel (python/) -------------------------------------------------
WHEEL_STAGE = .build/wheel/stage
wheel: $(LIBRARIES) ## the Python wheel
	rm -rf .build/wheel
	mkdir -p $(WHEEL_STAGE)
	cp -R python/. VERSION LICENSE $(WHEEL_STAGE)/
	for lib in $(LIBRARIES); do \
	  $(STRIP) --strip-debug -o $(WHEEL_STAGE)/sqlite_httpstatus/$$(basename $$lib) $$lib || exit 1; \
	done
	cd $(WHEEL_STAGE) && $(PACKAGE_PYTHON) -m pip wheel --quiet --no-build-isolation --no-index \
	  --no-deps --wheel-dir .. .
	ls .build/wheel/*.whl

test-wheel: wheel ## the wheel installed in a venv and used
	LIBRARY_NAMES='$(LIBRARY_NAMES)' prove tests/package/wheel.t

# ---- npm packages (npm/) ------------------------------------------------------
NPM_STAGE = .build/npm/stage
npm: $(LIBRARIES) ## the npm packages
	rm -rf .build/npm
	mkdir -p $(NPM_STAGE)
	cp -R npm/sqlite-httpstatus npm/sqlite-httpstatus-$(NPM_PLATFORM) $(NPM_STAGE)/
	for dir in $(NPM_STAGE)/*; do cp LICENSE $$dir/ || exit 1; done
	for lib in $(LIBRARIES); do \
	  $(STRIP) --strip-debug -o $(NPM_STAGE)/sqlite-httpstatus-$(NPM_PLATFORM)/$$(basename $$lib) \
	    $$lib || exit 1; \
	done
	cd .build/npm && for dir in stage/*; do $(NPM) pack --silent ./$$dir || exit 1; done
	ls .build/npm/*.tgz

test-npm: npm ## the npm packages with better-sqlite3
	LIBRARY_NAMES='$(LIBRARY_NAMES)' prove tests/package/npm.t
