#!/usr/bin/env bash
# The floors (docs/architecture.md), lowest first:
#
#   base  <-  drivers, offline  <-  kiosk  <-  runtime  <-  ui  <-  app
#
# A file may include its own floor and any floor below it, never one above, and drivers/ and offline/
# (side by side on one floor) never include each other. Nothing below ui/ includes ImGui or SDL. There
# are no exemptions: a file that needs one is on the wrong floor.
set -u
root=${1:-.}
cd "$root" || exit 2

# What each folder may include (its own name is implied).
declare -A allowed=(
  [base]=""
  [drivers]="base"
  [offline]="base"
  [kiosk]="base drivers offline"
  [runtime]="base drivers offline kiosk"
  [ui]="base drivers offline kiosk runtime"
  [app]="base drivers offline kiosk runtime ui"
)
floors="base drivers offline kiosk runtime ui app"

failures=0
for folder in $floors; do
  [ -d "$folder" ] || { echo "missing floor: $folder/"; failures=$((failures + 1)); continue; }
  while IFS= read -r hit; do
    file=${hit%%:*}
    rest=${hit#*:}; line=${rest%%:*}
    target=$(sed -nE "${line}s/^\s*#\s*include\s*\"([a-z_]+)\/.*/\1/p" "$file")
    case " $floors " in *" $target "*) ;; *) continue ;; esac   # a system or library header
    [ "$target" = "$folder" ] && continue
    case " ${allowed[$folder]} " in
      *" $target "*) ;;
      *) echo "$file:$line: $folder/ includes $target/, a floor above or beside it"; failures=$((failures + 1)) ;;
    esac
  done < <(grep -rnE '^\s*#\s*include\s*"[a-z_]+/' "$folder" --include='*.h' --include='*.cpp')
done

# ImGui and SDL only from ui/ up.
leaks=$(grep -rnE '#\s*include\s*[<"](imgui|SDL|backends/imgui)' base drivers offline kiosk runtime \
        --include='*.h' --include='*.cpp')
if [ -n "$leaks" ]; then
  echo "ImGui/SDL included below ui/:"; echo "$leaks"; failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
  echo "layering: $failures violation(s)"; exit 1
fi
echo "layering ok: base <- drivers, offline <- kiosk <- runtime <- ui <- app; no ImGui/SDL below ui/"
