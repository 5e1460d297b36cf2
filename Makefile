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

# Debian packages the tests need: the grader's sandbox, and a real browser with Arabic fonts.
DEBIAN_PACKAGES := bubblewrap chromium fonts-noto-core

.PHONY: all install system sandbox build summary notebooks test browser-test bench lock lab clean

all: build summary sandbox

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	# jsonschema's optional IRI checker (pulled in by jupyter-events) compiles 35 grammars at
	# import: 3 s in every process that imports nbformat. Nothing here validates an IRI.
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	touch $@

install: $(STAMP)

# Installs the missing Debian packages when it can (root with apt-get), else says what to install.
system:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "missing Debian packages: $$missing" >&2; \
	  echo "install them with: sudo apt-get install $$missing" >&2; exit 1; \
	fi

# `aqwal grade` runs every submission in a bubblewrap sandbox and refuses to grade without one:
# say so plainly when it cannot start here (`make system` installs Debian's bubblewrap).
sandbox: $(STAMP)
	@$(BIN)/python -c "from aqwal.exercises.sandbox import unavailable_reason; \
	reason = unavailable_reason(); \
	print('grading sandbox: bubblewrap works' if not reason else \
	      'WARNING: no grading sandbox: ' + reason + '. aqwal grade will refuse untrusted submissions.')"

build: $(STAMP)
	$(BIN)/aqwal build

summary: $(STAMP)
	$(BIN)/aqwal summary

notebooks: $(STAMP)
	$(BIN)/aqwal exercises --execute

# The unit tests, and nbval on every solved notebook, in one run on two workers (a file stays
# on one worker, so each notebook keeps its kernel; the longest files go first: tests/conftest.py).
test: $(STAMP) system
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder tests answers $(NBVAL) --ignore=tests/cases

# The browser tests alone (also part of `make test`): `make lab` running every notebook in
# JupyterLab in Chromium, and the annotated-article view; screenshots in build/screenshots/.
browser-test: $(STAMP) system
	$(BIN)/python -m pytest -p no:xdist tests/test_browser_notebooks.py tests/test_view_browser.py tests/test_make_lab.py \
	  tests/test_notebook_tables.py

bench: $(STAMP)
	$(BIN)/python benchmarks/corpus.py
	$(BIN)/python benchmarks/grading.py
	$(BIN)/python benchmarks/drafts.py

export SORT_AS_PIP := import sys; print(''.join(sorted(sys.stdin, key=lambda l: l.split('==')[0].lower().replace('_', '-'))), end='')
# rfc3987-syntax is uninstalled by `make install` (above) but stays pinned, as pip installs it first.
lock: $(STAMP)
	( echo '# Exact versions behind every stored notebook output and every build; `make lock` regenerates.'; \
	  ( $(BIN)/python -m pip freeze --exclude-editable | grep -v '^aqwal'; \
	    grep '^rfc3987-syntax==' constraints.txt ) | $(BIN)/python -c "$$SORT_AS_PIP" ) > constraints.txt.new
	mv constraints.txt.new constraints.txt

# JupyterLab on the student notebooks; it prints the URL to open (with its token). Their kernels
# start in notebooks/, from where the notebooks find data/. JupyterLab refuses to run as root
# (containers, classroom servers) unless told. Other options go in LAB_ARGS, for example
# `make lab LAB_ARGS="--ip=0.0.0.0 --no-browser"` on a server.
LAB_DIR ?= notebooks
LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(LAB_DIR)" $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

clean:
	rm -rf $(VENV)
