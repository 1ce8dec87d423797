# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of theirs.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format setup migrate messages static lock worker clean audit

run: setup static
	@echo ""
	@$(PY) manage.py load_demo_data
	@echo ""
	@echo "  Herstelcirkel runs at http://$(HOST):$(PORT)/  (Ctrl+C stops the server)"
	@echo ""
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) config.asgi:application

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Known vulnerabilities in the pinned dependencies (pip-audit); see SECURITY.md.
audit: $(STAMP)
	$(PY) scripts/audit-dependencies

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

setup: $(STAMP) messages migrate

$(STAMP): pyproject.toml constraints.txt
	@python=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore '.venv' --ignore '.git' -v 0

migrate: $(STAMP)
	$(PY) manage.py migrate --no-input -v 0

static: $(STAMP)
	$(PY) manage.py collectstatic --no-input -v 0

worker: setup
	$(PY) manage.py schedule_retention
	$(PY) manage.py schedule_periodic_tasks
	$(PY) manage.py db_worker

# Re-pin every dependency after changing pyproject.toml.
lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
