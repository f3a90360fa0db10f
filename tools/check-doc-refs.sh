#!/bin/sh
# Every rule a comment in src/ cites must resolve to a file of the repository: a named
# document (docs/NAME.md) must exist; a section (docs/typography.md §8.4, or a bare §8.4,
# which means the document the file named last before it) must be a heading of that
# document ("### 8.4 …", "## 8. …"); a balance rule R1–R10 must be defined in
# docs/national-template.md and a line-breaking rule T1–T3 in docs/typography.md ("**R1**").
# § numbers of outside standards ("GB/T 9704 §7.5") are left alone. Prints each reference
# that does not resolve, as file:line; exits 1 when there is any.
set -eu
cd "$(dirname "$0")/.."
status=0
find src -name '*.[ch]' | sort | xargs awk '
function docfile(name) { return "docs/" name }
function has_heading(doc, num,    f, line, re, found) {
    if ((doc, num) in seen) return seen[doc, num]
    f = docfile(doc); found = 0
    gsub(/\./, "\\.", num)
    re = "^#+ " num "([ .]|$)"
    while ((getline line < f) > 0) if (line ~ re) { found = 1; break }
    close(f)
    return seen[doc, num] = found
}
function defines(doc, name,    f, line, found) {
    f = docfile(doc); found = 0
    while ((getline line < f) > 0) if (index(line, "**" name "**")) { found = 1; break }
    close(f)
    return found
}
function exists(doc,    f, line, ok) {
    f = docfile(doc)
    ok = (getline line < f) > 0
    close(f)
    return ok
}
function bad(what) { printf "%s:%d: %s\n", FILENAME, FNR, what; errors++ }
function check_section(doc, num) {
    if (doc == "") { bad("§" num " names no document (cite docs/NAME.md first)"); return }
    if (!exists(doc)) return
    if (!has_heading(doc, num)) bad("docs/" doc " has no §" num)
}
FNR == 1 { cur = "" }
{
    # comments only: from "/*" on, or a continuation line " * …"
    text = $0
    if ((i = index(text, "/*")) > 0) text = substr(text, i)
    else if (text !~ /^[ \t]*\*/ && text !~ /^[ \t]*\/\//) next
    while (match(text, /docs\/[a-z-]+\.md|(GB\/T|CY\/T) [0-9]+(-[0-9]+)? *§[0-9]+(\.[0-9]+)*|§[0-9]+(\.[0-9]+)*((–|-)§?[0-9]+(\.[0-9]+)*)?|[A-Za-z0-9_]*[RT][0-9]+[A-Za-z0-9_]*/)) {
        tok = substr(text, RSTART, RLENGTH)
        text = substr(text, RSTART + RLENGTH)
        if (tok ~ /^docs\//) {
            cur = substr(tok, 6)
            if (!exists(cur)) bad(tok " does not exist")
        } else if (tok ~ /^(GB|CY)\//) {
            continue
        } else if (tok ~ /^§/) {
            sub(/^§/, "", tok)
            n = split(tok, part, /(–|-)(§)?/)
            for (k = 1; k <= n; k++) check_section(cur, part[k])
        } else if (tok ~ /^R([1-9]|10)$/) {
            if (!defines("national-template.md", tok)) bad(tok " is not defined in docs/national-template.md")
        } else if (tok ~ /^R[0-9]+$/) {
            bad(tok ": the balance rules are R1–R10")
        } else if (tok ~ /^T[1-3]$/) {
            if (!defines("typography.md", tok)) bad(tok " is not defined in docs/typography.md")
        }
    }
}
END { exit errors > 0 }
' || status=1
exit $status
