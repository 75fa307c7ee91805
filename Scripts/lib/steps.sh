# Step bookkeeping for Scripts/setup, Scripts/kernel/build and Scripts/matrix, and the
# clock every script shares (Scripts/vm/run). Source it, do not run it. For steps, set
# before sourcing:
#   STEPS_NAME  the prefix of every line ("kernel/build")
#   STEPS_LOG   a file that collects the full output of commands run with `run`
# Then: begin "step name"; ...; done_ | skip "why". A failing command ends the script
# (set -e) and the EXIT trap names the step and prints the end of the log. Without
# STEPS_NAME only the clock is defined (and no trap is set).

# Seconds since the epoch with nanosecond digits, and the time since one as "12.3".
steps_now() { date +%s.%N; }
steps_elapsed() { awk -v a="$1" -v b="$(steps_now)" 'BEGIN { printf "%.1f", b - a }'; }
[[ -n ${STEPS_NAME:-} ]] || return 0

STEP="start"
STEP_T0=""
STEPS_T0="$(steps_now)"

begin() { STEP="$1"; STEP_T0="$(steps_now)"; echo "$STEPS_NAME: $STEP"; echo "=== $STEP" >>"$STEPS_LOG"; }
done_() { echo "$STEPS_NAME: $STEP: done in $(steps_elapsed "$STEP_T0") s${1:+ ($1)}"; }
skip() { echo "$STEPS_NAME: $STEP: skipped ($1)"; }
note() { echo "$STEPS_NAME:   $*"; }
# Run a command with its output in the log only.
run() { echo "+ $*" >>"$STEPS_LOG"; "$@" >>"$STEPS_LOG" 2>&1; }
# Stop with a message naming the step (exit status 1 unless given).
fail() { echo "$STEPS_NAME: $STEP: $1" >&2; echo "!!! $1" >>"$STEPS_LOG"; exit "${2:-1}"; }

steps_on_exit() {
    local rc=$?
    if [[ $rc -ne 0 && $STEP != "finish" ]]; then
        echo "$STEPS_NAME: FAILED in step '$STEP' (exit $rc); last lines of $STEPS_LOG:" >&2
        tail -n 25 "$STEPS_LOG" | sed 's/^/    /' >&2
    fi
}
trap steps_on_exit EXIT
