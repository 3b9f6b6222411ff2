# Service Grid: the single entry point. Every target works on a bare Debian 12/13 machine.
#   make demo     set up, then run the main job on the bundled sample city → out/
#   make demo-short  the same with a roster too small for the city (the shortfall reported)
#   make test     set up, then run the whole test suite
#   make package  dist/service_grid-<version>.zip for QGIS "Install from ZIP"
#   make lint     ruff check, ruff format --check, mypy on the compute core
#   make bench    benchmarks → bench/results.md → docs/performance.md
#   make maps     the maps of grids by density and by income → docs/grids-by-*.png
#   make screenshots-other-qgis  the desktop in Chinese under the other QGIS LTR → docs/qgis-other/

SHELL := /bin/bash
PY_SYS := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
APT_PACKAGES := python3-qgis qgis qgis-providers xvfb python3-venv python3-pip python3-pil \
	python3-scipy python3-pandas python3-openpyxl python3-pytest \
	pyqt5-dev-tools qttools5-dev-tools imagemagick fonts-noto-cjk \
	libreoffice-calc-nogui poppler-utils
export QT_QPA_PLATFORM ?= offscreen
export DEBIAN_FRONTEND := noninteractive
export PYTHONDONTWRITEBYTECODE := 1

TS := resources/i18n/service_grid_zh_CN.ts
QM := $(TS:.ts=.qm)

.PHONY: setup system venv translations test test-other-qgis demo demo-short package lint bench performance-page \
	screenshots screenshots-other-qgis maps clean

setup: system venv translations

system:
	@if ! $(PY_SYS) -c "import qgis.core" 2>/dev/null || ! command -v lrelease >/dev/null \
	    || ! command -v Xvfb >/dev/null || ! command -v soffice >/dev/null \
	    || ! command -v pdftoppm >/dev/null || ! $(PY_SYS) -c "import PIL, ensurepip, scipy, openpyxl" 2>/dev/null; then \
	  echo "Installing QGIS and tools from Debian (a few minutes)…"; \
	  apt-get update -q && apt-get install -y -q --no-install-recommends $(APT_PACKAGES); \
	fi

venv: $(VENV)/.stamp

$(VENV)/.stamp: requirements.txt requirements-dev.txt
	@[ -x $(PY) ] || $(PY_SYS) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

translations: $(QM)

$(QM): $(TS)
	lrelease -silent $< -qm $@

test: setup
	bash scripts/run_tests.sh

# The same suite under the other Debian release's QGIS (12 → 3.40 LTR, 13 → 3.22 LTR) in a
# debootstrap root (scripts/test_other_qgis.sh).
test-other-qgis:
	bash scripts/test_other_qgis.sh

demo: setup
	$(PY) scripts/demo.py

# The same loop with the roster before the hires (resources/sample/staff_short.csv): 145 active
# staff for 3.0 M people, so allocatestaff reports the shortfall.
demo-short: setup
	$(PY) scripts/demo.py --short-roster

package: setup
	$(PY) scripts/package.py

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy algorithms/core

BENCH_VENV := .venv-bench

$(BENCH_VENV)/.stamp: requirements-bench.txt
	@[ -x $(BENCH_VENV)/bin/python ] || $(PY_SYS) -m venv --system-site-packages $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements-bench.txt
	@touch $@

bench: setup $(BENCH_VENV)/.stamp
	$(BENCH_VENV)/bin/python bench/run.py $(BENCH_ARGS)

performance-page:
	$(PY_SYS) scripts/performance_page.py

screenshots: setup
	bash scripts/screenshots.sh

# The planner's desktop under the other Debian release's QGIS (from a Debian 12 host: 3.40 LTR;
# from Debian 13: 3.22), in Chinese: docs/qgis-other/ with its VERSION. Needs root, as
# test-other-qgis does (scripts/test_other_qgis.sh; its first run installs that QGIS).
screenshots-other-qgis:
	SG_OTHER_COPY_BACK=docs/qgis-other SG_OTHER_CMD="make setup >/dev/null && \
	  bash scripts/screenshots.sh menu_zh visits_zh grid_editor_zh && mkdir -p docs/qgis-other && \
	  cp docs/desktop_menu_zh.png docs/desktop_visits_zh.png docs/grid-editor-zh.png docs/qgis-other/ && \
	  dpkg-query -W -f='QGIS \$${Version}\n' qgis > docs/qgis-other/VERSION" bash scripts/test_other_qgis.sh

maps: setup
	$(PY) scripts/demand_maps.py

update-ts:
	$(PY) scripts/update_ts.py

clean:
	rm -rf out dist build .pytest_cache .ruff_cache .qgis-settings
