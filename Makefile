# sigap: `make run` to start a demo office, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export SIGAP_DEBUG ?= 1

.PHONY: run test bench setup venv system-deps demo clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

system-deps:
	bash scripts/system-deps.sh

setup: venv system-deps
	mkdir -p var/static var/media

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
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks (bench/): SOP documents, letters and registers, then the case engine on
# PostgreSQL (DATABASE_URL, or a sigap_bench database on 127.0.0.1). BENCH_CASES_ARGS=--quick
# makes the last one a one-minute smoke run instead of the 1,000,000-case run.
bench: setup
	$(PY) bench/run.py
	$(PY) bench/letters.py
	$(PY) bench/cases.py $(BENCH_CASES_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache
