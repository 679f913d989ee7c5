# Developer commands. On a fresh machine use ./bootstrap TARGET, which installs system packages first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-quick schema sign bench package package-windows clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/briefing-app

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

test-quick: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not slow"

schema: $(STAMP)
	$(VENV)/bin/briefing-app schema -o data/dataset.schema.json

# Re-sign the bundled dataset after every edit of data/dataset.json (docs/editions.md): writes
# data/dataset.json.sig with the compiler's private key, which lives outside the repository, and remakes
# the fictional next-edition test fixture from the new data (tests/make_next_edition.py).
EDITION_KEY ?= $(HOME)/.config/briefing-app-compiler/ed25519.key
sign: $(STAMP)
	$(VENV)/bin/briefing-app edition sign --key "$(EDITION_KEY)" data/dataset.json
	$(PY) tests/make_next_edition.py

clean:
	rm -rf $(VENV) build dist .pytest_cache

# The Linux installer, build/briefing-app_<version>_<arch>.deb: installs the pinned PyInstaller
# (packaging/requirements.txt) into the venv, freezes the app and wraps it with dpkg-deb.
package: $(STAMP)
	PYTHON=$(abspath $(PY)) packaging/linux/build-deb.sh

# The Windows installers, built here under wine (packaging/README.md, "Windows"):
# build/briefing-app-<version>-setup.exe (NSIS) and build/briefing-app-<version>.msi (wixl), per user.
# Inputs pinned and hash-checked in packaging/windows/{python,requirements}.txt. About 7-9 minutes from
# clean (the wine prefix with its Windows venv is cached in build/windows/ between runs).
package-windows: $(STAMP)
	PYTHON=$(abspath $(PY)) packaging/windows/build-windows.sh all

# Benchmarks against baselines measured in the same run (bench/run.py): prints a table and writes
# bench/results.json and bench/results.txt. Not part of the tests; takes 15-30 minutes.
bench: $(STAMP)
	$(PY) bench/run.py --repeat 7
