#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Crossbar builds against: libzmq (ZeroMQ), libssl (HMAC via
# libcrypto), OpenBLAS and pkg-config, Chromium for the gallery render check, plus python3-venv when python3 cannot make a venv.
# Does nothing when they are all installed already, so `make test` stays fast.
set -euo pipefail

PACKAGES=(libzmq3-dev libssl-dev libopenblas-dev pkg-config)
# The gallery render check in `make test` screenshots the SVG figures in headless Chromium.
PACKAGES+=(chromium fonts-dejavu-core)
# scripts/setup-python.sh needs `python3 -m venv`; Debian ships venv/ensurepip separately.
if ! command -v python3 >/dev/null 2>&1; then
    PACKAGES+=(python3 python3-venv)
elif ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    PACKAGES+=(python3-venv)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: apt-get not found; please install: ${missing[*]}" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "install-system-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
