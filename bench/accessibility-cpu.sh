#!/usr/bin/env bash
# The recorder's CPU with the accessibility source on and off (docs/benchmarks.md, "Accessibility").
#   bench/accessibility-cpu.sh [RUNS]     RUNS pairs of runs (default 2), on then off
# A private Xvfb desktop with openbox and a session D-Bus, LibreOffice Writer, `./understudy record`
# as its own process, and the same scripted workload each run (xdotool: a click in the document,
# typing, the Bold button, the Insert and Edit menus opened and closed; 15 rounds, ~80 s). The
# recorder's CPU seconds (utime + stime from /proc) over the workload, after a 20-s warm-up, as % of
# one core. Needs the Debian packages of `./understudy test` (xvfb, openbox, dbus, xdotool,
# libreoffice-writer, libreoffice-gtk3, at-spi2-core).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-2}"
WORK="$(mktemp -d /tmp/us-a11y-cpu.XXXXXX)"
chmod 700 "$WORK"
cleanup() { kill $(jobs -p) 2>/dev/null || true; [[ -n "${BUS_PID:-}" ]] && kill "$BUS_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

exec 3< <(Xvfb -displayfd 1 -nolisten tcp -noreset -screen 0 1280x800x24 2>/dev/null)
read -r -t 20 DISP <&3
export DISPLAY=":$DISP" XDG_RUNTIME_DIR="$WORK/xdg" UNDERSTUDY_KEY_STORE=file UNDERSTUDY_STATS=1
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
openbox --sm-disable >/dev/null 2>&1 &
read -r BUS BUS_PID < <(dbus-daemon --session --fork --print-address=1 --print-pid=1 | paste -sd' ')
export DBUS_SESSION_BUS_ADDRESS="$BUS"
cat >"$WORK/policy.yaml" <<'EOF'
version: 1
name: accessibility cpu bench
allow_apps: [soffice*, class:libreoffice*]
EOF

run() { # $1 = on|off
  local mode=$1 extra=() rec t0 t1 s0 s1
  [[ $mode == off ]] && extra=(--no-accessibility)
  rm -rf "$WORK/lo" "$WORK/data"
  soffice --writer --norestore --nologo "-env:UserInstallation=file://$WORK/lo" >/dev/null 2>&1 &
  xdotool search --sync --name "Untitled 1 - LibreOffice Writer" >/dev/null
  sleep 4 # LibreOffice finishes laying out its window
  "$HERE/understudy" record --data "$WORK/data" --policy "$WORK/policy.yaml" --accept-notice "${extra[@]}" \
    >"$WORK/rec.out" 2>"$WORK/rec.err" &
  rec=$!
  until grep -q '^recording ' "$WORK/rec.out" 2>/dev/null; do sleep 0.2; done
  rec=$(pgrep -P "$rec" java || echo "$rec")
  sleep 20 # warm-up: class loading and the JIT
  t0=$(awk '{print $14+$15}' /proc/"$rec"/stat); s0=$(date +%s.%N)
  for _ in $(seq 1 15); do
    xdotool mousemove 600 400 click 1; sleep 0.5
    xdotool type --delay 80 "hello world "; sleep 0.5
    xdotool mousemove 607 102 click 1; sleep 0.8
    xdotool mousemove 154 31 click 1; sleep 0.8; xdotool key Escape; sleep 0.5
    xdotool mousemove 59 31 click 1; sleep 0.8; xdotool key Escape; sleep 0.5
  done
  t1=$(awk '{print $14+$15}' /proc/"$rec"/stat); s1=$(date +%s.%N)
  kill -TERM "$rec"; while kill -0 "$rec" 2>/dev/null; do sleep 0.2; done
  pkill -f "UserInstallation=file://$WORK/lo" || true
  python3 -c "t=($t1-$t0)/$(getconf CLK_TCK); s=$s1-$s0; print('%-3s recorder %.2f CPU-s over %.1f s = %.2f %% of one core' % ('$mode', t, s, 100*t/s))"
  grep -o 'a11y\[[^]]*\]' "$WORK/rec.err" || true
}

for _ in $(seq 1 "$RUNS"); do run on; run off; done
