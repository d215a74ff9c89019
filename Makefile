# Two commands do all set-up on a fresh Linux machine with Python >= 3.11:
#   make run   install, then run the example cohort  -> output/voorbeeld/index.html
#   make test  install, then lint, privacy gate and every test (incl. nbval)
#   make test-fast  the quick loop while developing: no browser, hub or notebook runs (< 1 min)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install run cohort cohort-run test test-fast lint bench clean api

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,hub]'
	@if command -v npm >/dev/null 2>&1 && [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; fi
	touch $@

# For trainers, no environment to activate: make cohort NAAM=najaar2026, then
# make cohort-run COHORT=cohorts/najaar2026.yml (add PDF=1 for printable hand-outs).
cohort: install
	@test -n "$(NAAM)" || { echo "Geef een naam: make cohort NAAM=najaar2026"; exit 2; }
	$(BIN)/leerrecht cohort new $(NAAM)

cohort-run: install
	@test -n "$(COHORT)" || { echo "Geef het cohortbestand: make cohort-run COHORT=cohorts/najaar2026.yml"; exit 2; }
	$(BIN)/leerrecht cohort run $(COHORT) $(if $(PDF),--pdf)

run: install
	$(BIN)/leerrecht cohort run cohorts/voorbeeld.yml

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/leerrecht privacy scan
	PATH="$(CURDIR)/node_modules/.bin:$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest

# Unit and CLI tests only: the markers browser, hub and slow (notebook runs) are left out,
# and so is nbval (it runs only on the notebooks/ test path, not collected here).
test-fast: install
	$(BIN)/python -m pytest -q tests -m "not slow and not browser and not hub" \
		--ignore=tests/browser --ignore=tests/hub

api: install
	$(BIN)/python tools/build_api_docs.py docs/api

bench: install
	$(BIN)/python benchmarks/cohort_rerun.py
	$(BIN)/python -m benchmarks.protocol_engine
	$(BIN)/python benchmarks/privacy_scan.py
	PATH="$(CURDIR)/node_modules/.bin:$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/hub_class.py

clean:
	rm -rf output test-artifacts .pytest_cache
