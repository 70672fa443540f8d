#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for Yucai Desktop: Debian packages (installed with
# apt-get when missing and running as root, otherwise the exact command is printed), a venv
# with the pinned Python dependencies, the CJK seal font. Idempotent and quick when done.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# Debian package -> a file that proves it is installed.
declare -A NEEDS=(
  [softhsm2]=/usr/bin/softhsm2-util
  [opensc]=/usr/bin/pkcs11-tool
  [poppler-utils]=/usr/bin/pdfsig
  [libnss3-tools]=/usr/bin/certutil
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  [libegl1]=/usr/lib/x86_64-linux-gnu/libEGL.so.1
  [libgl1]=/usr/lib/x86_64-linux-gnu/libGL.so.1
  [libxkbcommon0]=/usr/lib/x86_64-linux-gnu/libxkbcommon.so.0
  [libfontconfig1]=/usr/lib/x86_64-linux-gnu/libfontconfig.so.1
  [libdbus-1-3]=/usr/lib/x86_64-linux-gnu/libdbus-1.so.3
  [libglib2.0-0]=/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0
)
missing=()
for pkg in "${!NEEDS[@]}"; do
  f=${NEEDS[$pkg]}
  # library paths differ by architecture: fall back to dpkg for those
  if [ ! -e "$f" ] && ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== 安装系统软件包 (installing Debian packages): ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "缺少系统软件包 (missing Debian packages). Run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "需要 Python 3.11 或更新版本 (Python >= 3.11 required)" >&2; exit 1; }

stamp=.venv/.lock-sha256
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "== 创建虚拟环境并安装锁定的依赖 (venv + pinned dependencies)"
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
fi

# pyhanko embeds OpenType fonts but rejects .ttc collections: extract one face (OFL).
.venv/bin/python -m desktop.resources_setup
