// `ttaobs probe`: the active pipeline probe as its own command. It builds a one- or two-check
// suite (probe/latency, and probe/throughput with --rate) from the probe.* modules and runs it
// like validate does, so its reports (console, --json, --junit) and exit codes are validate's.
#include "client.hpp"
#include "command.hpp"
#include "common.hpp"
#include "key_flags.hpp"
#include "sources_settings.hpp"

#include <checks/probe_modules.hpp>
#include <src/core/exit_code.hpp>
#include <src/core/runner.hpp>
#include <src/report/report.hpp>
#include <src/report/sink.hpp>
#include <src/sources/probe.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

constexpr const char* k_examples = R"(
Sends canary spans (service.name=ttaobs-probe, attribute ttaobs.canary=true, span ttaobs.probe, a
fresh random trace id each) over OTLP/HTTP JSON to --otlp-url's /v1/traces, then asks the trace
store (--jaeger-url: api_v3, falling back to v1) for them by id until they are queryable. Latency is
from the endpoint's 2xx to the first look-up that finds the span. A failure says where the canary
got lost: "not accepted: connection refused from URL" or "accepted by URL but never queryable at
JAEGER within T".

Examples:
  ttaobs probe                                        # 5 canaries to 127.0.0.1:4318, Jaeger at :16686
  ttaobs probe --count 20 --max-p95 100ms             # fail when p95 of accepted → queryable exceeds 100 ms
  ttaobs probe --rate 100 --duration 2 --max-lag 1s   # and a throughput probe: 100 spans/s for 2 s
  ttaobs probe --format json --junit probe.xml

Bounds: --count 1-100, --rate 1-5000 spans/s, --duration 0.1-60 s and rate × duration ≤ 20000
spans, --within up to 300 s; every request by --timeout; SIGINT/SIGTERM stop it.
Exit codes: 0 every canary arrived within the bounds, 1 a canary was refused or lost, or a bound
was missed, 2 usage or configuration error, 3 the OTLP endpoint or the trace store could not be
reached (nothing was judged), 130/143 interrupted.)";

struct ProbeArgs
{
  KeyFlags flags;
  int count = 5;
  int rate = 0;
  double duration = 2;
  double within = 10;
  std::string max_p50, max_p95, max, max_lag;
  std::string min_delivered = "100%";
  std::string format = "text";
};

void add_options(CLI::App& cmd, ProbeArgs& args)
{
  args.flags.add_to(cmd, config::k_probe);
  cmd.add_option("--count", args.count, "latency canaries, sent one after another [default 5]")
      ->check(CLI::Range(1, sources::k_probe_max_count));
  cmd.add_option("--rate", args.rate, "also probe throughput: spans per second (one trace, batches every 100 ms)")
      ->check(CLI::Range(1, sources::k_probe_max_rate));
  cmd.add_option("--duration", args.duration, "seconds the throughput probe sends for [default 2]")
      ->check(CLI::Range(0.1, 60.0));
  cmd.add_option("--within", args.within, "seconds a span may take to become queryable [default 10]")
      ->check(CLI::Range(0.001, 300.0));
  cmd.add_option("--max-p50", args.max_p50, "fail when the median latency exceeds this (e.g. 50ms)");
  cmd.add_option("--max-p95", args.max_p95, "fail when the 95th percentile latency exceeds this (e.g. 100ms)");
  cmd.add_option("--max", args.max, "fail when the slowest canary exceeds this");
  cmd.add_option("--min-delivered", args.min_delivered, "throughput: share of spans queried back [default 100%]");
  cmd.add_option("--max-lag", args.max_lag, "throughput: fail when the latest span's lag exceeds this");
  cmd.add_option("--format", args.format, "text or json (the JSON report of validate) [default text]")
      ->check(CLI::IsMember({"text", "json"}));
  cmd.footer(k_examples);
}

// A duration flag ("100ms", "2s", a bare number of seconds), unset when not given.
Expected<std::optional<std::chrono::microseconds>, std::string> duration_flag(const std::string& text,
                                                                              std::string_view flag)
{
  if (text.empty()) {
    return std::optional<std::chrono::microseconds>();
  }
  const auto value = util::parse_duration(text);
  if (!value || value->count() <= 0) {
    return unexpected(
        fmt::format("{}: expected a duration such as 100ms or 2s, not '{}'", flag, util::one_line(text, 40)));
  }
  return std::optional<std::chrono::microseconds>(value);
}

std::chrono::milliseconds seconds(double s)
{
  return std::chrono::milliseconds(static_cast<long long>(s * 1000.0));
}

// The checks the flags ask for, or the usage error.
Expected<core::Suite, std::string> probe_suite(const ProbeArgs& args)
{
  core::Suite suite{"probe", "the OTLP → trace store pipeline, probed with canary spans", {}};
  sources::ProbePlan latency;
  latency.count = args.count;
  latency.within = seconds(args.within);
  TTAOBS_TRY_ASSIGN(p50, duration_flag(args.max_p50, "--max-p50"));
  TTAOBS_TRY_ASSIGN(p95, duration_flag(args.max_p95, "--max-p95"));
  TTAOBS_TRY_ASSIGN(max, duration_flag(args.max, "--max"));
  TTAOBS_TRY_ASSIGN(lag, duration_flag(args.max_lag, "--max-lag"));
  const auto add = [&](const char* id, checks::Binding binding) {
    core::CheckSpec spec;
    spec.id = id;
    spec.description = std::move(binding.description);
    spec.evidence = std::move(binding.evidence);
    spec.fn = std::move(binding.fn);
    suite.checks.push_back(std::move(spec));
  };
  add("probe/latency", checks::probe_latency_binding(latency, {p50, p95, max}));
  if (args.rate > 0) {
    sources::ProbePlan throughput = latency;
    throughput.mode = sources::ProbePlan::Mode::throughput;
    throughput.rate = args.rate;
    throughput.duration = seconds(args.duration);
    if (const auto problem = throughput.problem()) {
      return unexpected("--rate/--duration: " + *problem);
    }
    const auto share = checks::parse_share(args.min_delivered);
    if (!share) {
      return unexpected(fmt::format("--min-delivered: expected a percentage such as 99% or a fraction, not '{}'",
                                    util::one_line(args.min_delivered, 40)));
    }
    add("probe/throughput", checks::probe_throughput_binding(throughput, {*share, lag}));
  } else if (!args.max_lag.empty()) {
    return unexpected(std::string("--max-lag goes with --rate (the throughput probe)"));
  }
  return suite;
}

// Writes the report files and prints the console report; returns the exit code.
int report(const config::Config& config, const ProbeArgs& args, const core::RunSummary& summary,
           std::vector<std::pair<std::unique_ptr<report::Sink>, bool>>& sinks, const ClientStack& clients)
{
  int code = summary.interrupted_by != 0 ? util::interrupted_exit_code(summary.interrupted_by)
                                         : core::to_int(summary.exit_code);
  if (args.format == "json") {
    fmt::print("{}", report::render_json(summary));
  } else {
    const bool taken = std::any_of(sinks.begin(), sinks.end(), [](const auto& s) { return s.first->is_stdout(); });
    std::FILE* console = taken ? stderr : stdout;
    fmt::print(console, "{}", report::render_console(summary, {use_color(config.no_color, ::fileno(console)), false}));
  }
  std::fflush(stdout);
  for (auto& [sink, junit] : sinks) {
    if (const auto written = sink->write(junit ? report::render_junit(summary) : report::render_json(summary));
        !written) {
      code = usage_error(written.error());
    }
  }
  if (const auto mismatch = clients.replay_mismatch()) {
    code = usage_error(*mismatch);
  }
  return code;
}

int run_probe(const ProbeArgs& args)
{
  const auto config = load_config(args.flags.layer(), args.flags.config_file);
  if (!config) {
    return usage_error(config.error());
  }
  const auto suite = probe_suite(args);
  if (!suite) {
    return usage_error(suite.error());
  }
  std::vector<std::pair<std::unique_ptr<report::Sink>, bool>> sinks;
  for (const auto& [path, flag] : {std::pair{config->junit_path, "--junit"}, std::pair{config->json_path, "--json"}}) {
    if (path) {
      auto sink = report::Sink::open(*path, flag);
      if (!sink) {
        return usage_error(sink.error());
      }
      sinks.emplace_back(std::move(sink).value(), std::string_view(flag) == "--junit");
    }
  }
  auto clients = ClientStack::open(*config);
  if (!clients) {
    return usage_error(util::redact_urls(clients.error()));
  }
  util::SteadyClock clock;
  core::Runner runner((*clients)->client(), clock, *config, sources_settings(*config));
  auto summary = runner.run(*suite);
  summary.service = sources::k_probe_service; // the service the canaries are sent as, not the configured one
  return report(*config, args, summary, sinks, **clients);
}

} // namespace

Command probe_command()
{
  auto args = std::make_shared<ProbeArgs>();
  return {"probe", "send canary spans over OTLP/HTTP and time until the trace store can answer for them",
          [args](CLI::App& cmd) { add_options(cmd, *args); }, [args] { return run_probe(*args); }};
}

} // namespace ttaobs::cli
