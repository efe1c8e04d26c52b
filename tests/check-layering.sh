#!/usr/bin/env bash
# The core (kiosk/, drivers/, offline/) must never include ImGui or SDL; only ui/ may.
# kiosk/main.cpp is the executable that wires the core to the ui, and is the one exception.
set -u
root=${1:-.}
leaks=$(grep -rnE '#\s*include\s*[<"](imgui|SDL|backends/imgui)' "$root/kiosk" "$root/drivers" "$root/offline" \
        | grep -v '^[^:]*/kiosk/main\.cpp:')
if [ -n "$leaks" ]; then
  echo "ImGui/SDL included in the core:"; echo "$leaks"; exit 1
fi
echo "layering ok: no ImGui/SDL include in kiosk/, drivers/, offline/"
