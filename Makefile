# Two commands do all the set-up (the first run creates .venv and installs the pinned stack):
#   make lab    open the course in JupyterLab
#   make test   run the whole test suite (helpers' unit tests + every notebook under nbval)
# Others: make data MIRROR=folder (fill an offline mirror), make catalogue,
#         make bench [NOTEBOOKS="06 07"] [BENCH_FLAGS=--store], make fork URL=https://github.com/you/pixels-to-convnets

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: lab test data bench catalogue fork clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "pixels-to-convnets needs Python 3.10 or newer; this is " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt --editable .
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) $(LAB_ARGS) notebooks

test: $(STAMP)
	COURSE_MODE=$${COURSE_MODE:-quick} $(BIN)/python -m pytest

data: $(STAMP)
	$(BIN)/python -m tools.data_admin mirror $(or $(MIRROR),course-mirror)

catalogue: $(STAMP)
	$(BIN)/python -m tools.data_admin readme

bench: $(STAMP)
	$(BIN)/python -m tools.bench $(NOTEBOOKS) $(BENCH_FLAGS)

fork: $(STAMP)
	$(BIN)/python tools/course_repo.py set $(URL)

clean:
	rm -rf $(VENV) .cache
