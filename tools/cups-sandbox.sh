#!/usr/bin/env bash
# cups-sandbox.sh — a private cupsd with one A4 queue that "prints" to PDF files in a folder.
#
# The kiosk's A4 printing talks real IPP to a real cupsd; this script gives a developer (and `make run`)
# one without touching the machine's own CUPS. The configuration lives in tools/cups-sandbox/ and this
# script is the only thing that lays the sandbox out: drivers/a4_printer/private_cupsd.cpp (the tests'
# fake) calls `prepare` too, so the tests and a human get the same cupsd.
#
#   tools/cups-sandbox.sh prepare DIR [--queue NAME] [--port N]   lay out DIR (config, spool, backend)
#   tools/cups-sandbox.sh run DIR [--queue NAME] [--port N]       prepare, then exec cupsd in the foreground
#
# Default DIR for `run`: var/cups-sandbox. The kiosk's server is then DIR/cups.sock (or 127.0.0.1:N),
# its queue NAME (default zhidui-a4), and printed jobs appear as DIR/pdf/job-<id>.pdf.
# Faults: `echo media-empty > DIR/faults/NAME` (or offline, abort, slow; rm the file to clear);
# `CUPS_SERVER=DIR/cups.sock cupsdisable NAME` stops the queue. As root cupsd drops to lp for filters;
# as a normal user it runs everything as that user.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
templates=$here/cups-sandbox

usage() { sed -n '9,10p' "$0" | sed 's/^# *//' >&2; exit 2; }
[ $# -ge 1 ] || usage
command=$1; shift
dir=${1:-}
if [ -z "$dir" ] || [ "${dir#--}" != "$dir" ]; then
  [ "$command" = run ] || usage
  dir=$(cd "$here/.." && pwd)/var/cups-sandbox
else
  shift
fi
queue=zhidui-a4
port=""
while [ $# -gt 0 ]; do
  case "$1" in
    --queue) queue=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) usage ;;
  esac
done
case "$queue" in *[!A-Za-z0-9_-]*|"") echo "bad queue name: $queue" >&2; exit 2 ;; esac

prepare() {
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # cupsd refuses a unix socket path longer than sun_path (108 bytes).
  [ ${#dir} -le 90 ] || { echo "sandbox path too long for a unix socket: $dir" >&2; exit 2; }
  # lp (the user cupsd drops to) must reach the spool; the backend itself runs as root (mode 0700).
  chmod 0755 "$dir"
  rm -rf "$dir/etc" "$dir/lib" "$dir/spool" "$dir/cache" "$dir/run"
  mkdir -p "$dir/etc/ppd" "$dir/etc/ssl" "$dir/lib/backend" "$dir/spool/tmp" "$dir/cache" "$dir/run" \
           "$dir/log" "$dir/pdf" "$dir/faults"
  if [ "$(id -u)" = 0 ]; then
    user=lp group=lp system_group=root
  else
    user=$(id -un) group=$(id -gn) system_group=$(id -gn)
  fi
  chgrp "$group" "$dir/spool" "$dir/spool/tmp" "$dir/cache" "$dir/run"
  chmod 0710 "$dir/spool"
  chmod 1770 "$dir/spool/tmp"
  chmod 0770 "$dir/cache" "$dir/run"
  for sub in filter daemon cgi-bin driver notifier monitor; do ln -s "/usr/lib/cups/$sub" "$dir/lib/$sub"; done
  install -m 0700 "$templates/zhidui-pdf" "$dir/lib/backend/zhidui-pdf"
  listen_tcp=""
  [ -n "$port" ] && listen_tcp="Listen 127.0.0.1:$port"
  fill() {
    sed -e "s|@SANDBOX@|$dir|g" -e "s|@QUEUE@|$queue|g" -e "s|@LISTEN_TCP@|$listen_tcp|g" -e "s|@USER@|$user|g" \
        -e "s|@GROUP@|$group|g" -e "s|@SYSTEM_GROUP@|$system_group|g" "$1"
  }
  fill "$templates/cupsd.conf.in" > "$dir/cupsd.conf"
  fill "$templates/cups-files.conf.in" > "$dir/cups-files.conf"
  fill "$templates/printers.conf.in" > "$dir/etc/printers.conf"
  chmod 0600 "$dir/etc/printers.conf"
}

case "$command" in
  prepare) prepare ;;
  run)
    prepare
    echo "cups sandbox: server $dir/cups.sock${port:+ or 127.0.0.1:$port}, queue $queue, PDFs in $dir/pdf" >&2
    exec /usr/sbin/cupsd -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf"
    ;;
  *) usage ;;
esac
