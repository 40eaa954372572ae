# Omsorg – the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Python >= 3.12: python3.13, python3.12, then python3 (pyenv installs are looked up too).
PYTHON := $(shell for c in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then command -v $$c; break; fi; done)

.PHONY: run test lint bench install messages check-python clean idp

check-python:
	@if [ -z "$(PYTHON)" ]; then echo "Omsorg needs Python 3.12 or newer (python3.13, python3.12 or python3). None was found." >&2; exit 1; fi

$(VENV)/.installed: pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Omsorg runs on http://$(HOST):$(PORT)/  – demo logins: ssh.vest, ssh.oest, ssa.midt, sygeplejerske,"
	@echo "terapeut, visitator, leder.vest, risikomanager, uth.plejehjem, elevkoordinator, elevvejleder, admin"
	@echo "(local demo password: demo)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs in parallel workers (pytest-xdist), one per CPU by default: PYTEST_WORKERS=0 runs it in one
# process.
PYTEST_WORKERS ?= auto
test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# A local OpenID Connect provider for the demo (docs/login.md): after `make run` has seeded the demo data,
# `make idp` in a second shell, then `set -a; . ./.oidc-idp.env; set +a; make run` shows the login buttons.
IDP_PORT ?= 9000
idp: install
	$(PY) -m tests.oidc_idp.demo --config .oidc-idp.json --port $(IDP_PORT) --omsorg http://$(HOST):$(PORT) > .oidc-idp.env
	@echo "Omsorg's settings for this provider are in .oidc-idp.env (load them before make run)."
	$(PY) -m tests.oidc_idp.serve --config .oidc-idp.json --port $(IDP_PORT)

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

messages: install
	$(PY) manage.py makemessages -l da --no-obsolete --no-location -i ".venv/*" -i "bench/*" -i "tests/*" -i "staticfiles/*"
	$(PY) manage.py compilemessages -l da -i ".venv"
	$(PY) scripts/po_align.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
