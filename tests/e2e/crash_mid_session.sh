#!/usr/bin/env bash
# Crash recovery with real processes (issue 8): the kiosk killed (kill -9) in the middle of a citizen's
# session leaves nothing of that person on disk; killed just after an application was committed but
# before it reached the platform, the next start uploads it — exactly once, beside the new run's own.
# Usage: crash_mid_session.sh BUILD_DIR
set -euo pipefail
build=$1
dir=$(mktemp -d)
sim_pid=
trap '[ -n "$sim_pid" ] && kill $sim_pid 2>/dev/null; rm -rf "$dir"' EXIT
data=$dir/data
# The headless demo's card: 张伟, 430104199003070138, 湖南省长沙市岳麓区麓山南路932号.
canaries=(张伟 43010419900307013 麓山南路932号)

# Runs the headless journey; kills it with SIGKILL as soon as its log shows $1.
run_and_kill_at() {
  local marker=$1 log=$2; shift 2
  "$build/zhidui-kiosk" --headless --data-dir "$data" --platform-wait-ms 500 "$@" > /dev/null 2> "$log" &
  local pid=$!
  for _ in $(seq 500); do grep -q "$marker" "$log" && break; sleep 0.02; done
  grep -q "$marker" "$log" || { echo "never reached '$marker'"; cat "$log"; kill -9 $pid; exit 1; }
  kill -9 $pid
  wait $pid 2>/dev/null || true
}

# 1. Killed on the form: the card was read, the person's data is on screen and in memory.
run_and_kill_at "screen policy_detail -> form" "$dir/run1.log"
for c in "${canaries[@]}"; do
  if grep -rqaF "$c" "$data"; then echo "after a kill mid-form, '$c' is on disk:"; grep -rlaF "$c" "$data"; exit 1; fi
done
echo "killed mid-form: nothing of the person on disk ($(find "$data" -type f | wc -l) files checked)"

# 2. Killed right after the commit, before any upload (no platform configured).
run_and_kill_at "committed" "$dir/run2.log"
first=$(sed -n 's/.*store: application \([0-9a-f-]*\) committed.*/\1/p' "$dir/run2.log" | head -1)
[ -n "$first" ] || { echo "no committed application in run 2"; cat "$dir/run2.log"; exit 1; }

# 3. Started again with the platform: its own journey and the one from before the crash both arrive, once.
"$build/platform-sim" --port 0 --port-file "$dir/port" --db "$dir/platform.db" --token t > "$dir/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.05; done
url=http://127.0.0.1:$(cat "$dir/port")
"$build/zhidui-kiosk" --headless --data-dir "$data" --platform "$url" --token t > "$dir/run3.out" 2> "$dir/run3.log" ||
  { echo "run 3 failed"; cat "$dir/run3.out" "$dir/run3.log"; exit 1; }
list() {
  python3 -c 'import sys, urllib.request as u; r = u.Request(sys.argv[1] + "/admin/applications", headers={"Authorization": "Bearer t"}); print(u.urlopen(r, timeout=5).read().decode())' "$url"
}
for _ in $(seq 100); do list | grep -q "$first" && break; sleep 0.1; done
list > "$dir/apps.json"
python3 - "$dir/apps.json" "$first" <<'PY'
import json, sys
apps = json.load(open(sys.argv[1]))["applications"]
uuids = [a["uuid"] for a in apps]
assert sys.argv[2] in uuids, f"the application committed before the crash never arrived: {uuids}"
assert len(uuids) == len(set(uuids)) == 2, f"expected exactly two applications, once each: {uuids}"
PY
echo "killed after the commit: uploaded on the next start, exactly once ($first)"
