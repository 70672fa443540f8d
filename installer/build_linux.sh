#!/usr/bin/env bash
# Build the frozen app on Linux with installer/yucai.spec, then smoke-test it.
#
#   installer/build_linux.sh [--no-smoke] [--dist DIR] [--work DIR]
#
# Output: DIR/yucai/ (default dist/yucai/): the program `yucai` and _internal/. Needs the project's
# venv with the test extra (PyInstaller) and, for the smoke test, softhsm2 (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
DIST=dist
WORK=build/pyinstaller
SMOKE=1
while [ $# -gt 0 ]; do
    case "$1" in
        --no-smoke) SMOKE=0 ;;
        --dist) DIST=$2; shift ;;
        --work) WORK=$2; shift ;;
        *) echo "usage: $0 [--no-smoke] [--dist DIR] [--work DIR]" >&2; exit 2 ;;
    esac
    shift
done

# The seal font is extracted from the system's Noto CJK collection at set-up (gitignored).
"$PYTHON" -m desktop.resources_setup
# -m PyInstaller from the repository root: the spec puts the root (never desktop/) on pathex.
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK" \
    installer/yucai.spec
du -sh "$DIST/yucai"
if [ "$SMOKE" = 1 ]; then
    "$PYTHON" installer/smoke_test.py "$DIST/yucai"
fi
