#!/usr/bin/env bash
# Screenshots of the real QGIS desktop (Xvfb) for README and the manual: docs/*.png.
# Usage: scripts/screenshots.sh [shot ...]   (default: every shot in scripts/desktop_shot.py)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d)
trap 'kill ${XVFB_PID:-0} 2>/dev/null || true; rm -rf "$WORK"' EXIT
DISPLAY_NUM=:$((90 + RANDOM % 9))
Xvfb "$DISPLAY_NUM" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
sleep 1
PROFILE_DIR="$WORK/profiles/default"
mkdir -p "$PROFILE_DIR/python/plugins" "$PROFILE_DIR/QGIS"
ln -s "$ROOT" "$PROFILE_DIR/python/plugins/service_grid"
SITE=$(.venv/bin/python -c "import shapely, os; print(os.path.dirname(os.path.dirname(shapely.__file__)))")
mkdir -p docs
touch "$WORK/started"
for shot in ${@:-menu menu_zh grids dock feedback form quality quality_dialog project_en options install grid_editor grid_editor_zh buildgrids_dialog buildgrids_dialog_zh visits visits_zh}; do
  echo "screenshot: $shot"
  # shots named *_zh show QGIS (and the plugin) in Chinese, set as QGIS's Options dialog does
  if [[ $shot == *_zh ]]; then OVERRIDE=true; LOCALE=zh-Hans; else OVERRIDE=false; LOCALE=en_US; fi
  cat > "$PROFILE_DIR/QGIS/QGIS3.ini" <<INI
[PythonPlugins]
service_grid=true
[qgis]
checkVersion=false
showTips322=false
allowVersionCheck=false
[UI]
hidebrowser=false
[locale]
overrideFlag=$OVERRIDE
userLocale=$LOCALE
INI
  SG_SHOT="$shot" SG_ROOT="$ROOT" DISPLAY="$DISPLAY_NUM" PYTHONPATH="$SITE" \
  QT_QPA_PLATFORM=xcb XDG_RUNTIME_DIR="$WORK" \
    timeout 300 qgis.bin --noversioncheck --nologo \
      --profiles-path "$WORK" --code "$ROOT/scripts/desktop_shot.py" >"$WORK/qgis.log" 2>&1 \
    || { echo "QGIS failed:"; tail -40 "$WORK/qgis.log"; exit 1; }
done
# 256 colours, no dithering: the shipped pictures stay small (well under 400 KB each)
find docs -maxdepth 1 \( -name 'desktop_*.png' -o -name 'grid-editor*.png' \) -newer "$WORK/started" | while read -r png; do
  convert "$png" +dither -colors 256 "PNG8:$png"
  echo "$png: $(($(stat -c %s "$png") / 1024)) KB"
done
