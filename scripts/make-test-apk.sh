#!/usr/bin/env bash
# Builds a real, signed test APK with Debian's aapt, zipalign, apksigner and keytool:
#   scripts/make-test-apk.sh OUT.apk [PACKAGE] [LABEL] [SCHEMES]
# PACKAGE defaults to com.yunfan.ledger, LABEL to 云帆记账, SCHEMES to "v2" (any of v1 v2 v3).
# The manifest's android:label and android:icon go through resources.arsc; the framework that
# gives the android: attributes their real IDs is built by aapt itself (Debian's SDK platform
# package is not installable on these machines). Prints nothing; the keystore is OUT.p12.
set -euo pipefail
out=$(realpath -m "$1"); pkg=${2:-com.yunfan.ledger}; label=${3:-云帆记账}; schemes=${4:-v2}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fw/res/values" "$work/app/res/values" "$work/app/res/mipmap-xhdpi"
cat > "$work/fw/AndroidManifest.xml" <<'X'
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="android"/>
X
cat > "$work/fw/res/values/attrs.xml" <<'X'
<resources>
  <attr name="label" format="string|reference"/>
  <attr name="icon" format="reference"/>
  <attr name="versionCode" format="integer"/>
  <attr name="versionName" format="string"/>
  <public type="attr" name="label" id="0x01010001"/>
  <public type="attr" name="icon" id="0x01010002"/>
  <public type="attr" name="versionCode" id="0x0101021b"/>
  <public type="attr" name="versionName" id="0x0101021c"/>
</resources>
X
(cd "$work/fw" && aapt package -x -f -M AndroidManifest.xml -S res -F android.jar)
cat > "$work/app/AndroidManifest.xml" <<X
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="$pkg" android:versionName="1.2.0" android:versionCode="12">
  <application android:label="@string/app_name" android:icon="@mipmap/ic_launcher"/>
</manifest>
X
printf '<resources><string name="app_name">%s</string></resources>' "$label" > "$work/app/res/values/strings.xml"
# A 96×96 PNG icon: the smallest valid PNG encoder is python3's zlib.
python3 - "$work/app/res/mipmap-xhdpi/ic_launcher.png" <<'X'
import struct, sys, zlib
w = h = 96
raw = b"".join(b"\0" + bytes(v for x in range(w) for v in (x * 2, y * 2, 160)) for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
X
(cd "$work/app" && aapt package -f -M AndroidManifest.xml -S res -I ../fw/android.jar -F raw.apk)
zipalign -f 4 "$work/app/raw.apk" "$work/app/aligned.apk"
rm -f "$out.p12"
keytool -genkeypair -storetype PKCS12 -storepass secret1 -keypass secret1 -alias a -keyalg RSA -keysize 2048 \
  -dname "CN=Yunfan Co, O=Yunfan, C=CN" -validity 3650 -keystore "$out.p12" >/dev/null 2>&1
on() { [[ " $schemes " == *" $1 "* ]] && echo true || echo false; }
apksigner sign --ks "$out.p12" --ks-pass pass:secret1 --min-sdk-version 24 \
  --v1-signing-enabled "$(on v1)" --v2-signing-enabled "$(on v2)" --v3-signing-enabled "$(on v3)" \
  --out "$out" "$work/app/aligned.apk"
rm -f "$out.idsig"
