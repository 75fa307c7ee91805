# The --help text and the usage error every script prints. Source it (before any cd), do
# not run it.
USAGE_SCRIPT="$(realpath "$0")"

# usage: the comment block at the top of the running script, without its "# " (--help).
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$USAGE_SCRIPT"; }

# die_usage MESSAGE: "USAGE_NAME: MESSAGE" and "usage: USAGE_LINE (see --help)" on stderr,
# exit 2. Set USAGE_NAME and USAGE_LINE before calling it.
die_usage() { echo "$USAGE_NAME: $*" >&2; echo "usage: $USAGE_LINE (see --help)" >&2; exit 2; }
