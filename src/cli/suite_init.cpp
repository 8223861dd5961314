// `ttaobs suite init`: fetches what the service shows now (its newest settled traces, its
// exposition) and writes the starter suite checks::generate_suite makes of it.

#include "client.hpp"
#include "command.hpp"
#include "common.hpp"
#include "key_flags.hpp"
#include "sources_settings.hpp"

#include <checks/suite_init.hpp>
#include <src/core/exit_code.hpp>
#include <src/report/sink.hpp>
#include <src/sources/evidence.hpp>
#include <src/sources/exposition_source.hpp>
#include <src/sources/trace_file.hpp>
#include <src/trace/settle.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/url.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

namespace ttaobs::cli {

namespace {

constexpr int k_could_not_look = core::to_int(core::ExitCode::could_not_look);

/// The command's flags: the config keys it reads, and its own.
struct InitArgs
{
  KeyFlags keys;
  std::string out = "-"; ///< --out
  int traces = 5;        ///< --traces: how many newest traces to learn from (0: none)
};

constexpr const char* k_examples = R"(
Examples:
  ttaobs suite init --service checkout --out checkout.yaml
  ttaobs suite init --replay fixtures/replay/healthy --traces 1
  ttaobs suite init --service checkout --traces 0 --metrics-url http://localhost:8080/metrics

Exit codes: 0 written, 2 usage error, 3 the traces or the exposition could not be fetched or parsed.)";

void add_options(CLI::App& cmd, InitArgs& args)
{
  args.keys.add_to(cmd, config::k_init);
  cmd.add_option("--out", args.out, "write the suite to FILE (atomically; - for stdout) [default -]");
  cmd.add_option("--traces", args.traces, "learn from the N newest settled traces (0: none) [default 5]")
      ->check(CLI::Range(0, 100));
  cmd.footer(k_examples);
}

// The newest `limit` settled traces of the service (or of --from-file), notes on stderr.
Expected<trace::TraceSet, std::string> newest_traces(const config::Config& config, http::HttpClient& client, int limit)
{
  if (config.trace_file) {
    TTAOBS_TRY_ASSIGN(set, sources::load_trace_file(*config.trace_file, config.timeout));
    set.traces.resize(std::min(set.traces.size(), static_cast<std::size_t>(limit)));
    return trace::make_trace_set(std::move(set.traces));
  }
  const auto settings = sources_settings(config);
  const auto read = [&](int n, std::optional<std::chrono::system_clock::time_point> started_before) {
    sources::EvidenceRequest request{
        sources::Source::jaeger_traces, sources::Endpoint::jaeger, {}, n, false, started_before};
    return sources::fetch_traces(client, request, settings);
  };
  trace::SettleTracker tracker(config.settle);
  util::SteadyClock clock;
  TTAOBS_TRY_ASSIGN(settled, trace::read_settled(read, tracker, clock, limit, trace::k_settle_look_back));
  if (settled.still_arriving()) {
    return unexpected(settled.arriving_message());
  }
  for (const auto& note : settled.notes) {
    fmt::print(stderr, "ttaobs: {}\n", util::redact_urls(note));
  }
  return std::move(settled.traces);
}

// The families of the exposition at --metrics-url, parsed as the body streams in.
Expected<std::vector<checks::SeenFamily>, std::string> exposition_families(const config::Config& config,
                                                                           http::HttpClient& client)
{
  const auto shown = config.metrics_url.redacted();
  checks::FamilyCollector collector;
  std::unique_ptr<metrics::ExpositionParser> parser;
  auto request = sources::exposition_request(config.metrics_url, config.access_of("metrics"), config.timeout);
  request.body_sink = [&](std::string_view piece, const http::HttpResponse& head) {
    if (!parser) {
      parser = std::make_unique<metrics::ExpositionParser>(
          metrics::format_for_content_type(head.header("content-type")), collector);
    }
    return parser->feed(piece);
  };
  const auto response = client.send(request);
  if (!response) {
    return unexpected(response.error().describe());
  }
  if (response->status != 200) {
    return unexpected(fmt::format("GET {}: HTTP {} (expected 200)", shown, response->status));
  }
  if (!parser) {
    parser = std::make_unique<metrics::ExpositionParser>(metrics::Format::prometheus_text, collector); // empty body
  }
  if (!parser->finish()) {
    return unexpected(fmt::format("GET {}: the exposition does not parse: {}", shown, parser->error()->describe()));
  }
  return collector.families(*parser);
}

// Fetches both parts of the evidence; the error is the one-line reason.
Expected<checks::InitEvidence, std::string> gather(const config::Config& config, http::HttpClient& client, int traces)
{
  checks::InitEvidence evidence;
  evidence.service = config.service;
  if (traces > 0) {
    TTAOBS_TRY_ASSIGN(set, newest_traces(config, client, traces));
    if (set.traces.empty()) {
      return unexpected(fmt::format("no traces found for service '{}' (--traces 0 writes a suite without trace checks)",
                                    config.service));
    }
    evidence.traces = std::move(set);
    evidence.traces_from = config.trace_file ? *config.trace_file : "Jaeger " + config.jaeger_url.redacted();
  }
  TTAOBS_TRY_ASSIGN(families, exposition_families(config, client));
  evidence.families = std::move(families);
  evidence.metrics_from = config.metrics_url.redacted();
  return evidence;
}

int run_init(const InitArgs& args)
{
  const auto config = load_config(args.keys.layer(), args.keys.config_file);
  if (!config) {
    return usage_error(config.error());
  }
  auto sink = report::Sink::open(args.out, "--out"); // a bad path fails before any request
  if (!sink) {
    return usage_error(sink.error());
  }
  auto clients = ClientStack::open(*config);
  if (!clients) {
    return usage_error(util::redact_urls(clients.error()));
  }
  const auto evidence = gather(*config, (*clients)->client(), args.traces);
  if (const int signal = util::interrupted(); signal != 0) {
    fmt::print(stderr, "ttaobs: interrupted by {}\n", util::signal_name(signal));
    return util::interrupted_exit_code(signal);
  }
  if (!evidence) {
    fmt::print(stderr, "ttaobs: {}\n", util::redact_urls(evidence.error()));
    const auto mismatch = (*clients)->replay_mismatch();
    return mismatch ? usage_error(*mismatch) : k_could_not_look;
  }
  if (const auto written = (*sink)->write(checks::generate_suite(*evidence)); !written) {
    return usage_error(written.error()); // as validate's reports
  }
  return core::to_int(core::ExitCode::ok);
}

} // namespace

Command suite_init_command()
{
  auto args = std::make_shared<InitArgs>();
  return {"suite init", "write a starter suite from the service's newest traces and its exposition",
          [args](CLI::App& cmd) { add_options(cmd, *args); }, [args] { return run_init(*args); }};
}

} // namespace ttaobs::cli
