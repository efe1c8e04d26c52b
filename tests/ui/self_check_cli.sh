#!/usr/bin/env bash
# `zhidui-kiosk --self-check` passes on the shipped assets and fails, naming the character, when a text
# with a character the atlas cannot draw is added. Usage: self_check_cli.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$build/zhidui-kiosk" --self-check --data-dir "$dir/data" > "$dir/ok.log" 2>&1 || { cat "$dir/ok.log"; exit 1; }
cp -r "$src/assets" "$dir/assets"
# A Thai word: Noto Sans CJK has no Thai glyphs, so this must be reported.
python3 - "$dir/assets/strings/zh-CN.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["test.uncovered"] = "请注意：กรุณา"
json.dump(d, open(p, "w"), ensure_ascii=False)
PY
if "$build/zhidui-kiosk" --self-check --assets "$dir/assets" --data-dir "$dir/data2" > "$dir/bad.log" 2>&1; then
  echo "self-check passed although a text has uncovered characters"; cat "$dir/bad.log"; exit 1
fi
grep -q "test.uncovered: missing glyph 'ก' (U+0E01)" "$dir/bad.log" || { echo "missing character not named:"; cat "$dir/bad.log"; exit 1; }
echo "self-check cli ok"
