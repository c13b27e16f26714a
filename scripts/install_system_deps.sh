#!/usr/bin/env bash
# Install the Debian packages the test suite needs (PostgreSQL server, Chromium, fonts,
# LibreOffice for the Word export's layout tests, with Calc and its Python bridge: they judge
# the template's data validation; and nginx with openssl: tests/security runs the
# reverse-proxy block of docs/security.md).
# Runs as root (CI and the development machines are root); skips what is already there.
set -euo pipefail
need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -f /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || need+=(python3-uno)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Cần quyền root để cài: ${need[*]} (sudo apt-get install -y ${need[*]})" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
# Debian starts a freshly installed nginx on port 80; the tests start their own.
if printf '%s\n' "${need[@]}" | grep -qx nginx-light; then
  service nginx stop >/dev/null 2>&1 || true
fi
