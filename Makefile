# Two commands on a fresh machine (Python 3.11 + make):
#   make run    install into .venv (first time) and clean seeds/ into output/
#   make test   install into .venv (first time) and run the whole test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: setup run test lock clean-output

# constraints.txt pins every transitive dependency to the versions the tests ran with
# (regenerate with `make lock` after changing dependencies in pyproject.toml).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/cleanseeds run seeds --output output

test: $(STAMP)
	$(BIN)/python -m pytest

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable > constraints.txt

clean-output:
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
