# lib.sh -- shared by tests/integration/gdb_*.sh: start `trapeze run --gdb`
# on a free port.
#
# start_stub OUT ERR ARGS...  starts "$T run --headless --gdb PORT ARGS..."
# in the background (stdin from /dev/null) and waits until it listens.
# Sets PORT and PID.  The first port is derived from $$ so parallel ctest
# runs start apart; a port in use ("cannot listen") moves on to the next.
start_stub() {
    _out=$1; _err=$2; shift 2
    _port=$((20000 + ($$ * 37) % 30000))
    _tries=0
    while [ $_tries -lt 40 ]; do
        "$T" run --headless --gdb $_port "$@" </dev/null >"$_out" 2>"$_err" &
        PID=$!
        _i=0
        while [ $_i -lt 200 ]; do
            if grep -qs "waiting for gdb" "$_err"; then
                PORT=$_port
                return 0
            fi
            kill -0 $PID 2>/dev/null || break
            sleep 0.05
            _i=$((_i + 1))
        done
        kill $PID 2>/dev/null
        wait $PID 2>/dev/null
        grep -qs "cannot listen" "$_err" || return 1
        _port=$((_port + 1))
        _tries=$((_tries + 1))
    done
    return 1
}

# wait_stub SECONDS: wait for trapeze to end; sets STATUS (or kills it and
# sets STATUS=timeout).
wait_stub() {
    _i=0
    while kill -0 $PID 2>/dev/null && [ $_i -lt $(($1 * 20)) ]; do
        sleep 0.05
        _i=$((_i + 1))
    done
    if kill -0 $PID 2>/dev/null; then
        kill $PID
        wait $PID 2>/dev/null
        STATUS=timeout
    else
        wait $PID
        STATUS=$?
    fi
}

# The address of a symbol of an ELF, as 8 hex digits.
sym() {
    mipsel-linux-gnu-nm "$1" | awk -v s="$2" '$3 == s { print substr($1, length($1) - 7) }'
}
