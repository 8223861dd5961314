# fish completion for ttaobs(1). Installed in share/fish/vendor_completions.d.
# The flag lists follow `ttaobs <command> --help`; tests/packaging/completions.sh fails when they drift.

# True when the command line's command path (the words before the cursor that are not options) is $argv.
function __ttaobs_at
    set -l words (commandline -opc)
    set -e words[1]
    set -l path
    for w in $words
        string match -q -- '-*' $w; and continue
        if test (count $path) -eq 0
            set -a path $w
        else if contains -- $path[1] checks suite config; and test (count $path) -eq 1
            set -a path $w
        end
    end
    test "$path" = "$argv"
end

complete -c ttaobs -f
complete -c ttaobs -n '__ttaobs_at ""' -s h -l help -d 'print help'
complete -c ttaobs -n '__ttaobs_at ""' -l version -d 'print the version, git revision and library versions'
complete -c ttaobs -n '__ttaobs_at ""' -a validate -d 'run a suite of checks'
complete -c ttaobs -n '__ttaobs_at ""' -a trace -d 'draw a trace'
complete -c ttaobs -n '__ttaobs_at ""' -a lint-metrics -d 'lint a Prometheus or OpenMetrics exposition'
complete -c ttaobs -n '__ttaobs_at ""' -a receive -d 'receive OTLP/HTTP traces (no backend)'
complete -c ttaobs -n '__ttaobs_at ""' -a probe -d 'send canary spans over OTLP/HTTP, time until queryable'
complete -c ttaobs -n '__ttaobs_at ""' -a checks -d 'inspect the built-in checks'
complete -c ttaobs -n '__ttaobs_at receive' -l listen -x -d 'HOST:PORT to listen on'
complete -c ttaobs -n '__ttaobs_at receive' -l out -r -F -d 'write what arrived to FILE as OTLP JSON'
complete -c ttaobs -n '__ttaobs_at receive' -l duration -x -d 'stop after this long'
complete -c ttaobs -n '__ttaobs_at receive' -l max-spans -x -d 'spans kept at most'
complete -c ttaobs -n '__ttaobs_at receive' -l forward -x -d 'also send every accepted request to this OTLP/HTTP URL'
complete -c ttaobs -n '__ttaobs_at ""' -a suite -d 'check suite files, show the built-in suites, write a starter suite'
complete -c ttaobs -n '__ttaobs_at ""' -a config -d 'inspect the resolved configuration'
complete -c ttaobs -n '__ttaobs_at ""' -a version -d 'print the version'
complete -c ttaobs -n '__ttaobs_at checks' -a list -d 'list the checks of a suite'
complete -c ttaobs -n '__ttaobs_at checks' -s h -l help -d 'print help'
complete -c ttaobs -n '__ttaobs_at suite' -a check -d 'check suite files without any request'
complete -c ttaobs -n '__ttaobs_at suite' -a show -d 'print a built-in suite'
complete -c ttaobs -n '__ttaobs_at suite' -a init -d 'write a starter suite from what the service shows'
complete -c ttaobs -n '__ttaobs_at suite' -s h -l help -d 'print help'
complete -c ttaobs -n '__ttaobs_at config' -a show -d 'print every setting and its origin'
complete -c ttaobs -n '__ttaobs_at config' -s h -l help -d 'print help'

# validate and config show take the same flags.
for at in validate 'config show'
    set -l n "__ttaobs_at $at"
    complete -c ttaobs -n $n -s h -l help -d 'print help'
    complete -c ttaobs -n $n -l jaeger-url -x -d 'Jaeger query API base URL'
    complete -c ttaobs -n $n -l prometheus-url -x -d 'Prometheus base URL'
    complete -c ttaobs -n $n -l metrics-url -x -d 'exposition endpoint URL'
    complete -c ttaobs -n $n -l collector-url -x -d 'OpenTelemetry Collector health_check URL'
    complete -c ttaobs -n $n -l otlp-url -x -d 'OTLP/HTTP endpoint the pipeline probe sends canary spans to'
    complete -c ttaobs -n $n -l service -x -d 'service whose traces are checked'
    complete -c ttaobs -n $n -l timeout -x -d 'seconds allowed per HTTP request'
    complete -c ttaobs -n $n -l junit -r -F -d 'write a JUnit XML report to FILE'
    complete -c ttaobs -n $n -l json -r -F -d 'write a JSON report to FILE'
    complete -c ttaobs -n $n -l html -r -F -d 'write a self-contained HTML report to FILE'
    complete -c ttaobs -n $n -l strict -d 'treat warnings as failures'
    complete -c ttaobs -n $n -l quiet -d 'print only checks that did not pass'
    complete -c ttaobs -n $n -l no-color -d 'never colour the console'
    complete -c ttaobs -n $n -l verbose -d 'print one line per HTTP request'
    complete -c ttaobs -n $n -l wait -x -d 're-check until all pass or SECONDS have passed'
    complete -c ttaobs -n $n -l interval -x -d 'seconds between rounds under --wait'
    complete -c ttaobs -n $n -l suite -r -F -a 'foundation conformance' -d 'built-in suite or suite file'
    complete -c ttaobs -n $n -l only -x -d 'comma-separated check ids or tags to run'
    complete -c ttaobs -n $n -l skip -x -d 'comma-separated check ids or tags to skip'
    complete -c ttaobs -n $n -l jaeger-api -x -a 'auto v3 v1' -d 'Jaeger query API'
    complete -c ttaobs -n $n -l lookback -x -d 'seconds of history an api_v3 search covers'
    complete -c ttaobs -n $n -l settle -x -d 'seconds a trace must be quiet before it is judged'
    complete -c ttaobs -n $n -l tempo-url -x -d 'Grafana Tempo base URL'
    complete -c ttaobs -n $n -l job -x -d 'Prometheus scrape job of the service'
    complete -c ttaobs -n $n -l from-file -r -F -d 'read traces from a saved JSON FILE'
    complete -c ttaobs -n $n -l traces -x -d 'evaluate the N most recent traces'
    complete -c ttaobs -n $n -l quantifier -x -a 'all any' -d 'all, any or a fraction of traces'
    complete -c ttaobs -n $n -l set -x -d 'threshold overrides ID.KEY=VALUE'
    complete -c ttaobs -n $n -l replay -x -a '(__fish_complete_directories)' -d 'answer HTTP requests from a recording'
    complete -c ttaobs -n $n -l record -x -a '(__fish_complete_directories)' -d 'record every HTTP exchange into DIR'
    complete -c ttaobs -n $n -l config -r -F -d 'read settings from a key = value file'
end
complete -c ttaobs -n '__ttaobs_at validate' -l receive -x -d 'no backend: receive the OTLP a command after -- sends'

set -l n '__ttaobs_at trace'
complete -c ttaobs -n $n -s h -l help -d 'print help'
complete -c ttaobs -n $n -l jaeger-url -x -d 'Jaeger query API base URL'
complete -c ttaobs -n $n -l jaeger-api -x -a 'auto v3 v1' -d 'Jaeger query API'
complete -c ttaobs -n $n -l tempo-url -x -d 'Grafana Tempo base URL (with --trace-id)'
complete -c ttaobs -n $n -l service -x -d 'service whose traces are drawn'
complete -c ttaobs -n $n -l timeout -x -d 'seconds allowed per HTTP request'
complete -c ttaobs -n $n -l lookback -x -d 'seconds of history an api_v3 search covers'
complete -c ttaobs -n $n -l settle -x -d 'seconds a trace must be quiet before it is drawn'
complete -c ttaobs -n $n -l no-color -d 'never colour the output'
complete -c ttaobs -n $n -l verbose -d 'print one line per HTTP request'
complete -c ttaobs -n $n -l replay -x -a '(__fish_complete_directories)' -d 'answer HTTP requests from a recording'
complete -c ttaobs -n $n -l record -x -a '(__fish_complete_directories)' -d 'record every HTTP exchange into DIR'
complete -c ttaobs -n $n -l from-file -r -F -d 'read traces from a saved JSON FILE'
complete -c ttaobs -n $n -l config -r -F -d 'read settings from a key = value file'
complete -c ttaobs -n $n -l trace-id -x -d 'fetch this trace'
complete -c ttaobs -n $n -l operation -x -d 'only traces of this operation'
complete -c ttaobs -n $n -l format -x -a 'tree waterfall json' -d 'drawing'
complete -c ttaobs -n $n -l limit -x -d 'draw the N most recent traces'
complete -c ttaobs -n $n -l skew-tolerance-us -x -d 'containment slack in microseconds'

set -l n '__ttaobs_at lint-metrics'
complete -c ttaobs -n $n -F -d 'exposition file'
complete -c ttaobs -n $n -s h -l help -d 'print help'
complete -c ttaobs -n $n -l metrics-url -x -d 'exposition endpoint URL'
complete -c ttaobs -n $n -l timeout -x -d 'seconds allowed per HTTP request'
complete -c ttaobs -n $n -l junit -r -F -d 'write a JUnit XML report to FILE'
complete -c ttaobs -n $n -l replay -x -a '(__fish_complete_directories)' -d 'answer HTTP requests from a recording'
complete -c ttaobs -n $n -l record -x -a '(__fish_complete_directories)' -d 'record every HTTP exchange into DIR'
complete -c ttaobs -n $n -l verbose -d 'print one line per HTTP request'
complete -c ttaobs -n $n -l config -r -F -d 'read settings from a key = value file'
complete -c ttaobs -n $n -l format -x -a 'text json' -d 'output'
complete -c ttaobs -n $n -l input-format -x -a 'auto text openmetrics' -d 'exposition format'
complete -c ttaobs -n $n -l extended -d 'also check histograms, duplicates, counters and UNIT'
complete -c ttaobs -n $n -l top -x -d 'families in the cardinality report'
complete -c ttaobs -n $n -l max-line-bytes -x -d 'longest line accepted'
complete -c ttaobs -n $n -l max-series-per-family -x -d 'series remembered per family'

set -l n '__ttaobs_at probe'
complete -c ttaobs -n $n -s h -l help -d 'print help'
complete -c ttaobs -n $n -l jaeger-url -x -d 'Jaeger query API base URL'
complete -c ttaobs -n $n -l otlp-url -x -d 'OTLP/HTTP endpoint canary spans are sent to'
complete -c ttaobs -n $n -l timeout -x -d 'seconds allowed per HTTP request'
complete -c ttaobs -n $n -l junit -r -F -d 'write a JUnit XML report to FILE'
complete -c ttaobs -n $n -l json -r -F -d 'write a JSON report to FILE'
complete -c ttaobs -n $n -l no-color -d 'never colour the console'
complete -c ttaobs -n $n -l verbose -d 'print one line per HTTP request'
complete -c ttaobs -n $n -l jaeger-api -x -a 'auto v3 v1' -d 'Jaeger query API'
complete -c ttaobs -n $n -l replay -x -a '(__fish_complete_directories)' -d 'answer HTTP requests from a recording'
complete -c ttaobs -n $n -l record -x -a '(__fish_complete_directories)' -d 'record every HTTP exchange into DIR'
complete -c ttaobs -n $n -l config -r -F -d 'read settings from a key = value file'
complete -c ttaobs -n $n -l count -x -d 'latency canaries'
complete -c ttaobs -n $n -l rate -x -d 'throughput probe: spans per second'
complete -c ttaobs -n $n -l duration -x -d 'seconds the throughput probe sends for'
complete -c ttaobs -n $n -l within -x -d 'seconds a span may take to become queryable'
complete -c ttaobs -n $n -l max-p50 -x -d 'bound on the median latency'
complete -c ttaobs -n $n -l max-p95 -x -d 'bound on the 95th percentile latency'
complete -c ttaobs -n $n -l max -x -d 'bound on the slowest canary'
complete -c ttaobs -n $n -l min-delivered -x -d 'share of spans queried back'
complete -c ttaobs -n $n -l max-lag -x -d "bound on the latest span's lag"
complete -c ttaobs -n $n -l format -x -a 'text json' -d 'output'

set -l n '__ttaobs_at checks list'
complete -c ttaobs -n $n -s h -l help -d 'print help'
complete -c ttaobs -n $n -l suite -r -F -a 'foundation conformance' -d 'suite to list (name or YAML file)'
complete -c ttaobs -n $n -l format -x -a 'text markdown' -d 'output'

set -l n '__ttaobs_at suite show'
complete -c ttaobs -n $n -s h -l help -d 'print help'
complete -c ttaobs -n $n -a 'foundation conformance' -d 'built-in suite'

set -l n '__ttaobs_at suite check'
complete -c ttaobs -n $n -s h -l help -d 'print help'
complete -c ttaobs -n $n -F -d 'suite file'

set -l n '__ttaobs_at suite init'
complete -c ttaobs -n $n -s h -l help -d 'print help'
complete -c ttaobs -n $n -l jaeger-url -x -d 'Jaeger query API base URL'
complete -c ttaobs -n $n -l metrics-url -x -d 'exposition endpoint URL'
complete -c ttaobs -n $n -l service -x -d 'service to write a suite for'
complete -c ttaobs -n $n -l timeout -x -d 'seconds allowed per HTTP request'
complete -c ttaobs -n $n -l verbose -d 'print one line per HTTP request'
complete -c ttaobs -n $n -l jaeger-api -x -a 'auto v3 v1' -d 'Jaeger query API'
complete -c ttaobs -n $n -l lookback -x -d 'seconds of history an api_v3 search covers'
complete -c ttaobs -n $n -l settle -x -d 'seconds a trace must be quiet before it is read'
complete -c ttaobs -n $n -l from-file -r -F -d 'read traces from a saved JSON FILE'
complete -c ttaobs -n $n -l replay -x -a '(__fish_complete_directories)' -d 'answer HTTP requests from a recording'
complete -c ttaobs -n $n -l record -x -a '(__fish_complete_directories)' -d 'record every HTTP exchange into DIR'
complete -c ttaobs -n $n -l config -r -F -d 'read settings from a key = value file'
complete -c ttaobs -n $n -l out -r -F -d 'write the suite to FILE'
complete -c ttaobs -n $n -l traces -x -d 'learn from the N newest settled traces'

# Endpoint access: global flags for every command that talks to an endpoint, per-endpoint ones
# for the commands that talk to that endpoint.
for at in validate 'config show' trace lint-metrics 'suite init' probe
    set -l n "__ttaobs_at $at"
    complete -c ttaobs -n $n -l header -x -d 'extra header Name: value (repeatable)'
    complete -c ttaobs -n $n -l bearer-token -x -d 'bearer token for every endpoint'
    complete -c ttaobs -n $n -l bearer-token-file -r -F -d 'read the bearer token from FILE'
    complete -c ttaobs -n $n -l basic-auth -x -d 'USER:PASSWORD for every endpoint'
    complete -c ttaobs -n $n -l basic-auth-file -r -F -d 'read USER:PASSWORD from FILE'
    complete -c ttaobs -n $n -l tenant -x -d 'tenant sent as X-Scope-OrgID'
    complete -c ttaobs -n $n -l ca-file -r -F -d 'trust this PEM CA file or directory'
    complete -c ttaobs -n $n -l client-cert -r -F -d 'PEM client certificate (mTLS)'
    complete -c ttaobs -n $n -l client-key -r -F -d 'PEM private key of the client certificate'
    complete -c ttaobs -n $n -l insecure-skip-verify -d 'do not verify TLS certificates'
    complete -c ttaobs -n $n -l proxy -x -d 'proxy URL'
    complete -c ttaobs -n $n -l no-proxy -d 'never use a proxy'
    set -l endpoints jaeger prometheus metrics collector tempo otlp
    switch $at
        case trace
            set endpoints jaeger tempo
        case lint-metrics
            set endpoints metrics
        case 'suite init'
            set endpoints jaeger metrics
        case probe
            set endpoints jaeger otlp
    end
    for e in $endpoints
        complete -c ttaobs -n $n -l $e-header -x -d "extra header for $e (repeatable)"
        complete -c ttaobs -n $n -l $e-bearer-token -x -d "bearer token for $e"
        complete -c ttaobs -n $n -l $e-bearer-token-file -r -F -d "read the bearer token for $e from FILE"
        complete -c ttaobs -n $n -l $e-basic-auth -x -d "USER:PASSWORD for $e"
        complete -c ttaobs -n $n -l $e-basic-auth-file -r -F -d "read USER:PASSWORD for $e from FILE"
        complete -c ttaobs -n $n -l $e-tenant -x -d "tenant sent to $e as X-Scope-OrgID"
        complete -c ttaobs -n $n -l $e-ca-file -r -F -d "trust this PEM CA for $e"
        complete -c ttaobs -n $n -l $e-client-cert -r -F -d "PEM client certificate for $e"
        complete -c ttaobs -n $n -l $e-client-key -r -F -d "PEM private key for $e"
        complete -c ttaobs -n $n -l $e-server-name -x -d "TLS name to verify for $e"
    end
end
