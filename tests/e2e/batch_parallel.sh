#!/bin/bash
# End-to-end: the README's recipes for spreading a batch over machines, run as the README
# writes them, over a generated corpus of 42 reports (bench/gencorpus; 42 is no multiple of
# 4 or of 16, so the shards are uneven).
# - GNU parallel: the README's `parallel govreport batch … --shard {}/4 …` line, taken from
#   README.md and run as it stands in a folder holding reports/ and pdf/. `govreport` on PATH
#   is a wrapper that adds --summary (one file per process) to the real binary, so that the
#   inputs each shard did are known: no input twice, none left out. pdf/ must then be
#   byte-identical, file for file, to one unsharded `batch` of the same inputs. pdf/ does not
#   exist before: four processes making it at once must not trip over each other.
# - Slurm and Kubernetes cannot run here: the command each array task (SLURM_ARRAY_TASK_ID
#   1..16) or indexed-job pod (JOB_COMPLETION_INDEX 0..15) runs is taken from README.md and
#   run 16 times, each into its own folder (the pod's /in and /out mounts become folders
#   here); the 16 outputs must partition the unsharded one.
# Usage: batch_parallel.sh <govreport> <source-dir>; GR_GENCORPUS names bench/gencorpus.
set -u
GR=$(realpath "$1")
SRC=$(realpath "$2")
. "$SRC/tests/e2e-lib.sh"
need_fonts "$GR"
command -v parallel >/dev/null || skip "GNU parallel is not installed"
[ -n "${GR_GENCORPUS:-}" ] && [ -x "$GR_GENCORPUS" ] || { echo "FAIL GR_GENCORPUS not set (tests/CMakeLists.txt)"; exit 1; }
fail=0
N=42

mkdir "$tmp/reports" "$tmp/bin" "$tmp/sum"
"$GR_GENCORPUS" $N "$tmp/reports" >/dev/null || { echo "FAIL gencorpus"; exit 1; }
[ "$(ls "$tmp/reports" | wc -l)" = $N ] || { echo "FAIL gencorpus made $(ls "$tmp/reports" | wc -l) files"; exit 1; }
cat >"$tmp/bin/govreport" <<EOF
#!/bin/sh
exec "$GR" "\$@" --summary "$tmp/sum/\$\$.csv"
EOF
chmod +x "$tmp/bin/govreport"
export PATH="$tmp/bin:$PATH"

# One unsharded batch: the reference.
mkdir "$tmp/all"
check "unsharded batch" 0 "$GR" batch -q -o "$tmp/all" "$tmp/reports"
[ "$(ls "$tmp/all" | wc -l)" = $N ] || { echo "FAIL unsharded batch wrote $(ls "$tmp/all" | wc -l) files"; fail=1; }

# partition WHAT DIR...: the PDFs in the folders are the unsharded ones, each exactly once
partition() {
    local what=$1
    shift
    for d in "$@"; do ls "$d"; done | sort >"$tmp/names"
    local dup
    dup=$(uniq -d "$tmp/names")
    [ -z "$dup" ] || { echo "FAIL $what: done twice: $dup"; fail=1; }
    if ! ls "$tmp/all" | sort | cmp -s - <(uniq "$tmp/names"); then
        echo "FAIL $what: not the unsharded set of outputs:"
        ls "$tmp/all" | sort | diff - <(uniq "$tmp/names") | head -5
        fail=1
    fi
    local bad=0
    for d in "$@"; do
        for f in "$d"/*; do
            cmp -s "$f" "$tmp/all/$(basename "$f")" || { echo "FAIL $what: $f differs"; bad=1; }
        done
    done
    [ $bad = 0 ] || fail=1
    echo "ok   $what: $(wc -l <"$tmp/names") outputs over $# folders, byte-identical to one batch"
}

# ---- GNU parallel, the README's line as it stands ----
line=$(grep -m1 '^parallel govreport batch' "$SRC/README.md")
[ -n "$line" ] || { echo "FAIL README.md has no GNU parallel line"; exit 1; }
echo "     README: $line"
# pdf/ is not made first: the four processes make it as they start (batch -o makes its folder)
mkdir "$tmp/run"
ln -s "$tmp/reports" "$tmp/run/reports"
(cd "$tmp/run" && sh -c "$line") >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] || { echo "FAIL the README's parallel line: exit $rc"; cat "$tmp/err"; fail=1; }
[ "$(ls "$tmp/sum" | wc -l)" = 4 ] || { echo "FAIL $(ls "$tmp/sum" | wc -l) batch processes, expected 4"; fail=1; }
# the inputs the four processes did, from their summaries (ok rows only: all are valid)
cat "$tmp/sum"/*.csv | grep -v '^input,' | cut -d, -f1 | sort >"$tmp/done"
grep -c ',ok,' "$tmp/sum"/*.csv | sed 's|.*/||' >"$tmp/counts"
dup=$(uniq -d "$tmp/done")
[ -z "$dup" ] || { echo "FAIL parallel: inputs done twice: $dup"; fail=1; }
[ "$(uniq "$tmp/done" | wc -l)" = $N ] || { echo "FAIL parallel: $(uniq "$tmp/done" | wc -l) of $N inputs done"; fail=1; }
[ "$(grep -vc ',ok,' <(cat "$tmp/sum"/*.csv | grep -v '^input,'))" = 0 ] || { echo "FAIL parallel: an input not ok"; fail=1; }
sizes=$(cut -d: -f2 "$tmp/counts" | sort -n | tr '\n' ' ')
[ "$sizes" = "10 10 11 11 " ] || { echo "FAIL parallel: shard sizes $sizes, expected 10 10 11 11"; fail=1; }
echo "ok   parallel: 4 processes did $N inputs once each (shards of $sizes)"
partition "parallel --shard {}/4" "$tmp/run/pdf"

# ---- Slurm: the command of each array task ----
slurm=$(grep -m1 '^sbatch ' "$SRC/README.md" | sed -n "s/.*--wrap '\([^']*\)'.*/\1/p")
[ -n "$slurm" ] || { echo "FAIL README.md has no sbatch --wrap line"; exit 1; }
echo "     README (Slurm task): $slurm"
dirs=()
for task in $(seq 1 16); do
    mkdir -p "$tmp/slurm/$task"
    ln -s "$tmp/reports" "$tmp/slurm/$task/reports"
    (cd "$tmp/slurm/$task" && SLURM_ARRAY_TASK_ID=$task sh -c "$slurm") >/dev/null 2>"$tmp/err" ||
        { echo "FAIL Slurm task $task"; cat "$tmp/err"; fail=1; }
    dirs+=("$tmp/slurm/$task/pdf")
done
partition "Slurm --shard \$SLURM_ARRAY_TASK_ID/16" "${dirs[@]}"

# ---- Kubernetes: the container command of each indexed pod ----
k8s=$(grep -m1 "^sh -c 'govreport batch" "$SRC/README.md")
[ -n "$k8s" ] || { echo "FAIL README.md has no Kubernetes container command"; exit 1; }
echo "     README (Kubernetes pod): $k8s"
dirs=()
for index in $(seq 0 15); do
    mkdir -p "$tmp/k8s/$index"
    # the pod's volume mounts /in and /out are folders here
    cmd=$(printf '%s' "$k8s" | sed "s| /out | $tmp/k8s/$index |; s| /in'| $tmp/reports'|")
    (JOB_COMPLETION_INDEX=$index sh -c "$cmd") >/dev/null 2>"$tmp/err" ||
        { echo "FAIL Kubernetes pod $index"; cat "$tmp/err"; fail=1; }
    dirs+=("$tmp/k8s/$index")
done
partition "Kubernetes --shard \$((JOB_COMPLETION_INDEX+1))/16" "${dirs[@]}"
exit $fail
