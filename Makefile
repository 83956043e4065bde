# The two set-up commands: `make demo` and `make test`. Both create or update .venv first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB ?= newsgraph.db

.PHONY: demo test test-deps lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# Exact versions and hashes come from requirements.lock; the package itself is installed editable.
$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

demo: $(VENV)/.installed
	$(BIN)/newsgraph ingest demo/ --db $(DB)
	$(BIN)/newsgraph articles --db $(DB)
	$(BIN)/newsgraph stats --db $(DB)
	$(BIN)/newsgraph speakers --db $(DB) --limit 10
	$(BIN)/newsgraph quotes --db $(DB) --limit 20

# What the tests need from Debian, installed when missing: Python's venv, PostgreSQL (the tests
# start their own server with its initdb) and Chromium (the browser tests drive it; Playwright
# downloads no browser here), and npm for axe-core. As root, or through sudo.
test-deps:
	@need=""; \
	command -v $(PYTHON) >/dev/null || command -v python3 >/dev/null || need="$$need python3 python3-venv"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$$need postgresql"; \
	[ -x /usr/bin/chromium ] || need="$$need chromium"; \
	command -v npm >/dev/null || need="$$need npm"; \
	if [ -n "$$need" ]; then \
		echo "installing from Debian:$$need"; \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		export DEBIAN_FRONTEND=noninteractive; \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq $$need; \
	fi
	@# axe-core, which the browser tests run inside the pages to check their accessibility
	@[ -f $(VENV)/node/node_modules/axe-core/axe.min.js ] || \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/node axe-core@4.14.1

test: test-deps $(VENV)/.installed
	$(BIN)/python -m pytest
	$(BIN)/ruff check newsgraph tests bench

lint: $(VENV)/.installed
	$(BIN)/ruff check newsgraph tests bench
	$(BIN)/ruff format --check newsgraph tests bench

# Re-pin requirements.lock after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --generate-hashes --allow-unsafe --extra test --no-emit-index-url \
		-o requirements.lock pyproject.toml
	sed -i '/^--find-links/d' requirements.lock

clean:
	rm -rf $(VENV) $(DB)
