# The two commands of the README: `make demo` and `make test`. Everything they need is set up here.
SHELL := /bin/bash
PYTHON ?= $(shell bash scripts/find-python.sh)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
# Every package is installed at the version pinned here (`make lock` updates the pins).
CONSTRAINTS := constraints.txt

.PHONY: demo test test-slow contract bench lint screenshots browser ocr clean train calibrate lock

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "python3.12 not found" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# openimr's own modules byte-compiled at install: an editable install leaves that to the first
# import, which never happens where PYTHONDONTWRITEBYTECODE is set (0.2 s of every start).
# A module edited later is compiled again in memory (its .pyc no longer matches).
BYTECODE := $(BIN)/python -m compileall -q src/openimr > /dev/null

$(STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install -q -c $(CONSTRAINTS) -e .
	$(BYTECODE)
	@touch $@

$(DEVSTAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install -q -c $(CONSTRAINTS) -e '.[dev]'
	$(BYTECODE)
	@touch $(STAMP) $@

demo: $(STAMP)
	$(BIN)/openimr review examples/cases/seed-lumbar-pt.json

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench

browser:
	@bash scripts/install-browser.sh

# Tesseract, Ghostscript and unpaper for OCR of scanned records. `make demo` does not need
# them (scanned pages are then named as not read); the tests and the bench do.
ocr:
	@bash scripts/install-ocr.sh

test: $(DEVSTAMP) browser ocr
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -n 2 --dist loadgroup

# The slower suites, run by CI after `make test`: Schemathesis over the whole API
# (tests/contract, marker `contract`), on SQLite and on PostgreSQL, 10-15 min each on the
# shared 2-core machine; and the tests marked `slow` (scanned case files through two real
# workers on PostgreSQL with Tesseract, a few minutes).
test-slow: $(DEVSTAMP) ocr
	$(BIN)/pytest -m 'contract or slow' -n 0 -p no:randomly

contract: test-slow

# Rebuild the trained reading components (seeded; a minute or two on 2 cores) and record
# their dev scores beside the weights (src/openimr/records/models/narrative/meta.json).
train: $(DEVSTAMP)
	$(BIN)/python -m openimr.records.training

# The confidence table of the drafts, refitted on the calibration decision set: cases no rule was
# tuned on, so the confidence it gives is honest (the development set is tuned, and a table
# fitted on it claims more than the drafts deliver). Only aggregates are printed: no rule may
# be changed because of this set. Without it, the development set, with a warning.
CALIBRATION_SET := examples/decisions/calib
calibrate: $(DEVSTAMP)
	@if ls $(CALIBRATION_SET)/*/case.yaml >/dev/null 2>&1; then set=$(CALIBRATION_SET); else \
	  echo "warning: no calibration set in $(CALIBRATION_SET); fitting on the tuned development set, whose confidence is overconfident" >&2; \
	  set=examples/decisions/dev; fi; \
	$(BIN)/openimr eval decisions $$set --aggregates-only --fit-confidence src/openimr/review/data/confidence.yaml

bench: $(DEVSTAMP) ocr
	$(BIN)/python bench/run.py

screenshots: $(DEVSTAMP) browser
	$(BIN)/python scripts/screenshots.py

# Re-resolve and pin every dependency in constraints.txt (review the diff, then commit it).
lock:
	bash scripts/lock.sh

clean:
	rm -rf $(VENV) build *.egg-info
