# ScalpSpectra: `make run` serves the site, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 0.0.0.0
PORT   ?= 8000
export DJANGO_SETTINGS_MODULE := scalpspectra.settings
# `make test` runs the tests that touch the database a second time, on this PostgreSQL (pytest-django creates and
# drops test_<name>); the rest (ml, parsers, servers on their own SQLite) run once.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/scalpspectra_ci

.PHONY: run test setup system browser axe bench lint

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) manage.py migrate --noinput -v0

# Debian packages the site itself needs: WeasyPrint's libraries (Pango, HarfBuzz subsetting, fontconfig) for the
# PDF reports, and a real Korean font for them (Noto Sans CJK KR). apt runs only when one of them is missing.
SYSTEM_PACKAGES := fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "apt-get install $$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work offline).
browser:
	@if ! [ -x /usr/bin/chromium ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	fi

# axe-core from the npm registry for the browser tests' accessibility audit, into git-ignored var/node.
AXE_VERSION := 4.10.3
AXE_JS := var/node/node_modules/axe-core/axe.min.js
$(AXE_JS):
	npm install --prefix var/node --no-save --no-audit --no-fund axe-core@$(AXE_VERSION)
axe: $(AXE_JS)

# waitress (scalpspectra/serve.py) reads each request whole before a thread runs it; it says when it is ready.
run: setup system
	$(PY) -m scalpspectra.serve --bind $(HOST):$(PORT)

# The whole suite on SQLite, then its database tests again on PostgreSQL when it answers (in CI, CI=true, it must).
# Slow and browser tests are marked (pytest -m "not slow and not browser" for a quick run) and always run here.
test: setup system browser axe
	env -u DATABASE_URL $(PY) -m pytest
	@if $(PY) .ci/postgres_ready "$(PG_TEST_URL)"; then \
	  echo "== the tests that touch the database, on PostgreSQL: $(PG_TEST_URL) =="; \
	  DATABASE_URL="$(PG_TEST_URL)" $(PY) -m pytest --db-only; \
	elif [ "$$CI" = true ]; then \
	  echo "CI runs the suite on PostgreSQL too: start it or set PG_TEST_URL." >&2; exit 1; \
	else \
	  echo "The PostgreSQL run is skipped (start PostgreSQL or set PG_TEST_URL)."; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) -m ml.benchmark --compare
	$(PY) manage.py benchmark_http --weights var/bench-weights --backend both --concurrency 1 8 --api
