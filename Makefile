# Two commands on a fresh machine (Python 3.11 + make):
#   make run    install into .venv (first time) and clean seeds/ into output/
#   make test   install into .venv (first time) and run the whole test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: setup run test bench quality clean-output

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/cleanseeds run seeds --output output

test: $(STAMP)
	$(BIN)/python -m pytest

clean-output:
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
