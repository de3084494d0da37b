#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the Playwright e2e suite (playwright.config.ts
# launches /usr/bin/chromium). Never downloads a browser: Debian's package only.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the e2e suite…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  exit 0
fi

echo "Chromium is missing (/usr/bin/chromium). Install it with:" >&2
echo "sudo apt-get install -y chromium"
exit 1
