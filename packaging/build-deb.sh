#!/usr/bin/env bash
# Builds the Debian package of the recorder: `./understudy package` runs this after building the CLI
# (cli/target/understudy.jar and the jars its manifest names in cli/target/lib). docs/rollout.md.
#
#   1. stage the app: understudy.jar + exactly the jars of its manifest's Class-Path
#   2. jlink a runtime with the modules jdeps finds, plus the ones only reached through services
#   3. jpackage --type app-image, then add the host launcher, the autostart wrapper and the recorder's
#      JVM options to its lib/
#   4. jpackage --type deb from that image (install dir /opt/understudy, the maintainer scripts and
#      control template of packaging/deb/scripts)
#   5. add the files that live outside /opt (packaging/deb/root: /usr/bin/understudy, the systemd user
#      unit, the XDG autostart entry; the native messaging host manifests, generated here from the
#      extension ID in the built jar), so dpkg owns every file it installs, and compress once (xz)
#
# Environment: DPKG_DEB_COMPRESSOR_TYPE / DPKG_DEB_COMPRESSOR_LEVEL (dpkg-deb's own) for the .deb.
#
# Needs JAVA_HOME (a JDK 17+ with jlink, jpackage and jmods), fakeroot and dpkg-deb. Prints the
# .deb's path as its last line.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
J="${JAVA_HOME:?JAVA_HOME must point at a JDK}/bin"
CLI="$HERE/cli/target"
OUT="$HERE/target/package"
WORK="$OUT/work"
DEB="$HERE/packaging/deb"
NAME=understudy
say() { echo "package: $*" >&2; }

[[ -f "$CLI/$NAME.jar" ]] || { say "no $CLI/$NAME.jar: build the CLI first (./understudy package does)"; exit 1; }
for tool in jlink jpackage jdeps javap; do
  [[ -x "$J/$tool" ]] || { say "$J/$tool is missing: a full JDK is needed"; exit 1; }
done
[[ -d "$JAVA_HOME/jmods" ]] || { say "$JAVA_HOME/jmods is missing: jlink needs the JDK's jmods (Ubuntu: openjdk-17-jmods)"; exit 1; }

# The project's version: the root pom's own <version> (0.1.0).
VERSION=$(sed -n 's:^  <version>\([^<]*\)</version>.*:\1:p' "$HERE/pom.xml" | head -1)
[[ -n "$VERSION" ]] || { say "no <version> in pom.xml"; exit 1; }
MAIN_CLASS=$(unzip -p "$CLI/$NAME.jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Main-Class: //p')

rm -rf "$WORK" "$OUT"/*.deb
mkdir -p "$WORK/input/lib"

# 1. The app: the jar and the jars its manifest names (cli/target/lib can hold stale jars of older builds).
CLASS_PATH=$(unzip -p "$CLI/$NAME.jar" META-INF/MANIFEST.MF | tr -d '\r' \
  | awk '/^Class-Path:/ {s = substr($0, 13); f = 1; next} f && /^ / {s = s substr($0, 2); next} {f = 0} END {print s}')
cp "$CLI/$NAME.jar" "$WORK/input/"
for j in $CLASS_PATH; do cp "$CLI/$j" "$WORK/input/lib/"; done
cp "$HERE/recorder/src/main/resources/dev/understudy/recorder/recorder-jvm.options" "$WORK/input/"

# 2. The runtime. jdeps sees the modules the code links against; services and providers it cannot
# see are added by name: jdk.crypto.ec (elliptic-curve TLS and Ed25519 signatures), jdk.zipfs (zip
# file systems), jdk.charsets (legacy encodings in the text the recorder reads), java.naming
# (JNDI/DNS lookups by the HTTP stack), java.net.http (the HTTP client, for upload). No
# --strip-native-commands: bin/java runs the recorder with its own options and the native host.
DEPS=$(cd "$WORK/input" && "$J/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$("$J/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')" \
  --class-path "$(cd "$WORK/input" && ls lib/*.jar | paste -sd:)" "$NAME.jar" lib/*.jar 2>/dev/null | tail -1)
MODULES=$(tr ',' '\n' <<<"$DEPS,jdk.crypto.ec,jdk.zipfs,jdk.charsets,java.naming,java.net.http" | awk 'NF && !seen[$0]++' | paste -sd,)
say "jlink modules: $MODULES"
"$J/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
  --output "$WORK/runtime" >/dev/null
# The CDS archive for heaps over 32 GiB (no compressed oops) is never used by the recorder: 10 MB saved.
rm -f "$WORK/runtime/lib/server/classes_nocoops.jsa"
"$WORK/runtime/bin/java" -Xshare:on -version >/dev/null 2>&1 || { say "the jlinked runtime does not start"; exit 1; }
echo "$MODULES" >"$OUT/modules.txt"

# 3. The app image (/opt/understudy: bin/understudy, lib/app, lib/runtime) plus our own launchers.
"$J/jpackage" --type app-image --dest "$WORK/image" --name "$NAME" --app-version "$VERSION" \
  --input "$WORK/input" --main-jar "$NAME.jar" --main-class "$MAIN_CLASS" --runtime-image "$WORK/runtime" \
  --description "Understudy recorder" --vendor "Understudy"
install -m 0755 "$DEB/app/understudy-native-host" "$DEB/app/understudy-autostart" "$WORK/image/$NAME/lib/"

# 4. The .deb. Uncompressed here (dpkg-deb 1.21.10+ honours DPKG_DEB_COMPRESSOR_TYPE): step 5
# compresses it once. --linux-package-deps: the native libraries the app loads itself (jnativehook's
# ldd, JNA's X11/Xext/Xfixes/Xdamage/XRes, Tess4J's libtesseract and its English data), which jpackage's own
# ldd of the runtime cannot see.
cp "$DEB/scripts/"{control,postinst,prerm,postrm} "$WORK/" && mkdir -p "$WORK/resources" && mv "$WORK"/{control,postinst,prerm,postrm} "$WORK/resources/"
DPKG_DEB_COMPRESSOR_TYPE=none "$J/jpackage" --type deb --dest "$WORK/deb" --app-image "$WORK/image/$NAME" \
  --name "$NAME" --app-version "$VERSION" --install-dir /opt \
  --linux-package-name "$NAME" --linux-app-category utils --linux-deb-maintainer "understudy@localhost" \
  --description "Understudy recorder: records how people work in approved apps, for computer-use agents" \
  --vendor "Understudy" --resource-dir "$WORK/resources" \
  --linux-package-deps "libx11-6, libx11-xcb1, libxext6, libxfixes3, libxdamage1, libxinerama1, libxres1, libxt6, libxtst6, libxkbcommon-x11-0, libssl3 | libssl3t64, libtesseract5, tesseract-ocr-eng" \
  >"$WORK/jpackage.log" 2>&1 || { say "jpackage failed:"; tail -20 "$WORK/jpackage.log" >&2; exit 1; }
JDEB=$(ls "$WORK/deb/"*.deb)

# 5. Files outside /opt, owned by the package.
ROOT="$WORK/root"
dpkg-deb -R "$JDEB" "$ROOT"
cp -a "$DEB/root/." "$ROOT/"
mkdir -p "$ROOT/usr/share/doc/$NAME"
cp "$HERE/docs/rollout.md" "$ROOT/usr/share/doc/$NAME/"
# The native messaging host manifest, the system-wide twin of what BridgeInstaller writes per user:
# same host name, same single allowed origin (read from the built BridgeProtocol, not retyped).
consts=$("$J/javap" -constants -cp "$WORK/input/lib/understudy-browser-$VERSION.jar" dev.understudy.browser.BridgeProtocol)
HOST_NAME=$(sed -n 's/.* HOST_NAME = "\(.*\)";/\1/p' <<<"$consts")
ORIGIN=$(sed -n 's/.* ORIGIN = "\(.*\)";/\1/p' <<<"$consts")
[[ -n "$HOST_NAME" && "$ORIGIN" == chrome-extension://*/ ]] || { say "cannot read HOST_NAME/ORIGIN from BridgeProtocol"; exit 1; }
for dir in etc/chromium/native-messaging-hosts etc/opt/chrome/native-messaging-hosts; do
  mkdir -p "$ROOT/$dir"
  cat >"$ROOT/$dir/$HOST_NAME.json" <<EOF
{
  "name" : "$HOST_NAME",
  "description" : "Understudy browser bridge (relays the Understudy extension's events to the recorder)",
  "path" : "/opt/$NAME/lib/understudy-native-host",
  "type" : "stdio",
  "allowed_origins" : [ "$ORIGIN" ]
}
EOF
done
chmod -R u+rwX,go+rX,go-w "$ROOT"
(cd "$ROOT" && find etc -type f -printf '/%p\n' | sort) >"$ROOT/DEBIAN/conffiles"
(cd "$ROOT" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$ROOT/DEBIAN/md5sums"
# jpackage's Depends (from ldd of the runtime) and ours overlap: list each package once.
DEPENDS=$(sed -n 's/^Depends: //p' "$ROOT/DEBIAN/control" | tr ',' '\n' | sed 's/^ *//; s/ *$//' | awk 'NF && !seen[$0]++' \
  | paste -sd, | sed 's/,/, /g')
sed -i "s/^Depends: .*/Depends: $DEPENDS/" "$ROOT/DEBIAN/control"
SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
sed -i "s/^Installed-Size: .*/Installed-Size: $SIZE/" "$ROOT/DEBIAN/control"
ARCH=$(sed -n 's/^Architecture: //p' "$ROOT/DEBIAN/control")
FULLVER=$(sed -n 's/^Version: //p' "$ROOT/DEBIAN/control")
FINAL="$OUT/${NAME}_${FULLVER}_${ARCH}.deb"
# xz -6 unless DPKG_DEB_COMPRESSOR_TYPE/LEVEL say otherwise (gzip: 25% bigger, ~8x faster to build).
DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-xz}" fakeroot dpkg-deb --root-owner-group --build "$ROOT" "$FINAL" >/dev/null
rm -rf "$WORK"
say "$(du -h "$FINAL" | cut -f1) package, installs $((SIZE / 1024)) MiB; runtime modules in $OUT/modules.txt"
echo "$FINAL"
