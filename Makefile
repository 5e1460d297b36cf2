# Aqwal: `make` sets up .venv and runs the main job; `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export PYTHONHASHSEED := 0
export IPYKERNEL_CELL_NAME := <IPY-INPUT>

NBVAL := --nbval --nbval-current-env --nbval-sanitize-with nbval-sanitize.cfg

.PHONY: all install build summary notebooks test bench lock lab clean

all: build summary

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	# jsonschema's optional IRI checker (pulled in by jupyter-events) compiles 35 grammars at
	# import: 3 s in every process that imports nbformat. Nothing here validates an IRI.
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	touch $@

install: $(STAMP)

build: $(STAMP)
	$(BIN)/aqwal build

summary: $(STAMP)
	$(BIN)/aqwal summary

notebooks: $(STAMP)
	$(BIN)/aqwal exercises --execute

# The unit tests, and nbval on every solved notebook, in one run on two workers (a file stays
# on one worker, so each notebook keeps its kernel; the longest files go first: tests/conftest.py).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder tests answers $(NBVAL) --ignore=tests/cases

bench: $(STAMP)
	$(BIN)/python benchmarks/corpus.py
	$(BIN)/python benchmarks/grading.py

lock: $(STAMP)
	( echo '# Exact versions behind every stored notebook output and every build; `make lock` regenerates.'; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^aqwal' ) > constraints.txt

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV)
