# bash completion for ttaobs(1). Installed as share/bash-completion/completions/ttaobs.
# The flag lists follow `ttaobs <command> --help`; tests/packaging/completions.sh fails when they drift.

# The endpoint-access flags of a command that talks to the endpoints given as arguments.
_ttaobs_access_flags()
{
    local out="--header --bearer-token --bearer-token-file --basic-auth --basic-auth-file --tenant --ca-file"
    out+=" --client-cert --client-key --insecure-skip-verify --proxy --no-proxy"
    local e s
    for e in "$@"; do
        for s in header bearer-token bearer-token-file basic-auth basic-auth-file tenant ca-file client-cert client-key server-name; do
            out+=" --$e-$s"
        done
    done
    printf '%s\n' "$out"
}

# The flags of one command path ("validate", "checks list", ...).
_ttaobs_flags()
{
    case $1 in
    validate | "config show")
        printf '%s ' --help --jaeger-url --prometheus-url --metrics-url --collector-url --otlp-url --service --timeout \
            --junit --json --html --strict --quiet --no-color --verbose --wait --interval --suite --only --skip \
            --jaeger-api --lookback --settle --tempo-url --job --from-file --traces --quantifier --set \
            --replay --record --config
        [[ $1 == validate ]] && printf '%s ' --receive
        _ttaobs_access_flags jaeger prometheus metrics collector tempo otlp ;;
    trace)
        printf '%s ' --help --jaeger-url --jaeger-api --tempo-url --service --timeout --lookback --settle \
            --no-color --verbose --replay --record --from-file --config --trace-id --operation --format --limit \
            --skew-tolerance-us
        _ttaobs_access_flags jaeger tempo ;;
    lint-metrics)
        printf '%s ' --help --metrics-url --timeout --junit --replay --record --verbose --config --format \
            --input-format --extended --top --max-line-bytes --max-series-per-family
        _ttaobs_access_flags metrics ;;
    receive) echo "--help --listen --out --duration --forward --max-spans" ;;
    probe)
        printf '%s ' --help --jaeger-url --otlp-url --timeout --junit --json --no-color --verbose --jaeger-api \
            --replay --record --config --count --rate --duration --within --max-p50 --max-p95 --max \
            --min-delivered --max-lag --format
        _ttaobs_access_flags jaeger otlp ;;
    "checks list") echo "--help --suite --format" ;;
    "suite check" | "suite show") echo "--help" ;;
    "suite init")
        printf '%s ' --help --jaeger-url --metrics-url --service --timeout --verbose --jaeger-api --lookback \
            --settle --from-file --replay --record --config --out --traces
        _ttaobs_access_flags jaeger metrics ;;
    checks | config | suite) echo "--help" ;;
    "" ) echo "--help --version" ;;
    esac
}

_ttaobs()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local cmd="" i word
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        [[ $word == -* ]] && continue
        if [[ -z $cmd ]]; then
            cmd=$word
        elif [[ $cmd == checks || $cmd == config || $cmd == suite ]] && [[ $cmd != *" "* ]]; then
            cmd+=" $word"
        fi
    done

    # the value of the option before the cursor
    case $prev in
    --format)
        case $cmd in
        trace) COMPREPLY=($(compgen -W "tree waterfall json" -- "$cur")) ;;
        lint-metrics | probe) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
        "checks list") COMPREPLY=($(compgen -W "text markdown" -- "$cur")) ;;
        esac
        return ;;
    --suite) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -W "foundation conformance" -- "$cur") $(compgen -f -X '!*.y*ml' -- "$cur") $(compgen -d -- "$cur")); return ;;
    --jaeger-api) COMPREPLY=($(compgen -W "auto v3 v1" -- "$cur")); return ;;
    --input-format) COMPREPLY=($(compgen -W "auto text openmetrics" -- "$cur")); return ;;
    --quantifier) COMPREPLY=($(compgen -W "all any" -- "$cur")); return ;;
    --replay | --record) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --config | --junit | --json | --html | --out | --from-file | *-file | *-cert | *-key)
        compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --*) # any other option of the command that takes a value: nothing to suggest
        if [[ " $(_ttaobs_flags "$cmd") " == *" $prev "* ]] \
            && [[ ! $prev =~ ^--(strict|quiet|no-color|verbose|insecure-skip-verify|no-proxy|extended|help|version)$ ]]; then
            return
        fi ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_ttaobs_flags "$cmd")" -- "$cur"))
        return
    fi
    case $cmd in
    "") COMPREPLY=($(compgen -W "validate trace lint-metrics receive probe checks suite config version" -- "$cur")) ;;
    checks) COMPREPLY=($(compgen -W "list" -- "$cur")) ;;
    suite) COMPREPLY=($(compgen -W "check show init" -- "$cur")) ;;
    "suite show") COMPREPLY=($(compgen -W "foundation conformance" -- "$cur")) ;;
    "suite check") compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur") $(compgen -d -- "$cur")) ;;
    config) COMPREPLY=($(compgen -W "show" -- "$cur")) ;;
    lint-metrics) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}

complete -F _ttaobs ttaobs
