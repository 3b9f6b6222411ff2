#!/usr/bin/env bash
# `make test` under the other Debian release's QGIS, in a root made with debootstrap:
#   on Debian 12 (QGIS 3.22 LTR) → Debian 13 "trixie" (QGIS 3.40 LTR);
#   on Debian 13 (QGIS 3.40 LTR) → Debian 12 "bookworm" (QGIS 3.22 LTR).
# The root inherits this machine's package-index configuration as it is: the Debian mirror,
# CA certificates, pip configuration files and PIP_* variables. It is kept between runs
# (SG_OTHER_ROOT, default /var/tmp/service-grid-<release>), so a second run only copies the
# sources and tests. SG_OTHER_CMD replaces the command run there (default "make test"), e.g.
#   SG_OTHER_CMD="bash scripts/run_tests.sh -q tests/test_plugin.py" bash scripts/test_other_qgis.sh
# (the root must then already have its QGIS and .venv from an earlier full run).
# SG_OTHER_COPY_BACK=<folder> copies that folder of the root's checkout back here afterwards. Nothing prompts (apt-get -y, DEBIAN_FRONTEND=noninteractive).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

case "$(cut -d. -f1 /etc/debian_version)" in
  12) RELEASE=trixie ;;
  13) RELEASE=bookworm ;;
  *) echo "test_other_qgis: Debian 12 or 13 expected, found $(cat /etc/debian_version)" >&2; exit 2 ;;
esac
ROOT="${SG_OTHER_ROOT:-/var/tmp/service-grid-$RELEASE}"
CMD="${SG_OTHER_CMD:-make test}"

mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources | head -n1 | cut -d' ' -f1)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

if ! command -v debootstrap >/dev/null; then
  apt-get update -q && apt-get install -y -q --no-install-recommends debootstrap
fi
if [ ! -x "$ROOT/usr/bin/make" ]; then
  echo "Making a Debian $RELEASE root in $ROOT (about a minute)…"
  rm -rf "$ROOT"
  debootstrap --variant=minbase --include=ca-certificates,git,make "$RELEASE" "$ROOT" "$(mirror)"
fi

# This machine's package-index configuration, as it is.
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  mkdir -p "$ROOT/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
fi
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$ROOT/etc/pip.conf"
if [ -f /root/.config/pip/pip.conf ]; then
  mkdir -p "$ROOT/root/.config/pip" && cp /root/.config/pip/pip.conf "$ROOT/root/.config/pip/"
fi

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
for fs in proc dev sys; do
  if ! mountpoint -q "$ROOT/$fs"; then
    if [ "$fs" = proc ]; then mount -t proc proc "$ROOT/proc"; else mount --rbind "/$fs" "$ROOT/$fs"; fi
    mounted+=("$ROOT/$fs")
  fi
done

run_in_root() {
  local env=(HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8)
  while IFS='=' read -r name value; do env+=("$name=$value"); done < <(env | grep '^PIP_' || true)
  chroot "$ROOT" /usr/bin/env -i "${env[@]}" bash -c "$1"
}
run_in_root "update-ca-certificates >/dev/null 2>&1 || true"

# The sources as they are in this checkout (tracked and new files; the root keeps its own .venv,
# also when this checkout's .venv is a symlink that git does not ignore).
mkdir -p "$ROOT/src"
find "$ROOT/src" -mindepth 1 -maxdepth 1 ! -name .venv ! -name .venv-bench -exec rm -rf {} +
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard | grep -zv '^\.venv\(-bench\)\?$' \
    | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$ROOT/src"
else  # not a git checkout (an unpacked archive): everything but what .gitignore names
  tar --exclude=./.venv --exclude=./.venv-bench --exclude=./out --exclude=./dist \
    --exclude=./build --exclude=./.qgis-settings --exclude=./.git -cf - . | tar -xf - -C "$ROOT/src"
fi

echo "$CMD under Debian $RELEASE:"
run_in_root "cd /src && /usr/bin/python3 -c 'import sys; print(sys.version)' 2>/dev/null; $CMD"
# SG_OTHER_COPY_BACK: a folder (relative to the checkout) the command wrote there, copied back
if [ -n "${SG_OTHER_COPY_BACK:-}" ] && [ -d "$ROOT/src/$SG_OTHER_COPY_BACK" ]; then
  mkdir -p "$SG_OTHER_COPY_BACK"
  cp -r "$ROOT/src/$SG_OTHER_COPY_BACK/." "$SG_OTHER_COPY_BACK/"
fi
