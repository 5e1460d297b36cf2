# Aqwal: `make` sets up .venv and runs the main job; `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export PYTHONHASHSEED := 0
export IPYKERNEL_CELL_NAME := <IPY-INPUT>

.PHONY: all install build summary test lock lab clean

all: build summary

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(STAMP)

build: $(STAMP)
	$(BIN)/aqwal build

summary: $(STAMP)
	$(BIN)/aqwal summary

test: $(STAMP)
	$(BIN)/python -m pytest

lock: $(STAMP)
	( echo '# Exact versions behind every stored notebook output and every build; `make lock` regenerates.'; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^aqwal' ) > constraints.txt

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV)
