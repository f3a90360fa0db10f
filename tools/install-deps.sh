#!/bin/sh
# Installs every Debian 12 package that govreport's build, tests, fuzzer and benchmark use.
# Run as root on a fresh machine; safe to run again.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  build-essential cmake pkg-config git \
  libhpdf-dev libxml2-dev libxml2-utils libfontconfig-dev libunibreak-dev libharfbuzz-dev \
  libdeflate-dev libmicrohttpd-dev \
  fonts-arphic-uming fonts-arphic-ukai fonts-wqy-microhei fonts-wqy-zenhei fonts-lxgw-wenkai \
  fonts-liberation fonts-noto-cjk fonts-cantarell \
  poppler-utils qpdf mupdf-tools \
  clang libclang-rt-14-dev \
  hyperfine time \
  scdoc man-db dpkg-dev file fontconfig parallel strace >/dev/null
# govreport serve: libmicrohttpd (above) is the server; curl drives its end-to-end test and
# wrk its load test (bench/serve.sh); openssl makes the certificate of its TLS case.
apt-get install -y -qq --no-install-recommends curl wrk openssl >/dev/null
# OFD: libzip writes the package; unzip and xmllint check it; ofd.js (npm, tests/ofd) reads it
# in Debian's Chromium, driven by puppeteer-core (which downloads no browser).
apt-get install -y -qq --no-install-recommends libzip-dev zip unzip chromium nodejs >/dev/null
command -v npm >/dev/null || apt-get install -y -qq --no-install-recommends npm >/dev/null
(cd "$(dirname "$0")/../tests/ofd" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
# HTML: the Nu Html Checker (vnu-jar, run with the Java below) and axe-core in Chromium through
# puppeteer-core (tests/html).
(cd "$(dirname "$0")/../tests/html" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
# The page of govreport serve in the same Chromium, with axe-core (tests/serve).
(cd "$(dirname "$0")/../tests/serve" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)

# The Fandol fonts (FandolFang is the free 仿宋 of the default body; README "Fonts"). Debian
# ships them only inside texlive-lang-chinese, whose installation pulls in the TeX Live
# base: the package is downloaded (apt checks it against the archive's signed index) and
# only its fandol folder unpacked into a folder fontconfig searches.
FANDOL=/usr/local/share/fonts/fandol
if [ ! -s "$FANDOL/FandolFang-Regular.otf" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1)
  dpkg-deb --fsys-tarfile "$tmp"/texlive-lang-chinese_*.deb | tar -x -C "$tmp" --wildcards \
    './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol[FHKS]*.otf' \
    './usr/share/doc/texlive-doc/fonts/fandol/*'
  mkdir -p "$FANDOL"
  cp "$tmp"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf \
    "$tmp"/usr/share/doc/texlive-doc/fonts/fandol/* "$FANDOL"/
  rm -rf "$tmp"
  fc-cache -f "$FANDOL"
fi
# PDF/A: the sRGB profile of the output intent (embedded at build time); Apache PDFBox
# Preflight (Java) and python3 check the PDF/A files and their structure tree.
apt-get install -y -qq --no-install-recommends icc-profiles-free python3 \
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java >/dev/null
