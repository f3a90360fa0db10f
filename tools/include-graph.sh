#!/bin/sh
# The include graph of src/ by folder, and the checks of docs/design.md "Source layout":
# arrows run one way (cli → serve → api → output → layout, import → report → base), another
# folder is reached only through its public header, and no two files include each other.
# govreport.h, the public API, includes nothing of src/; every folder may include it (base
# takes its types: status and diagnostics); src/api implements it. The server (serve)
# reaches the library through govreport.h alone; the CLI reaches serve only to start it.
# Two headers of base stand beside base.h, each included only where its library is used:
# base/libzip.h (libzip, loaded on first use) and base/dynlib.h (the loader, which serve
# also uses for libmicrohttpd: it includes nothing of src/).
# Prints the folder edges; exits 1 with the offending lines when a rule is broken.
set -eu
cd "$(dirname "$0")/../src"
rank() {
    case $1 in
    cli) echo 7 ;; serve) echo 6 ;; api) echo 5 ;; output) echo 4 ;; layout | import) echo 3 ;; report) echo 2 ;; base) echo 1 ;;
    *) echo 0 ;;
    esac
}
public() {
    case $1 in
    base) echo base/base.h base/libzip.h base/dynlib.h ;; report) echo report/report.h ;; layout) echo layout/layout.h ;;
    import) echo import/import.h ;; output) echo output/output.h ;; cli) echo cli/cli.h ;;
    api | govreport.h) echo govreport.h ;; serve) echo serve/serve.h ;;
    esac
}
problems=$(mktemp)
trap 'rm -f "$problems"' EXIT
edges=$(grep -H '^#include "' */*.c */*.h | sed 's|^\([a-z]*\)/\([^:]*\):#include "\([^"]*\)".*|\1/\2 \3|')
bad=0
echo "$edges" | while read -r from to; do
    f=${from%%/*} t=${to%%/*}
    [ "$f" = "$t" ] && continue
    echo "$f -> $t"
done | sort | uniq -c | sed 's/^ */    /'
echo "$edges" | while read -r from to; do
    f=${from%%/*} t=${to%%/*}
    [ "$f" = "$t" ] && continue
    [ "$to" = govreport.h ] && continue
    if [ "$f" = serve ] && [ "$to" != base/dynlib.h ]; then
        echo "the server reaches the library through govreport.h only: $from includes $to" >&2
        echo x
    fi
    if [ "$(rank "$f")" -le "$(rank "$t")" ]; then
        echo "upward or sideways: $from includes $to" >&2
        echo x
    fi
    case " $(public "$t") " in
    *" $to "*) ;;
    *)
        echo "private header of another folder: $from includes $to" >&2
        echo x
        ;;
    esac
done >"$problems" || true
echo "$edges" | while read -r from to; do
    # a file's header and its .c count as one unit
    a=${from%.*} b=${to%.*}
    [ "$a" = "$b" ] && continue
    if echo "$edges" | grep -q "^$b\.[ch] $a\.h\$"; then
        echo "mutual: $from and $to include each other" >&2
        echo x
    fi
done >>"$problems"
[ -s "$problems" ] && bad=1
exit $bad
