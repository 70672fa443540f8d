#!/usr/bin/env bash
# Refresh the English translation after UI strings changed (Chinese is the source language):
#   1. pyside6-lupdate collects every self.tr()/QCoreApplication.translate() string of desktop/ui
#      into yucai_en.ts, keeping the translations already there;
#   2. translate the new entries (type="unfinished") with .venv/bin/pyside6-linguist or an editor;
#   3. run this script again: pyside6-lrelease compiles yucai_en.qm, which the app loads for
#      `yucai --lang en` or YUCAI_LANG=en.
# tests/ui/test_i18n.py fails while a UI string has no English translation or the .qm is stale.
set -euo pipefail
cd "$(dirname "$0")/../.."
V=.venv/bin
mapfile -t sources < <(find desktop/ui -name '*.py' | LC_ALL=C sort)
"$V/pyside6-lupdate" "${sources[@]}" -source-language zh_CN -target-language en -no-obsolete \
    -locations none -ts resources/i18n/yucai_en.ts
"$V/pyside6-lrelease" resources/i18n/yucai_en.ts -qm resources/i18n/yucai_en.qm
