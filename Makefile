# The README's two commands: `make lecture` and `make test`. Each installs what
# it needs on a fresh Debian machine: system packages through apt-get (only the
# missing ones), then a .venv with the project installed editable.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Build dependencies of pycairo and manimpango (PyPI has no Linux wheels of
# them), ffmpeg for video, and the LaTeX that MathTex needs.
APT_PACKAGES := pkg-config libcairo2-dev libpango1.0-dev ffmpeg \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended texlive-science dvisvgm cm-super-minimal

.PHONY: lecture test verify lint bench system-packages clean

lecture: system-packages $(STAMP)
	$(BIN)/softmax-lecture render

test: system-packages $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

verify: $(STAMP)
	$(BIN)/softmax-lecture verify

lint: $(STAMP)
	$(BIN)/ruff check .

bench: system-packages $(STAMP)
	$(BIN)/python bench/bench_mathcore.py

system-packages:
	@bash scripts/system-packages.sh $(APT_PACKAGES)

$(STAMP): pyproject.toml | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
