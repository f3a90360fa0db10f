#!/bin/sh
# Installs every Debian 12 package that govreport's build, tests, fuzzer and benchmark use.
# Run as root on a fresh machine; safe to run again.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  build-essential cmake pkg-config git \
  libhpdf-dev libxml2-dev libxml2-utils libfontconfig-dev libunibreak-dev libharfbuzz-dev \
  fonts-arphic-uming fonts-arphic-ukai fonts-wqy-microhei fonts-wqy-zenhei fonts-lxgw-wenkai \
  fonts-liberation \
  poppler-utils qpdf mupdf-tools \
  clang libclang-rt-14-dev \
  hyperfine time >/dev/null
# OFD: libzip writes the package; unzip and xmllint check it; ofd.js (npm, tests/ofd) reads it
# in Debian's Chromium, driven by puppeteer-core (which downloads no browser).
apt-get install -y -qq --no-install-recommends libzip-dev zip unzip chromium nodejs >/dev/null
command -v npm >/dev/null || apt-get install -y -qq --no-install-recommends npm >/dev/null
(cd "$(dirname "$0")/../tests/ofd" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
