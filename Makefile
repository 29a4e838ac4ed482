# `make run` and `make test` create .venv on first use and reinstall when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo bench screenshot lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/bookshelf $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check domain desktop tests bench
	$(BIN)/lint-imports
	test ! -f ../shared/tools/import_cycles.py || $(BIN)/python ../shared/tools/import_cycles.py
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The chapter's program: the shared seed when it is beside the clone, else our identical copy.
CHAPTER := $(firstword $(wildcard ../shared/seed/chapter07_bookshelf.py) resources/chapter07_bookshelf.py)

demo: $(STAMP)
	$(BIN)/python $(CHAPTER)

bench: $(STAMP)
	$(BIN)/python bench/kernel.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/mix.py
	$(BIN)/python bench/durability.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/ui.py

# Rendered offscreen: the same picture with or without a display.
screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m desktop.screenshot resources/screenshots/main.png

clean:
	rm -rf $(VENV) build *.egg-info
