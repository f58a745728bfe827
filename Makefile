# ScalpSpectra: `make run` serves the site, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 0.0.0.0
PORT   ?= 8000
export DJANGO_SETTINGS_MODULE := scalpspectra.settings

.PHONY: run test setup browser bench lint

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) manage.py migrate --noinput -v0

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work offline).
browser:
	@if ! [ -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	fi

run: setup
	$(VENV)/bin/gunicorn scalpspectra.wsgi --bind $(HOST):$(PORT) --workers 1 --threads 4 \
	  --timeout 120 --access-logfile -

test: setup browser
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) -m ml.benchmark
	$(PY) manage.py benchmark_http --api
