# Two entry points: `make run` (main job on the sample data) and `make test` (lint, types, tests).
# Each installs what is missing first, so both work on a fresh Debian machine as root.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := libreoffice-writer-nogui fonts-liberation2 fonts-dejavu poppler-utils python3-uno \
	chromium redis-server
DATA ?= data/binh-lu
OUT ?= out

.PHONY: run test deps apt venv lint types check clean

run: deps
	$(BIN)/vanban build all $(DATA) --out $(OUT)

test: deps lint types
	$(BIN)/pytest -q -n 2 --dist loadgroup

deps: apt $(STAMP)

apt:
	@need=0; \
	command -v soffice >/dev/null 2>&1 || need=1; \
	command -v pdffonts >/dev/null 2>&1 || need=1; \
	command -v chromium >/dev/null 2>&1 || need=1; \
	command -v redis-server >/dev/null 2>&1 || need=1; \
	fc-list 2>/dev/null | grep -q 'Liberation Serif' || need=1; \
	/usr/bin/python3 -I -c 'import uno' >/dev/null 2>&1 || need=1; \
	if [ $$need = 1 ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "Cần quyền root để cài: $(APT_PACKAGES)"; exit 1; fi; \
	  echo "Cài LibreOffice, phông chữ, Chromium và Redis: $(APT_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

lint:
	$(BIN)/ruff check generator tests bench templates
	$(BIN)/ruff format --check generator tests bench templates

types:
	$(BIN)/mypy

clean:
	rm -rf $(OUT)/* .pytest_cache .mypy_cache .ruff_cache
