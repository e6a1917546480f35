# sigap: `make run` to start a demo office, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address letters print in their QR code and verification link (README, Configuration).
SIGAP_PUBLIC_URL ?= http://$(HOST):$(PORT)
export SIGAP_DEBUG ?= 1

.PHONY: run test bench lint format lock setup setup-dev system-deps demo clean

# Runtime dependencies only (what a server needs), then the test, bench and dev groups on top.
# Both come from hashed lock files generated from pyproject.toml (`make lock`).
$(VENV)/.runtime: requirements/runtime.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/runtime.lock
	touch $@

$(VENV)/.dev: requirements/dev.lock $(VENV)/.runtime
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

system-deps:
	bash scripts/system-deps.sh

setup: $(VENV)/.runtime system-deps
	mkdir -p var/static var/media

setup-dev: $(VENV)/.dev setup

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py sop_import sops/
	$(PY) manage.py letters_load surat/
	$(PY) manage.py letters_demo_cert
	$(PY) manage.py demo_load

run: demo
	@echo ""
	@echo "sigap berjalan di http://$(HOST):$(PORT)/"
	@echo "Masuk sebagai petugas di http://$(HOST):$(PORT)/masuk/ (akun contoh di atas; lihat juga README)."
	@echo ""
	SIGAP_PUBLIC_URL=$(SIGAP_PUBLIC_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: setup-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# Lint, format, types, migrations and the deployment check under production settings (with fresh keys).
lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	env $$(SIGAP_DEBUG=1 $(PY) manage.py sigap_keys) SIGAP_DEBUG=0 \
	  SIGAP_ALLOWED_HOSTS=sigap.example.org SIGAP_PUBLIC_URL=https://sigap.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

format: setup-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Regenerate the hashed locks after changing pyproject.toml.
lock: $(VENV)/.runtime
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements/runtime.lock
	$(VENV)/bin/uv pip compile pyproject.toml --all-extras --generate-hashes --python-version 3.11 -q -o requirements/dev.lock

# Benchmarks (bench/): SOP documents, letters and registers, 200 parallel signings on PostgreSQL,
# then the case engine on PostgreSQL (DATABASE_URL, or a sigap_bench database on 127.0.0.1).
# BENCH_CASES_ARGS=--quick makes the last one a smoke run of a few minutes instead of the
# 1,000,000-case run (about half an hour).
bench: setup-dev
	$(PY) bench/run.py
	$(PY) bench/letters.py
	$(PY) bench/signing_parallel.py $(BENCH_SIGNING_ARGS)
	$(PY) bench/cases.py $(BENCH_CASES_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
