# Two commands on a fresh machine (Python 3.11 + make):
#   make run    install into .venv (first time) and clean seeds/ into output/
#   make test   install into .venv (first time), lint (ruff, mypy --strict), run the whole test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: setup run lint test bench lock clean-output browser screenshots report

# constraints.txt pins every transitive dependency to the versions the tests ran with
# (regenerate with `make lock` after changing dependencies in pyproject.toml). The last step
# fills the compiled-pattern cache (~2 CPU-s once; docs/performance.md, CLEANSEEDS_CACHE_DIR).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	$(BIN)/python -m cleanseeds.enrich.regex_cache
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/cleanseeds run seeds --output output

# ruff (rules in pyproject.toml) over the code, tests and scripts; mypy --strict over src/
# and flows/ ([tool.mypy] files)
lint: $(STAMP)
	$(BIN)/ruff check src flows tests bench scripts
	$(BIN)/mypy

test: lint browser
	$(BIN)/python -m pytest

# Debian's chromium for the report's browser test (tests/browser); apt-get when missing (CI is root)
browser:
	bash scripts/ensure_chromium.sh

# the report of the seeds run: output/report/index.html (a run writes it too)
report: $(STAMP)
	$(BIN)/cleanseeds report output

# docs/report-index.png and docs/report-document.png from a fresh run over seeds/ (real chromium)
screenshots: $(STAMP) browser
	$(BIN)/python -m tests.browser.screenshots docs

# throughput and memory against the bare library calls (issue 7); ~90 min on 2 cores;
# results printed and kept in bench/results/perf-n1000.txt and perf-n10000.txt
bench: $(STAMP)
	$(BIN)/python bench/perf.py --n 1000 --n 10000

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable > constraints.txt

clean-output:
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
