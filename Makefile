# One entry point for setting up, trying, testing and measuring pia-toolkit.
#   make demo   set up, then check an example, draw its diagram and write its PDF into out/
#   make test   set up, then lint and run the test suite
#   make bench  set up, then run the benchmarks (writes benchmarks/results/latest.json); BENCH_ARGS=--quick for a short run
#   make fuzz   set up, then run the long fuzz (10,000 inputs through load, check, every output, threshold, assess)
#   make fuzz-tui  set up, then press random keys in pia review for a long while (both terminal sizes)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIA    := $(BIN)/pia
EXAMPLE ?= flows/examples/setagaya-999-childbirth-support.yaml
OUT    ?= out
SYSTEM_PACKAGES := graphviz fonts-ipaexfont poppler-utils

.PHONY: setup system-deps demo test lint bench fuzz fuzz-tui schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Graphviz (dot), a Japanese font and poppler are installed with apt where we may; otherwise the program
# still runs and says what is missing (a .dot file instead of a picture, a built-in CID font in the PDF).
system-deps:
	@missing=""; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	fc-list 2>/dev/null | grep -qi ipaex || missing="$$missing fonts-ipaexfont"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || echo "warning: could not install$$missing; see README (System packages)"; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || echo "warning: could not install$$missing; see README (System packages)"; \
	else \
	  echo "note: please install$$missing yourself (see README); pia works without them and says what it skips"; \
	fi

setup: system-deps $(VENV)/.installed

demo: setup
	@mkdir -p $(OUT)
	$(PIA) validate flows/examples/*.yaml
	$(PIA) check $(EXAMPLE) --fail-on none
	$(PIA) threshold $(EXAMPLE)
	-$(PIA) render $(EXAMPLE) -o $(OUT)/diagram.svg --findings
	-$(PIA) render $(EXAMPLE) -o $(OUT)/diagram.png --findings
	$(PIA) assess init $(EXAMPLE) --assessment $(OUT)/assessment.yaml
	$(PIA) export $(EXAMPLE) --assessment $(OUT)/assessment.yaml -o $(OUT)/report.pdf --action-plan $(OUT)/action-plan.csv
	@echo
	@echo "demo: the diagram, the assessment and the report are in $(OUT)/"
	@echo "      review it in the terminal: $(PIA) review $(EXAMPLE) --assessment $(OUT)/assessment.yaml"

# mypy cannot follow the editable install's import hook, so it reads the rooms through a tree of links that
# spells the installed layout (pia_toolkit/flows -> flows/ ...).
TYPECHECK := .typecheck
ROOMS := flows catalog pia exports tui

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p $(TYPECHECK)/pia_toolkit
	@for room in $(ROOMS); do ln -sfn ../../$$room $(TYPECHECK)/pia_toolkit/$$room; done
	MYPYPATH=$(TYPECHECK) $(BIN)/mypy -p pia_toolkit

# The suite runs on every CPU (TEST_WORKERS=0: in one process). A file's tests stay in one worker, so a file's
# costly fixtures (the PDF of every example) are built once, not once per worker.
TEST_WORKERS ?= auto
test: setup lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: setup
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The long fuzz: FUZZ_ARGS="--count 20000 --jobs 4" to go further; findings land in out/fuzz/.
FUZZ_ARGS ?= --count 10000 --jobs 2
fuzz: setup
	$(BIN)/python -m tests.fuzz.run $(FUZZ_ARGS) --out $(OUT)/fuzz

FUZZ_TUI_KEYS  ?= 3000
FUZZ_TUI_SEEDS ?= 1,2,3,4,5,6,7,8
fuzz-tui: setup
	PIA_FUZZ_KEYS=$(FUZZ_TUI_KEYS) PIA_FUZZ_SEEDS=$(FUZZ_TUI_SEEDS) $(BIN)/python -m pytest -q -p no:cacheprovider tests/tui/test_monkey.py

schema: $(VENV)/.installed
	$(PIA) schema -o flows/flow.schema.json
	$(PIA) schema --fragment -o flows/fragment.schema.json

clean:
	rm -rf $(OUT) .pytest_cache $(TYPECHECK)
