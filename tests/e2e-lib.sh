# Shared by every end-to-end script in e2e/ (sourced, not a test itself):
#   fail MESSAGE      count a failure and say it (the script exits non-zero at its end:
#                     `exit $((fails > 0))`, or `exit $fail`, which fail sets to 1);
#   skip REASON       the test cannot run here: exit 77, which ctest reports as skipped;
#   check / expect    run a command and compare its exit status / look for a pattern in a
#                     file; both need $tmp (a scratch folder) and count a failure;
#   plain / inside    a rendered NAME.pdf in the current folder: a copy for the text tools,
#                     and every word inside the type block.
fails=${fails:-0}
fail=${fail:-0}

fail() { # message
    echo "FAIL $*"
    fails=$((fails + 1))
    fail=1
}

check() { # description, expected exit, command...
    local what=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" != "$want" ]; then
        fail "$what: exit $rc, expected $want"
        cat "$tmp/out" "$tmp/err"
    else
        echo "ok   $what"
    fi
}

expect() { # file, pattern, description
    grep -q -- "$2" "$1" || { fail "$3: no “$2”"; cat "$1"; }
}

skip() { # reason: tell ctest the test could not run here (SKIP_RETURN_CODE 77); never a pass
    echo "SKIP $*"
    exit 77
}

# poppler builds a colour transform from the PDF/A output intent's ICC profile for every
# page (lcms reversing the sRGB tone curves, ~10 ms a page): on the hundreds of pages of the
# hostile cases that is minutes of pdftotext. The text tools read a copy whose catalog key is renamed
# to one of the same length (offsets, and so the xref, unchanged): the same text, no profile.
plain() { # NAME: NAME.pdf → NAME.plain.pdf, without the output intent
    perl -0777 -pe 's{/OutputIntents}{/OutputIntentX}' "$1.pdf" >"$1.plain.pdf"
}

# Every word inside the type block (x 79.37–521.58 pt; a line-end mark may hang by half an
# em, a line-start mark's box by a quarter), none above its top; page numbers left aside.
inside() {
    plain "$1"
    pdftotext -bbox "$1.plain.pdf" "$1.html" 2>/dev/null
    awk '
        /<page / { p++ }
        /<word / {
            match($0, /xMin="[^"]*"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
            match($0, /xMax="[^"]*"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
            match($0, /yMin="[^"]*"/); y0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
            w = $0; sub(/.*">/, "", w); sub(/<\/word>.*/, "", w)
            if (y0 > 742.68) next
            left = 79.37 - 0.5; right = 521.58 + 0.5
            if (w ~ /(、|，|。|：|；|！|？|）|》|”|’)$/) right += 8.2
            # a mark that starts a line (a run too long for one) is set in the left half of
            # its cell with its origin up to a quarter em before it: ink inside, box not
            if (w ~ /^(、|，|。|：|；|！|？|）|》|”|’)/) left -= 4.0
            if (x0 < left || x1 > right || y0 < 104.0 - 22) {
                printf "page %d: %s at x %.2f-%.2f y %.2f\n", p, substr(w, 1, 30), x0, x1, y0
                bad++
            }
        }
        END { exit bad > 0 }' "$1.html" >"$1.box" || fail "$1: outside the block: $(head -3 "$1.box")"
}
