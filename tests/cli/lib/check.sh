# Sourced by the tests/cli/*.sh scripts (not a test itself: CTest runs only
# tests/cli/*.sh): a temporary folder removed on exit, and `check` counting
# failed conditions, which `finish` turns into the exit status.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
check() {   # check DESCRIPTION CONDITION...
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fails=$((fails + 1)); fi
}
finish() {  # finish MESSAGE: exit 0 with the message when every check held
    [ $fails -eq 0 ] && echo "$1"
    exit $((fails > 0))
}
