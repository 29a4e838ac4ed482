# `make run` and `make test` create .venv on first use and reinstall when pyproject.toml changes.
# `make run` installs what the program needs; `make test` adds the test tools to the same venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
# With the test tools (the name it had when it was the only stamp).
TEST_STAMP := $(VENV)/.installed

.PHONY: run test demo bench screenshot icons lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The app's packages come with the test extra: its stamp is fresh too.
$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $(APP_STAMP) $@

run: $(APP_STAMP)
	$(BIN)/bookshelf $(ARGS)

test: $(TEST_STAMP)
	$(BIN)/ruff check domain desktop tests bench
	$(BIN)/lint-imports
	test ! -f ../shared/tools/import_cycles.py || $(BIN)/python ../shared/tools/import_cycles.py
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The chapter's program: the shared seed when it is beside the clone, else our identical copy.
CHAPTER := $(firstword $(wildcard ../shared/seed/chapter07_bookshelf.py) resources/chapter07_bookshelf.py)

demo: $(APP_STAMP)
	$(BIN)/python $(CHAPTER)

bench: $(APP_STAMP)
	$(BIN)/python bench/kernel.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/mix.py
	$(BIN)/python bench/durability.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/ui.py

# Rendered offscreen: the same picture with or without a display.
screenshot: $(APP_STAMP)
	$(BIN)/python -m desktop.screenshot resources/screenshots/main.png 1600x1040
	$(BIN)/python -m desktop.screenshot resources/screenshots/main-1024x700.png 1024x700
	$(BIN)/python -m desktop.screenshot resources/screenshots/main-1920x1080.png 1920x1080
	$(BIN)/python -m desktop.screenshot resources/screenshots/main-dark.png 1600x1040 --dark
	$(BIN)/python -m desktop.screenshot resources/screenshots/history.png 1600x1040 --history
	QT_SCALE_FACTOR=2 $(BIN)/python -m desktop.screenshot resources/screenshots/main-2x.png 2560x1600
	$(BIN)/python -m desktop.screenshot resources/screenshots/trace.png 1600x1040 --trace

# The window icon's PNGs, rendered again after its SVG changes.
icons: $(APP_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m desktop.look.render_icons

clean:
	rm -rf $(VENV) build *.egg-info
