#!/usr/bin/env bash
# Runs every compose file of the corpus (tests/compose-corpus/<project>/, real files published
# by self-hosted projects, unedited) through `edgectl config render` and counts the files that
# are refused and the keys that are ignored. Fails when either figure exceeds the committed
# tests/compose-corpus/THRESHOLDS, so the figures can only go down.
#
# Usage: compose_corpus_check.sh [--mode render|deploy] [--no-thresholds] EDGECTL [CORPUS_DIR]
#   --mode render   (default) `edgectl config render -f FILE --stack NAME`: exit 0 accepts.
#   --mode deploy   `edgectl deploy -f FILE --stack NAME` against a broker nobody listens on:
#                   deploy parses before it connects, so exit 2 means the parser refused the
#                   file and any other exit means it was accepted. For edgectl builds that
#                   predate `config render`; thresholds are not checked in this mode.
# Each file runs from its own directory (a .env and relative paths resolve there), with the
# variables of its SOURCE file's `env: NAME=value` lines exported and nothing else of ours.
# Each directory's SOURCE is checked first (repository, commit, license, a `file:` line per
# file). Exit 77 (skipped) when EDGECTL has no `config render` in render mode.
set -u

mode=render
check_thresholds=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --mode)
            mode="${2:-}"
            shift 2
            ;;
        --no-thresholds)
            check_thresholds=0
            shift
            ;;
        -*)
            echo "unknown option $1" >&2
            exit 2
            ;;
        *) break ;;
    esac
done
if [[ $# -lt 1 || ( ${mode} != render && ${mode} != deploy ) ]]; then
    echo "usage: $0 [--mode render|deploy] [--no-thresholds] EDGECTL [CORPUS_DIR]" >&2
    exit 2
fi
edgectl="$(realpath "$1")"
corpus="$(realpath "${2:-$(dirname "$0")/compose-corpus}")"
if [[ ! -x ${edgectl} ]]; then
    echo "FAIL: ${edgectl} is not an executable edgectl" >&2
    exit 1
fi

# A warning line is `warning: FILE:LINE: key.path: message`; one that says the key is not
# honoured is an ignored key. Unset-variable warnings and advice are not.
ignored_pattern='ignored|not supported|unsupported'

work="$(mktemp -d "/tmp/edge-corpus.XXXXXX")"
trap 'rm -rf "${work}"' EXIT

# The stack name: the directory's name in the characters a stack name allows.
stack_name() {
    local name
    name="$(tr '[:upper:]' '[:lower:]' <<<"$1" | tr -c 'a-z0-9\n' '-')"
    echo "${name:0:40}"
}

# Runs edgectl on one corpus directory; writes its stderr to $2 and returns 0 when accepted.
run_one() {
    local dir="$1" stderr_file="$2" compose name
    compose="$(sed -n 's/^compose: //p' "${dir}/SOURCE" | head -n 1)"
    name="$(stack_name "$(basename "${dir}")")"
    local -a env_vars=()
    while IFS= read -r line; do
        env_vars+=("${line}")
    done < <(sed -n 's/^env: //p' "${dir}/SOURCE")
    local status
    if [[ ${mode} == render ]]; then
        (cd "${dir}" && env ${env_vars[@]+"${env_vars[@]}"} \
            "${edgectl}" config render -f "${compose}" --stack "${name}") \
            >/dev/null 2>"${stderr_file}"
        status=$?
        return $((status != 0))
    fi
    (cd "${dir}" && env ${env_vars[@]+"${env_vars[@]}"} \
        "${edgectl}" --broker mqtt://127.0.0.1:1 --timeout 1s \
        deploy -f "${compose}" --stack "${name}") >/dev/null 2>"${stderr_file}"
    status=$?
    return $((status == 2))
}

# Every corpus file must say where it came from: a SOURCE with the repository, the commit
# and the license, and a `file: NAME <- PATH` line for each file of the directory.
check_source() {
    local dir="$1" source="$1/SOURCE" key file
    for key in repository license compose; do
        if ! grep -q "^${key}: ." "${source}"; then
            echo "no '${key}:' line"
            return 1
        fi
    done
    if ! grep -qE '^commit: [0-9a-f]{40}$' "${source}"; then
        echo "no 'commit:' line with a full commit id"
        return 1
    fi
    while IFS= read -r file; do
        file="${file#"${dir}/"}"
        [[ ${file} == SOURCE ]] && continue
        if ! grep -qF "file: ${file} <- " "${source}"; then
            echo "${file} has no 'file: ${file} <- PATH' line"
            return 1
        fi
    done < <(find "${dir}" -type f | sort)
    return 0
}

# The corpus is checked first, so a file without its provenance fails even while edgectl
# cannot render yet.
for dir in "${corpus}"/*/; do
    dir="${dir%/}"
    if [[ ! -f ${dir}/SOURCE ]]; then
        echo "FAIL: ${dir} has no SOURCE file" >&2
        exit 1
    fi
    if ! problem="$(check_source "${dir}")"; then
        echo "FAIL: ${dir}/SOURCE: ${problem}" >&2
        exit 1
    fi
done

# CLI11 answers --help even after an unknown subcommand (with the top-level help), so the
# command exists only when its own usage line comes back.
if [[ ${mode} == render ]] &&
    ! "${edgectl}" config render --help 2>&1 | grep -q '^Usage: .*config render'; then
    echo "SKIP: ${edgectl} has no 'config render' command yet"
    exit 77
fi

total=0
refused=0
ignored_total=0
report="${work}/report"
: >"${report}"
printf '%-48s %-9s %8s %8s\n' FILE RESULT WARNINGS IGNORED
for dir in "${corpus}"/*/; do
    dir="${dir%/}"
    project="$(basename "${dir}")"
    compose="$(sed -n 's/^compose: //p' "${dir}/SOURCE" | head -n 1)"
    if [[ -z ${compose} || ! -f ${dir}/${compose} ]]; then
        echo "FAIL: ${dir}/SOURCE names no compose file that exists" >&2
        exit 1
    fi
    total=$((total + 1))
    stderr_file="${work}/${project}.stderr"
    if run_one "${dir}" "${stderr_file}"; then
        result=accepted
    else
        result=refused
        refused=$((refused + 1))
    fi
    warnings="$(grep -c '^warning: ' "${stderr_file}")"
    ignored="$(grep '^warning: ' "${stderr_file}" | grep -ciE "${ignored_pattern}")"
    ignored_total=$((ignored_total + ignored))
    printf '%-48s %-9s %8s %8s\n' "${project}/${compose}" "${result}" "${warnings}" "${ignored}"
    {
        grep '^warning: ' "${stderr_file}" | grep -iE "${ignored_pattern}" | sed 's/^/    /'
        if [[ ${result} == refused ]]; then
            grep -v '^warning: ' "${stderr_file}" | head -n 20 | sed 's/^/    error: /'
        fi
    } >"${work}/${project}.details"
    if [[ -s ${work}/${project}.details ]]; then
        echo "${project}/${compose}:" >>"${report}"
        cat "${work}/${project}.details" >>"${report}"
    fi
done
if [[ ${total} -eq 0 ]]; then
    echo "FAIL: no corpus directory with a SOURCE file under ${corpus}" >&2
    exit 1
fi
echo
if [[ -s ${report} ]]; then
    echo "Ignored keys and errors:"
    cat "${report}"
    echo
fi
echo "${refused} of ${total} files refused, ${ignored_total} keys ignored"

if [[ ${mode} != render || ${check_thresholds} -eq 0 ]]; then
    exit 0
fi
thresholds="${corpus}/THRESHOLDS"
max_refused="$(sed -n 's/^refused_files=//p' "${thresholds}")"
max_ignored="$(sed -n 's/^ignored_keys=//p' "${thresholds}")"
if [[ -z ${max_refused} || -z ${max_ignored} ]]; then
    echo "FAIL: ${thresholds} must hold refused_files=N and ignored_keys=N" >&2
    exit 1
fi
status=0
if [[ ${refused} -gt ${max_refused} ]]; then
    echo "FAIL: ${refused} files refused, more than the ${max_refused} of ${thresholds}" >&2
    status=1
fi
if [[ ${ignored_total} -gt ${max_ignored} ]]; then
    echo "FAIL: ${ignored_total} keys ignored, more than the ${max_ignored} of ${thresholds}" >&2
    status=1
fi
if [[ ${status} -eq 0 && ( ${refused} -lt ${max_refused} || ${ignored_total} -lt ${max_ignored} ) ]]; then
    echo "The corpus does better than ${thresholds}: lower it to refused_files=${refused}" \
        "and ignored_keys=${ignored_total} so the figures cannot go back up."
fi
exit "${status}"
