#!/usr/bin/env bash
# The Debian package, tested for real (docs/rollout.md): build it with `./understudy package`, install
# it with dpkg, check what it installed and that it runs with no JDK, remove and purge it. Run as
# root on a disposable machine (CI); `./understudy test` runs it after Maven when run as root.
#   packaging/test-package.sh [DEB]    test an already built package instead of building one
# KEEP=1 leaves the package installed when a check fails (to look at it); a later run purges it first.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG=understudy
T0=$SECONDS
say() { echo "test-package: $*" >&2; }
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
[[ $EUID -eq 0 ]] || fail "run as root: it installs and removes a Debian package"

TMP=$(mktemp -d /tmp/understudy-package-test.XXXXXX)
XVFB_PID=
cleanup() {
  [[ -n "$XVFB_PID" ]] && kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$TMP"
  if [[ "${KEEP:-}" != 1 ]] && dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'ok \(installed\|config-files\|unpacked\|half\)'; then
    dpkg -P "$PKG" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
# python3 reads the host manifests and speaks native messaging to the host
if ! command -v python3 >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 >/dev/null 2>&1 || fail "python3 is needed"
fi
# A clean start: a previous run may have left the package behind.
if dpkg-query -W "$PKG" >/dev/null 2>&1; then dpkg -P "$PKG" >/dev/null; fi

# ---- build ----
if [[ $# -gt 0 ]]; then
  DEB=$(readlink -f "$1")
else
  "$HERE/understudy" package >"$TMP/build.out"
  DEB=$(tail -1 "$TMP/build.out")
fi
[[ -f "$DEB" ]] || fail "no package at '$DEB'"
BUILD_S=$((SECONDS - T0))
say "package: $DEB ($(du -h "$DEB" | cut -f1), built in ${BUILD_S}s)"

# ---- install with dpkg ----
T1=$SECONDS
# dpkg -i does not fetch dependencies: install the missing ones first (apt), then the package (dpkg).
missing=()
while read -r dep; do
  dep=${dep%% *}; dep=${dep%%|*}
  [[ -z "$dep" ]] && continue
  dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "install ok installed" || missing+=("$dep")
done < <(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/^ *//')
if [[ ${#missing[@]} -gt 0 ]]; then
  say "installing dependencies: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$TMP/apt.log" 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$TMP/apt.log" 2>&1; } \
    || { tail -5 "$TMP/apt.log" >&2; fail "cannot install the package's dependencies"; }
fi
dpkg -i "$DEB" >"$TMP/dpkg.log" 2>&1 || { cat "$TMP/dpkg.log" >&2; fail "dpkg -i"; }
[[ "$(dpkg-query -W -f='${Status}' "$PKG")" == "install ok installed" ]] || fail "not installed after dpkg -i"
say "installed in $((SECONDS - T1))s"

# ---- what it installs ----
SERVICE=/usr/lib/systemd/user/understudy-recorder.service
DESKTOP=/etc/xdg/autostart/understudy-recorder.desktop
HOST=/opt/understudy/lib/understudy-native-host
MANIFESTS=(/etc/chromium/native-messaging-hosts/dev.understudy.bridge.json /etc/opt/chrome/native-messaging-hosts/dev.understudy.bridge.json)
WANTS=/etc/systemd/user/graphical-session.target.wants/understudy-recorder.service
for f in /usr/bin/understudy /opt/understudy/bin/understudy /opt/understudy/lib/runtime/bin/java \
         /opt/understudy/lib/app/understudy.jar /opt/understudy/lib/app/recorder-jvm.options "$HOST" \
         /opt/understudy/lib/understudy-autostart "$SERVICE" "$DESKTOP" "${MANIFESTS[@]}"; do
  [[ -e "$f" ]] || fail "$f is missing"
  dpkg -S "$f" >/dev/null 2>&1 || fail "$f is not owned by the package"
done
[[ -x /usr/bin/understudy && -x "$HOST" ]] || fail "launchers are not executable"

# ---- it runs without a JDK ----
# A user's environment with nothing but /usr/bin:/bin on PATH, and, in a private mount namespace,
# every JDK and JRE of the machine hidden under an empty /usr/lib/jvm.
HOMEDIR="$TMP/home"; mkdir -p "$HOMEDIR"
run_user() { env -i PATH=/usr/bin:/bin HOME="$HOMEDIR" LANG=C.UTF-8 "$@"; }
if unshare -m true 2>/dev/null; then
  nojdk() { unshare -m sh -c 'mount -t tmpfs none /usr/lib/jvm && exec "$@"' sh "$@"; }
else
  say "no mount namespaces here: checking with PATH=/usr/bin:/bin only"
  nojdk() { "$@"; }
fi
v=$(nojdk env -i PATH=/usr/bin:/bin HOME="$HOMEDIR" sh -c 'command -v java >/dev/null && [ -e "$(readlink -f "$(command -v java)")" ] && echo JDK-VISIBLE; /usr/bin/understudy --version')
[[ "$v" == "understudy "* && "$v" != *JDK-VISIBLE* ]] || fail "understudy --version without a JDK said: $v"
home=$(run_user UNDERSTUDY_JAVA_OPTS=-XshowSettings:properties /usr/bin/understudy --version 2>&1 | sed -n 's/^ *java.home = //p')
[[ "$home" == /opt/understudy/lib/runtime ]] || fail "java.home is '$home', not the bundled runtime"
[[ "$(nojdk /opt/understudy/bin/understudy --version)" == "understudy "* ]] || fail "the jpackage launcher /opt/understudy/bin/understudy"
# `record` gets the recorder's JVM options, like ./understudy record
flags=$(run_user UNDERSTUDY_JAVA_OPTS=-XX:+PrintCommandLineFlags /usr/bin/understudy record --help)
grep -q -- '-XX:+UseSerialGC' <<<"$flags" && grep -q -- '-XX:MaxHeapSize=134217728' <<<"$flags" \
  || fail "record does not get recorder-jvm.options: $(head -1 <<<"$flags")"
run_user /usr/bin/understudy --help >/dev/null || fail "understudy --help"
say "runs on the bundled runtime ($(cat /opt/understudy/lib/runtime/release | sed -n 's/^JAVA_VERSION=//p'), $(/opt/understudy/lib/runtime/bin/java --list-modules | wc -l) modules), without a JDK"

# ---- the recorder as the session would start it ----
# Without a display, and with a display but the notice not accepted and no terminal: exit 2, which
# the unit's RestartPreventExitStatus=2 does not restart.
set +e
run_user /usr/bin/understudy record --data "$HOMEDIR/.understudy" </dev/null >"$TMP/rec1.out" 2>&1; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "record without a display exited $rc, not 2: $(cat "$TMP/rec1.out")"
if command -v Xvfb >/dev/null; then
  # Xvfb picks a free display and writes its number once it accepts clients
  Xvfb -displayfd 1 -nolisten tcp -screen 0 800x600x24 >"$TMP/xvfb.display" 2>"$TMP/xvfb.log" &
  XVFB_PID=$!
  for _ in $(seq 100); do [[ -s "$TMP/xvfb.display" ]] && break; sleep 0.1; done
  DNUM=$(head -1 "$TMP/xvfb.display")
  [[ -n "$DNUM" ]] || fail "Xvfb did not start: $(cat "$TMP/xvfb.log")"
  set +e
  run_user DISPLAY=":$DNUM" /usr/bin/understudy record --data "$HOMEDIR/.understudy" </dev/null >"$TMP/rec2.out" 2>&1; rc=$?
  set -e
  [[ $rc -eq 2 ]] && grep -q 'notice has not been accepted' "$TMP/rec2.out" \
    || fail "record before the notice was accepted exited $rc: $(cat "$TMP/rec2.out")"
  say "record before consent: exit 2, \"$(head -c 90 "$TMP/rec2.out")...\""
  # A short recording on the bundled runtime with no JDK visible: every module and native library
  # the recorder loads (AWT, JNA/X11, jnativehook, Tesseract, zstd) is there.
  nojdk env -i PATH=/usr/bin:/bin HOME="$HOMEDIR" DISPLAY=":$DNUM" /usr/bin/understudy record --data "$HOMEDIR/.understudy" \
    --duration 4 --accept-notice </dev/null >"$TMP/rec3.out" 2>&1 || fail "a 4 s recording failed: $(tail -5 "$TMP/rec3.out")"
  grep -q '^recording ' "$TMP/rec3.out" || fail "the recording did not start: $(tail -5 "$TMP/rec3.out")"
  run_user /usr/bin/understudy sessions --data "$HOMEDIR/.understudy" | grep -q ' complete' || fail "no complete session after recording"
  say "recorded a 4 s session from the package with no JDK visible"
else
  say "no Xvfb: skipped the check of record before consent on a display"
fi

# ---- the systemd user unit and the autostart entry ----
grep -q '^ExecStart=/usr/bin/understudy record --data %h/.understudy$' "$SERVICE" || fail "ExecStart of $SERVICE"
grep -q '^RestartPreventExitStatus=2$' "$SERVICE" || fail "RestartPreventExitStatus of $SERVICE"
[[ -L "$WANTS" ]] || fail "the unit is not enabled for all users ($WANTS missing)"
[[ "$(systemctl --global is-enabled understudy-recorder.service 2>/dev/null)" == enabled ]] || fail "systemctl --global is-enabled"
if command -v systemd-analyze >/dev/null; then
  # verifies the unit's syntax, its targets and that ExecStart exists (the unit's own directory plus
  # the system's units, which hold graphical-session.target)
  SYSTEMD_UNIT_PATH="/usr/lib/systemd/user:/lib/systemd/system:" systemd-analyze verify "$SERVICE" >"$TMP/verify.log" 2>&1 \
    || { cat "$TMP/verify.log" >&2; fail "systemd-analyze verify $SERVICE"; }
  if grep -q understudy "$TMP/verify.log"; then cat "$TMP/verify.log" >&2; fail "systemd-analyze verify $SERVICE warned"; fi
fi
if ! command -v desktop-file-validate >/dev/null && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends desktop-file-utils >/dev/null 2>&1 || true
fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$DESKTOP" || fail "desktop-file-validate $DESKTOP"
else
  say "no desktop-file-validate: checked the autostart entry's keys only"
fi
for k in '^Type=Application$' '^Exec=/opt/understudy/lib/understudy-autostart$' '^TryExec=/opt/understudy/lib/understudy-autostart$' '^X-systemd-skip=true$'; do
  grep -q "$k" "$DESKTOP" || fail "$DESKTOP lacks $k"
done
# The autostart wrapper records only where no systemd graphical session does: here there is no user
# manager, so it must start the recorder (which exits 2 at once: no display).
set +e
run_user /opt/understudy/lib/understudy-autostart </dev/null >"$TMP/auto.out" 2>&1; rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q 'DISPLAY' "$TMP/auto.out" || fail "the autostart wrapper exited $rc: $(cat "$TMP/auto.out")"

# ---- the native messaging host ----
ID=$(sed -n 's/.*EXTENSION_ID = "\([a-p]\{32\}\)".*/\1/p' "$HERE/browser/src/main/java/dev/understudy/browser/BridgeProtocol.java")
[[ -n "$ID" ]] || fail "no EXTENSION_ID in BridgeProtocol.java"
# What `understudy install-browser-bridge` writes for one user, for comparison.
run_user /usr/bin/understudy install-browser-bridge --data "$HOMEDIR/.understudy" --user-data-dir "$TMP/profile" >/dev/null
PERUSER="$TMP/profile/NativeMessagingHosts/dev.understudy.bridge.json"
for m in "${MANIFESTS[@]}"; do
  python3 -m json.tool "$m" >/dev/null || fail "$m is not JSON"
  python3 - "$m" "$PERUSER" "$ID" "$HOST" <<'EOF' || fail "$m"
import json, os, sys
m, peruser, ext, host = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4]
assert m["name"] + ".json" == os.path.basename(sys.argv[1]), "name must match the file name"
assert m["allowed_origins"] == ["chrome-extension://%s/" % ext], m["allowed_origins"]
assert m["path"] == host and os.access(host, os.X_OK), m["path"]
for k in ("name", "type", "allowed_origins", "description"):
    assert m[k] == peruser[k], "%s differs from install-browser-bridge's: %r vs %r" % (k, m[k], peruser[k])
EOF
done
# It speaks native messaging: one length-prefixed message in, the "waiting" status out (no recorder
# runs), exit 0 at end of input; another caller is refused with exit 3.
python3 - "$HOST" "$ID" "$HOMEDIR" <<'EOF' || fail "the native host"
import json, os, struct, subprocess, sys
host, ext, home = sys.argv[1:]
env = {"PATH": "/usr/bin:/bin", "HOME": home}
p = subprocess.Popen([host, "chrome-extension://%s/" % ext], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
msg = json.dumps({"kind": "tab", "t": 1, "url": "https://example.com/"}).encode()
p.stdin.write(struct.pack("=I", len(msg)) + msg); p.stdin.flush()
n = struct.unpack("=I", p.stdout.read(4))[0]
reply = json.loads(p.stdout.read(n))
assert reply.get("status") == "waiting", reply
p.stdin.close()
assert p.wait(timeout=20) == 0, "exit code %s" % p.returncode
r = subprocess.run([host, "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"], stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=20)
assert r.returncode == 3, r
EOF
say "systemd unit, autostart entry, both host manifests and the host launcher: ok"

# ---- enroll, record, upload: the packaged command against a collector started here ----
# The collector (`understudy serve` from the package too) on loopback with its self-signed certificate;
# the device enrolls with the token (which pins that certificate), records on the Xvfb display with no
# JDK visible, uploads, and the collector lists the session.
if [[ -n "${DNUM:-}" ]]; then
  SRVDIR="$TMP/collector"
  nojdk env -i PATH=/usr/bin:/bin HOME="$TMP" LANG=C.UTF-8 /usr/bin/understudy serve --data "$SRVDIR" --bind 127.0.0.1 --port 0 \
    >"$TMP/serve.out" 2>"$TMP/serve.err" &
  SRV_PID=$!
  # $! is the subshell running nojdk; the collector is the java process serving $SRVDIR
  stop_collector() { pkill -TERM -f "serve --data $SRVDIR" 2>/dev/null || true; wait "$SRV_PID" 2>/dev/null || true; }
  trap 'stop_collector; cleanup' EXIT
  # its one ready line
  for _ in $(seq 1 600); do grep -q '^serving ' "$TMP/serve.out" 2>/dev/null && break; kill -0 "$SRV_PID" 2>/dev/null || break; sleep 0.1; done
  grep -q '^serving https://' "$TMP/serve.out" || fail "the collector did not start: $(cat "$TMP/serve.out" "$TMP/serve.err" | tail -5)"
  URL=$(sed -n 's/^serving //p' "$TMP/serve.out" | head -1)
  TOKEN=$(/usr/bin/understudy admin enroll-token --data "$SRVDIR" | tail -1)
  [[ "$TOKEN" == UST1.* ]] || fail "no enroll token: $TOKEN"
  DEV="$HOMEDIR/.understudy-fleet"
  AS_USER=(env -i PATH=/usr/bin:/bin HOME="$HOMEDIR" LANG=C.UTF-8)   # run_user, for nojdk (which runs sh)
  nojdk "${AS_USER[@]}" /usr/bin/understudy enroll --server "$URL" --token "$TOKEN" --data "$DEV" >"$TMP/enroll.out" 2>&1 \
    || fail "enroll: $(cat "$TMP/enroll.out")"
  grep -q '^enrolled as device [0-9a-f]\{32\}$' "$TMP/enroll.out" || fail "enroll said: $(cat "$TMP/enroll.out")"
  printf 'version: 1\nextends: default\nname: package test\nreview_hours: 0\n' >"$HOMEDIR/no-review.yaml"
  nojdk "${AS_USER[@]}" DISPLAY=":$DNUM" /usr/bin/understudy record --data "$DEV" --policy "$HOMEDIR/no-review.yaml" --duration 4 --accept-notice \
    </dev/null >"$TMP/rec4.out" 2>&1 || fail "recording as an enrolled device failed: $(tail -5 "$TMP/rec4.out")"
  SESSION=$(sed -n 's/^recording //p' "$TMP/rec4.out" | head -1)
  [[ -n "$SESSION" ]] || fail "no session recorded: $(tail -5 "$TMP/rec4.out")"
  nojdk "${AS_USER[@]}" /usr/bin/understudy upload --data "$DEV" --policy "$HOMEDIR/no-review.yaml" --wait >"$TMP/upload.out" 2>&1 \
    || fail "upload: $(cat "$TMP/upload.out")"
  /usr/bin/understudy admin sessions --data "$SRVDIR" | grep -q " $SESSION " || fail "the collector does not list $SESSION"
  run_user /usr/bin/understudy status --data "$DEV" | grep -q '^upload backlog: 0 sessions' || fail "backlog left: $(run_user /usr/bin/understudy status --data "$DEV")"
  stop_collector
  ! pgrep -f "serve --data $SRVDIR" >/dev/null || fail "the collector did not stop on SIGTERM"
  trap cleanup EXIT
  say "enrolled, recorded and uploaded session $SESSION through the packaged command"
else
  say "no Xvfb: skipped enroll, record, upload"
fi

# ---- remove, reinstall, remove, purge ----
dpkg -r "$PKG" >"$TMP/dpkg-r.log" 2>&1 || { cat "$TMP/dpkg-r.log" >&2; fail "dpkg -r"; }
for f in /usr/bin/understudy /opt/understudy "$SERVICE" /usr/share/doc/understudy; do
  [[ ! -e "$f" && ! -L "$f" ]] || fail "$f is left after dpkg -r"
done
# Like any Debian package, `remove` keeps configuration until purge: the /etc conffiles (inert: the
# entry's TryExec and the manifests' path are gone) and the unit's enablement (dangling, and masked).
[[ ! -e "$WANTS" ]] || fail "$WANTS still points at a unit after dpkg -r"
# A reinstall after remove enables the unit again.
dpkg -i "$DEB" >"$TMP/dpkg.log" 2>&1 || { cat "$TMP/dpkg.log" >&2; fail "dpkg -i after dpkg -r"; }
[[ "$(systemctl --global is-enabled understudy-recorder.service 2>/dev/null)" == enabled ]] || fail "not enabled again after a reinstall"
dpkg -r "$PKG" >"$TMP/dpkg-r.log" 2>&1 || { cat "$TMP/dpkg-r.log" >&2; fail "dpkg -r"; }
dpkg -P "$PKG" >"$TMP/dpkg-p.log" 2>&1 || { cat "$TMP/dpkg-p.log" >&2; fail "dpkg -P"; }
for f in "$DESKTOP" "${MANIFESTS[@]}" "$WANTS" /etc/systemd/user/understudy-recorder.service \
         /var/lib/systemd/deb-systemd-user-helper-enabled/understudy-recorder.service.dsh-also \
         /var/lib/systemd/deb-systemd-user-helper-masked/understudy-recorder.service; do
  [[ ! -e "$f" && ! -L "$f" ]] || fail "$f is left after dpkg -P"
done
if dpkg-query -W "$PKG" >/dev/null 2>&1; then fail "dpkg still knows $PKG after purge"; fi
say "removed and purged: nothing left"
say "ok: build ${BUILD_S}s, install and checks $((SECONDS - T0 - BUILD_S))s, total $((SECONDS - T0))s"
