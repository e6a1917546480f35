#!/usr/bin/env bash
# Installs the Debian packages sigap needs that pip cannot bring:
# the Pango/HarfBuzz libraries and fonts WeasyPrint renders PDFs with,
# Chromium for the browser tests (Playwright cannot download its own here),
# poppler-utils to look at rendered PDFs, and for the deployment tests (tests/project/test_deploy_layout.py,
# test_backup.py): nginx (run by the test on its own ports; the package's own service is not needed),
# docker-compose (only `docker-compose config` checks deploy/compose.yaml: no container runtime is used),
# the PostgreSQL client (pg_dump, pg_restore) and faketime (sweepers with skewed clocks, test_faults.py).
# Idempotent: installs only what is missing.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation chromium poppler-utils
  nginx docker-compose postgresql-client faketime)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Memasang paket sistem: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
