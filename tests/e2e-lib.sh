# Shared by every end-to-end script in e2e/ (sourced, not a test itself):
#   fail MESSAGE      count a failure and say it (the script exits non-zero at its end:
#                     `exit $((fails > 0))`, or `exit $fail`, which fail sets to 1);
#   skip REASON       the test cannot run here: exit 77, which ctest reports as skipped;
#   check / expect    run a command and compare its exit status / look for a pattern in a
#                     file; both need $tmp (a scratch folder) and count a failure.
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
