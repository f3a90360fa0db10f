# Shared by every end-to-end script in e2e/ (sourced, not a test itself):
#   $tmp              the script's scratch folder (see below); check and expect write there;
#   fail MESSAGE      count a failure and say it (the script exits non-zero at its end:
#                     `exit $((fails > 0))`, or `exit $fail`, which fail sets to 1);
#   skip REASON       the test cannot run here: exit 77, which ctest reports as skipped;
#   need_fonts BIN    skip unless the fonts of the roles are installed;
#   check / expect    run a command and compare its exit status / look for a pattern in a
#                     file; both count a failure;
#   words_in_block    every word of a PDF inside the type block (see there);
#   plain / inside    a rendered NAME.pdf in the current folder: a copy for the text tools,
#                     and every word inside the type block.
# tests/README says how to add a script.
fails=${fails:-0}
fail=${fail:-0}

# The scratch folder: one a script, made here under $TMPDIR (or /tmp) as
# govreport-NAME.XXXXXX and removed when the script exits, read-only files in it too.
# GR_KEEP_TMP=1 keeps it, to look at what a failed run left. A script with more to undo on
# exit (a server to stop) defines on_exit, which runs first; it sets no trap of its own.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/govreport-$(basename "$0" .sh).XXXXXX") || {
    echo "FAIL no scratch folder"
    exit 1
}
e2e_exit() {
    local rc=$?
    if declare -F on_exit >/dev/null; then on_exit; fi
    if [ -n "${GR_KEEP_TMP:-}" ]; then
        echo "kept $tmp"
    else
        chmod -R u+w "$tmp" 2>/dev/null
        rm -rf "$tmp"
    fi
    exit $rc
}
trap e2e_exit EXIT

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

# need_fonts BIN: the test renders, so it cannot run where a role has no font installed: the
# sample's render stops there with E-FONT "没有可用的字体" and exit 3. Any other outcome goes
# on (a render that fails otherwise is the test's to report).
need_fonts() {
    local src_dir
    src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    "$1" render "$src_dir/samples/shanyang-2025.xml" -o "$tmp/need-fonts.pdf" \
        >/dev/null 2>"$tmp/need-fonts.err"
    local rc=$?
    rm -f "$tmp/need-fonts.pdf"
    if [ $rc = 3 ] && grep -q '没有可用的字体.*\[E-FONT\]' "$tmp/need-fonts.err"; then
        head -3 "$tmp/need-fonts.err"
        skip "the fonts of the roles are not installed (tools/install-deps.sh)"
    fi
}

# words_in_block BBOX [PAGES [TOP_SLACK]]: every word of BBOX (`pdftotext -bbox` output)
# inside the type block of docs/typography.md §3: x 79.37–521.58 pt, y 104.88–742.68 pt
# from the top of the page. Below the block stands only the page number, and with PAGES > 0
# it stands on each of the PAGES pages. The boxes are advances, not ink, hence the slack:
# 0.5 pt at the sides; a word that ends in a GB-style mark trimmed at the line end (§8.4)
# reaches half an em (8.2 pt) further right; one that starts with a mark set at a line's
# start (a run too long for one line) a quarter em (4 pt) further left; TOP_SLACK pt above
# the top (2.5 by default; a fallback face with a taller box wants more), 1 pt below.
# Prints each word outside; returns 1 when there is one.
words_in_block() {
    awk -v pages="${2:-0}" -v top_slack="${3:-2.5}" '
        function attr(name) {
            match($0, name "=\"[^\"]*\"")
            return substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3) + 0
        }
        BEGIN {
            x0min = 79.37; x1max = 521.58; ytop = 104.88; ybottom = 742.68
            marks = "(、|，|。|：|；|！|？|）|》|”|’|〕|】)"
        }
        /<page / { p++ }
        /<word / {
            x0 = attr("xMin"); x1 = attr("xMax"); y0 = attr("yMin"); y1 = attr("yMax")
            w = $0; sub(/.*">/, "", w); sub(/<\/word>.*/, "", w)
            if (y0 > ybottom) { # the page-number line
                if (w == p) num[p] = 1
                else { printf "page %d: word %s below the block\n", p, w; bad++ }
                next
            }
            left = x0min - 0.5; right = x1max + 0.5
            if (w ~ marks "$") right += 8.2
            if (w ~ "^" marks) left -= 4.0
            if (x0 < left || x1 > right || y0 < ytop - top_slack || y1 > ybottom + 1) {
                printf "page %d: word %s at %.2f,%.2f-%.2f,%.2f outside the block\n",
                    p, substr(w, 1, 30), x0, y0, x1, y1
                bad++
            }
        }
        END {
            for (i = 1; i <= pages; i++) if (!num[i]) { printf "page %d has no number\n", i; bad++ }
            exit bad > 0
        }' "$1"
}

# poppler builds a colour transform from the PDF/A output intent's ICC profile for every
# page (lcms reversing the sRGB tone curves, ~10 ms a page): on the hundreds of pages of the
# hostile cases that is minutes of pdftotext. The text tools read a copy whose catalog key is renamed
# to one of the same length (offsets, and so the xref, unchanged): the same text, no profile.
plain() { # NAME: NAME.pdf → NAME.plain.pdf, without the output intent
    perl -0777 -pe 's{/OutputIntents}{/OutputIntentX}' "$1.pdf" >"$1.plain.pdf"
}

# inside NAME: every word of NAME.pdf inside the type block (words_in_block), none more than
# 22 pt above its top (the hostile cases' fallback faces have taller boxes).
inside() {
    plain "$1"
    pdftotext -bbox "$1.plain.pdf" "$1.html" 2>/dev/null
    words_in_block "$1.html" 0 22 >"$1.box" || fail "$1: outside the block: $(head -3 "$1.box")"
}
