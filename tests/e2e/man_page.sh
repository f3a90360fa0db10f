#!/bin/bash
# End-to-end: the man page built beside the binary (govreport.1, from man/govreport.1.scd)
# as `man -l` shows it. Every subcommand that `govreport --help` lists has its section, every
# option its `<command> --help` lists appears in that section, the exit status, files and
# environment sections are there, and every diagnostic code the program can emit (found in
# src/) is explained. So an option or a code added without its line in the man page fails
# here.
# Usage: man_page.sh <govreport> <source-dir>
set -u
GR=$(realpath "$1")
SRC=$(realpath "$2")
PAGE=$(dirname "$GR")/govreport.1
. "$SRC/tests/e2e-lib.sh"
[ -f "$PAGE" ] || skip "no govreport.1 beside the binary (configured with -DGR_MAN=OFF)"
command -v man >/dev/null || skip "man (man-db) is not installed"
fail=0

# groff needs a UTF-8 locale for the Chinese text; a fixed width keeps the layout stable.
LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$PAGE" 2>"$tmp/warn" | col -b >"$tmp/page"
[ "$(wc -l <"$tmp/page")" -gt 200 ] || { echo "FAIL man -l gave $(wc -l <"$tmp/page") lines"; fail=1; }
if grep -q . "$tmp/warn"; then
    echo "FAIL troff warnings:"
    head -5 "$tmp/warn"
    fail=1
fi

# The subcommands, as the program lists them under 命令：
"$GR" --help | sed -n '/^命令：/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' >"$tmp/commands"
[ "$(wc -l <"$tmp/commands")" -ge 6 ] || { echo "FAIL only $(wc -l <"$tmp/commands") commands in --help"; fail=1; }

# section NAME: the lines of the man page's subsection NAME (a heading indented 3 spaces)
section() {
    awk -v name="$1" '
        /^[^ \t]/ || /^   [^ ]/ { on = ($0 == "   " name) }
        on' "$tmp/page"
}

while read -r cmd; do
    section "$cmd" >"$tmp/sec"
    if ! grep -q "govreport $cmd" "$tmp/sec"; then
        echo "FAIL no section for subcommand $cmd"
        fail=1
        continue
    fi
    "$GR" "$cmd" --help >"$tmp/help" 2>&1
    grep -oE '(^|[ ,[])--?[a-z][a-z-]*' "$tmp/help" | sed 's/^[ ,[]//' | sort -u >"$tmp/opts"
    n=0
    while read -r opt; do
        n=$((n + 1))
        grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" "$tmp/sec" ||
            { echo "FAIL $cmd: option $opt of --help is not in the man page"; fail=1; }
    done <"$tmp/opts"
    echo "ok   $cmd: section and $n options"
done <"$tmp/commands"

for heading in 名称 概要 描述 命令 字体 退出状态 诊断代码 环境变量 文件; do
    grep -qx "$heading" "$tmp/page" || { echo "FAIL no section $heading"; fail=1; }
done
grep -q "GOVREPORT_FONTS_CONF" "$tmp/page" || { echo "FAIL GOVREPORT_FONTS_CONF not explained"; fail=1; }
grep -q "share/govreport/fonts/govreport.conf" "$tmp/page" || { echo "FAIL the installed conf not named"; fail=1; }

# Every code in the sources, or a family of them written CODE-* (E-IMPORT-DOCX-*).
# E-UNKNOWN is diag.c's stand-in for a missing code, never meant to be seen.
grep -rhoE '"[EW]-[A-Z0-9-]+"' "$SRC/src" | tr -d '"' | sort -u | grep -vx E-UNKNOWN >"$tmp/codes"
[ "$(wc -l <"$tmp/codes")" -ge 20 ] || { echo "FAIL only $(wc -l <"$tmp/codes") codes found in src/"; fail=1; }
while read -r code; do
    found=0
    c=$code
    while [ -n "$c" ]; do
        if grep -qE -- "(^|[^A-Z-])$c([^A-Z0-9-]|\$)" "$tmp/page" ||
            { [ "$c" != "$code" ] && grep -qF -- "$c-*" "$tmp/page"; }; then
            found=1
            break
        fi
        case $c in *-*-*) c=${c%-*} ;; *) c= ;; esac
    done
    [ $found = 1 ] || { echo "FAIL diagnostic code $code is not in the man page"; fail=1; }
done <"$tmp/codes"
echo "ok   $(wc -l <"$tmp/codes") diagnostic codes"
exit $fail
