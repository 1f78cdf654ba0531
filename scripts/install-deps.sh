#!/usr/bin/env bash
# Installs the Debian 12 packages avocet needs to build and test.
# Idempotent: runs apt-get only when a package is missing.
set -euo pipefail
trap '"$(dirname "$0")/build-web.sh" || echo "install-deps: web page not built" >&2' EXIT  # store/serve: web page (build/web)

PACKAGES=(
  build-essential cmake pkg-config
  libjansson-dev libutf8proc-dev libgumbo-dev libsqlite3-dev libzstd-dev zlib1g-dev
  libmicrohttpd-dev libcmocka-dev
  python3 time
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
