#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there, so it is cheap to run every time.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-pack >/dev/null 2>&1; then
  step "installing wasm-pack"
  cargo install wasm-pack --locked
fi

# wasm-bindgen-cli must be the exact version of the wasm-bindgen crate in Cargo.lock (pinned with = in
# Cargo.toml); wasm-pack would download it, which does not work on machines without GitHub access.
wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$wanted" ]; then
  step "installing wasm-bindgen-cli $wanted (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$wanted" --locked || cargo install wasm-bindgen-cli --version "$wanted"
fi

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  step "installing Chromium and ChromeDriver from Debian"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# PyPI: aiosmtpd, the real SMTP server the e-mail tests start on loopback as the site's relay.
if ! python3 -c "import aiosmtpd" >/dev/null 2>&1; then
  step "installing aiosmtpd from PyPI"
  python3 -m pip install --quiet "aiosmtpd==1.4.6"
fi

# npm: binaryen's wasm-opt (Debian's binaryen crashes Chromium) and playwright-core (uses Debian's Chromium).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
