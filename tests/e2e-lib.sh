# Shared by the end-to-end scripts in e2e/ (sourced, not a test itself): run a command and
# compare its exit status, and look for a pattern in a file. Both need $tmp (a scratch
# folder) and set fail=1 on a mismatch.

check() { # description, expected exit, command...
    local what=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" != "$want" ]; then
        echo "FAIL $what: exit $rc, expected $want"
        cat "$tmp/out" "$tmp/err"
        fail=1
    else
        echo "ok   $what"
    fi
}

expect() { # file, pattern, description
    grep -q -- "$2" "$1" || { echo "FAIL $3: no “$2”"; cat "$1"; fail=1; }
}

skip() { # reason: tell ctest the test could not run here (SKIP_RETURN_CODE 77); never a pass
    echo "SKIP $*"
    exit 77
}
