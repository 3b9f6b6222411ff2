#!/usr/bin/env bash
# Run the whole suite headless. QGIS needs a Qt platform; pytest-qgis writes .qgis-settings/.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
exec .venv/bin/python -X faulthandler -m pytest -q tests "$@"
