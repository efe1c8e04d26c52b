#!/usr/bin/env bash
# Golden screenshots (docs/golden-screenshots.md):
#   tools/golden.sh review   render every scenario in both orientations and write a contact sheet,
#                            $build/golden-review/index.html: golden | actual | diff per scenario, summary on top
#   tools/golden.sh update   rewrite the goldens that are missing or differ (after a person looked at the review),
#                            then show what changed under tests/ui/golden/
# Uses $ZHIDUI_BUILD_DIR (default build/); the test binary must be built (make golden-review builds it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ZHIDUI_BUILD_DIR:-$root/build}
mode=${1:-}
bin=$build/test_ui
filter='Screens/Golden.*:GoldenTable.*'
[ -x "$bin" ] || { echo "golden.sh: $bin is missing; build the test_ui target first" >&2; exit 2; }
export ZHIDUI_SOURCE_DIR=$root ZHIDUI_BUILD_DIR=$build

# The scenarios are independent: run them in one shard per core.
run_shards() {
  local shards pids=() rc=0 i
  shards=$(nproc)
  for ((i = 0; i < shards; i++)); do
    GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$i "$bin" --gtest_filter="$filter" --gtest_brief=1 \
      > "$build/golden-shard-$i.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  for ((i = 0; i < shards; i++)); do grep -E '^\[  FAILED  \]|^golden |Failure|differ|no golden' \
    "$build/golden-shard-$i.log" || true; rm -f "$build/golden-shard-$i.log"; done
  return $rc
}

html_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

review() {
  rm -rf "$build/golden-actual" "$build/golden-review"
  local rc=0
  ZHIDUI_GOLDEN_REVIEW=1 run_shards || rc=$?
  local out=$build/golden-review rows="" total=0 matches=0 problems=""
  mkdir -p "$out"
  local verdicts
  # Problems first, then matches; within each, sorted by orientation and scenario name.
  verdicts=$(cd "$build/golden-actual" && for f in */*.txt; do
    v=$(cut -f1 "$f"); printf '%s\t%s\n' "$([ "$v" = matches ] && echo 1 || echo 0)" "${f%.txt}"; done | sort | cut -f2)
  for rel in $verdicts; do
    local o=${rel%%/*} s=${rel#*/} line verdict count bbox desc
    line=$(cat "$build/golden-actual/$rel.txt")
    IFS=$'\t' read -r verdict count bbox desc <<< "$line"
    total=$((total + 1))
    mkdir -p "$out/golden/$o" "$out/actual/$o" "$out/diff/$o"
    cp "$build/golden-actual/$rel.png" "$out/actual/$o/$s.png"
    local gcell="<td class=none>no golden yet</td>" dcell="<td class=none>—</td>"
    if [ -f "$root/tests/ui/golden/$rel.png" ]; then
      cp "$root/tests/ui/golden/$rel.png" "$out/golden/$o/$s.png"
      gcell="<td><a href=\"golden/$rel.png\"><img src=\"golden/$rel.png\"></a></td>"
    fi
    if [ -f "$build/golden-actual/$rel.diff.png" ]; then
      cp "$build/golden-actual/$rel.diff.png" "$out/diff/$o/$s.png"
      dcell="<td><a href=\"diff/$rel.png\"><img src=\"diff/$rel.png\"></a></td>"
    fi
    local note="$verdict"
    case $verdict in
      matches) matches=$((matches + 1)) ;;
      differs) note="differs: $count pixels, box $bbox (x0,y0,x1,y1)" ;;
      size) note="size differs" ;;
      missing) note="no golden: new scenario, review and run tools/golden.sh update" ;;
    esac
    [ "$verdict" = matches ] || problems+="<li><a href=\"#$o-$s\">$o/$s</a>: $note</li>"
    desc=$(printf '%s' "$desc" | html_escape)
    rows+="<tr id=\"$o-$s\" class=\"$verdict\"><th colspan=3>$o / $s — <span>$note</span><br><small>$desc</small></th></tr>"
    rows+="<tr class=\"$o\">$gcell<td><a href=\"actual/$rel.png\"><img src=\"actual/$rel.png\"></a></td>$dcell</tr>"
  done
  {
    echo "<!doctype html><meta charset=utf-8><title>zhidui golden review</title><style>"
    echo "body{font-family:sans-serif;margin:16px} table{border-collapse:collapse;width:100%} td{width:33%;vertical-align:top;padding:4px}"
    echo "img{width:100%;border:1px solid #aaa} .landscape img{width:100%} th{text-align:left;padding-top:24px}"
    echo ".differs span,.missing span,.size span{color:#c00} .matches span{color:#080} .none{color:#888}</style>"
    echo "<h1>Golden screenshots: $matches of $total match</h1>"
    [ -n "$problems" ] && echo "<p>Not matching:</p><ul>$problems</ul>"
    echo "<p>If every difference below is intended: <code>make golden-update</code> (or <code>tools/golden.sh update</code>)"
    echo " and commit <code>tests/ui/golden/</code>. Columns: golden (committed) | actual (this build) | diff (red: differing pixels).</p>"
    echo "<table><tr><th>golden</th><th>actual</th><th>diff</th></tr>$rows</table>"
  } > "$out/index.html"
  echo "golden review: $matches of $total match; open $out/index.html"
  return $rc
}

update() {
  rm -rf "$build/golden-actual"
  ZHIDUI_GOLDEN_UPDATE=1 run_shards || { echo "golden.sh: some scenarios could not be rendered (see above)" >&2; exit 1; }
  echo "changed goldens (commit them if they are what you reviewed):"
  git -C "$root" status --short -- tests/ui/golden || true
  echo "goldens in the tree: $(du -sh "$root/tests/ui/golden" | cut -f1)"
}

case $mode in
  review) review ;;
  update) update ;;
  *) echo "usage: tools/golden.sh review|update" >&2; exit 2 ;;
esac
