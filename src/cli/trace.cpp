#include "client.hpp"
#include "command.hpp"
#include "common.hpp"
#include "key_flags.hpp"

#include <src/cli/sources_settings.hpp>
#include <src/core/exit_code.hpp>
#include <src/report/trace_view.hpp>
#include <src/sources/evidence.hpp>
#include <src/sources/trace_file.hpp>
#include <src/trace/settle.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <sys/ioctl.h>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

constexpr int k_could_not_look = core::to_int(core::ExitCode::could_not_look);

/// What `ttaobs trace` shows.
struct TraceOptions
{
  std::string trace_id;             ///< one trace by id
  std::string operation;            ///< search filter
  std::string format = "tree";      ///< tree | waterfall | json
  int limit = 1;                    ///< how many recent traces (search)
  std::int64_t tolerance_us = 1000; ///< containment slack before a span is marked (trace::k_containment_tolerance_us)
};

/// The command's flags: the config keys it reads, and its own.
struct TraceArgs
{
  KeyFlags keys;
  TraceOptions options;
};

constexpr const char* k_examples = R"(
Examples:
  ttaobs trace                                   # newest trace of observability-demo, as a tree
  ttaobs trace --service checkout --operation 'POST /pay' --format waterfall
  ttaobs trace --trace-id 4bf92f3577b34da6a3ce929d0e0e4736 --format json
  curl -s 'localhost:16686/api/traces?service=x&limit=1' | ttaobs trace --from-file -

Exit codes: 0 drawn, 2 usage error, 3 the trace could not be fetched, found or parsed.)";

void add_options(CLI::App& cmd, TraceArgs& args)
{
  args.keys.add_to(cmd, config::k_trace);
  auto& options = args.options;
  cmd.add_option("--trace-id", options.trace_id, "fetch this trace (Jaeger, or Tempo with --tempo-url)");
  cmd.add_option("--operation", options.operation, "only traces of this operation (with --service)");
  cmd.add_option("--format", options.format, "tree, waterfall or json [default tree]")
      ->check(CLI::IsMember({"tree", "waterfall", "json"}));
  cmd.add_option("--limit", options.limit, "draw the N most recent traces [default 1]")->check(CLI::Range(1, 100));
  cmd.add_option("--skew-tolerance-us", options.tolerance_us,
                 "containment slack in µs, as validate's trace/duration-containment [default 1000]")
      ->check(CLI::NonNegativeNumber);
  cmd.footer(k_examples);
}

std::size_t terminal_width()
{
  winsize size{};
  if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20) {
    return size.ws_col;
  }
  const char* columns = std::getenv("COLUMNS");
  const int from_env = columns != nullptr ? std::atoi(columns) : 0;
  return from_env > 20 ? static_cast<std::size_t>(from_env) : 100;
}

std::string header(const trace::Trace& trace, const trace::SpanTree& tree)
{
  auto line = fmt::format("trace {} · {} span{} · depth {} · {} root{}", util::one_line(trace.trace_id, 64),
                          trace.spans.size(), trace.spans.size() == 1 ? "" : "s", tree.max_depth, tree.roots.size(),
                          tree.roots.size() == 1 ? "" : "s");
  if (!tree.orphans.empty()) {
    line += fmt::format(" · {} orphan{}", tree.orphans.size(), tree.orphans.size() == 1 ? "" : "s");
  }
  if (!tree.in_cycle.empty()) {
    line += fmt::format(" · {} in cycles", tree.in_cycle.size());
  }
  return line + "\n";
}

// Trace ids compare as hex numbers: case and leading zeros (64-bit ids padded to 128) don't matter.
std::string normal_id(std::string_view id)
{
  std::string out;
  for (const char c : id) {
    if (out.empty() && c == '0') {
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// By id, a server must answer with that trace and no other: drawing another would be a lie.
Expected<trace::TraceSet, std::string> only_asked(trace::TraceSet set, const std::string& trace_id)
{
  for (const auto& trace : set.traces) {
    if (normal_id(trace.trace_id) != normal_id(trace_id)) {
      return unexpected(fmt::format("asked for trace {}, but the server answered with trace {}", trace_id,
                                    util::one_line(trace.trace_id, 64)));
    }
  }
  return set;
}

// The trace evidence `options` ask for: a search of the service, or one trace by id.
sources::EvidenceRequest trace_request(const TraceOptions& options, int limit,
                                       std::optional<std::chrono::system_clock::time_point> started_before)
{
  sources::EvidenceRequest request{
      sources::Source::jaeger_traces, sources::Endpoint::jaeger, {}, limit, false, started_before};
  request.operation = options.operation;
  request.trace_id = options.trace_id;
  return request;
}

// The newest settled traces of the service (see trace/settle.hpp), notes on stderr.
Expected<trace::TraceSet, std::string> newest_settled(const TraceOptions& options, const config::Config& config,
                                                      http::HttpClient& client)
{
  const auto settings = sources_settings(config);
  const auto read = [&](int limit, std::optional<std::chrono::system_clock::time_point> started_before) {
    return sources::fetch_traces(client, trace_request(options, limit, started_before), settings);
  };
  trace::SettleTracker tracker(config.settle);
  util::SteadyClock clock;
  TTAOBS_TRY_ASSIGN(settled, trace::read_settled(read, tracker, clock, options.limit, trace::k_settle_look_back));
  if (settled.still_arriving()) {
    return unexpected(settled.arriving_message());
  }
  for (const auto& note : settled.notes) {
    fmt::print(stderr, "ttaobs: {}\n", util::redact_urls(note));
  }
  return std::move(settled.traces);
}

Expected<trace::TraceSet, std::string> fetch(const TraceOptions& options, const config::Config& config,
                                             http::HttpClient& client)
{
  if (config.trace_file) {
    return sources::load_trace_file(*config.trace_file, config.timeout);
  }
  if (options.trace_id.empty()) {
    return newest_settled(options, config, client);
  }
  TTAOBS_TRY_ASSIGN(set,
                    sources::fetch_traces(client, trace_request(options, 1, std::nullopt), sources_settings(config)));
  return only_asked(std::move(set), options.trace_id);
}

// A filter or a source that would be ignored is a usage error, not a silent no-op; "" when none.
std::string ignored_option(const config::Layer& flags, const config::Config& config, const TraceOptions& options)
{
  if (!options.trace_id.empty() && config.trace_file) {
    return "--trace-id and --from-file cannot be combined";
  }
  if (!options.operation.empty() && (config.trace_file || !options.trace_id.empty())) {
    return fmt::format("--operation filters a search of --service; it cannot be combined with {}",
                       config.trace_file ? "--from-file" : "--trace-id");
  }
  if (flags.values.count("tempo-url") > 0 && options.trace_id.empty()) {
    return "--tempo-url needs --trace-id (Tempo is asked for one trace by id; searches go to Jaeger)";
  }
  return {};
}

// Draws the first --limit traces on stdout in the chosen format.
void draw(const trace::TraceSet& traces, const config::Config& config, const TraceOptions& options)
{
  trace::TraceViewOptions view;
  view.color = use_color(config.no_color, STDOUT_FILENO);
  view.width = terminal_width();
  view.skew_tolerance_us = options.tolerance_us;
  const auto count = std::min<std::size_t>(traces.traces.size(), static_cast<std::size_t>(options.limit));
  // JSON is one value: a document for --limit 1, an array of documents for --limit N > 1
  const bool json_array = options.format == "json" && options.limit > 1;
  if (json_array) {
    fmt::print("[\n");
  }
  for (std::size_t t = 0; t < count; ++t) {
    const auto& trace = traces.traces[t];
    const auto& tree = traces.trees[t];
    if (options.format == "json") {
      auto doc = report::render_trace_json(trace, tree, options.tolerance_us);
      if (json_array) {
        doc.pop_back(); // the newline: the separator follows
        doc += t + 1 < count ? ",\n" : "\n]\n";
      }
      fmt::print("{}", doc);
      continue;
    }
    fmt::print("{}{}{}", t > 0 ? "\n" : "", header(trace, tree),
               options.format == "waterfall" ? report::render_waterfall(trace, tree, view)
                                             : trace::render_tree(trace, tree, view));
  }
}

int run_trace(const config::Layer& flags, const std::string& config_file, const TraceOptions& options)
{
  const auto config = load_config(flags, config_file);
  if (!config) {
    return usage_error(config.error());
  }
  if (const auto ignored = ignored_option(flags, *config, options); !ignored.empty()) {
    return usage_error(ignored);
  }
  auto clients = ClientStack::open(*config); // a bad --replay/--record is a usage error
  if (!clients) {
    return usage_error(util::redact_urls(clients.error()));
  }
  const auto traces = fetch(options, *config, (*clients)->client());
  if (const int signal = util::interrupted(); signal != 0) {
    fmt::print(stderr, "ttaobs: interrupted by {}\n", util::signal_name(signal));
    return util::interrupted_exit_code(signal);
  }
  if (!traces) {
    fmt::print(stderr, "ttaobs: {}\n", util::redact_urls(traces.error()));
    // a request the --replay recording does not hold: the invocation is wrong, as in validate
    const auto mismatch = (*clients)->replay_mismatch();
    return mismatch ? usage_error(*mismatch) : k_could_not_look;
  }
  if (traces->traces.empty()) {
    fmt::print(stderr, "ttaobs: no traces found for service '{}'{}\n", config->service,
               options.operation.empty() ? "" : fmt::format(" and operation '{}'", options.operation));
    return k_could_not_look;
  }
  draw(*traces, *config, options);
  return core::to_int(core::ExitCode::ok);
}

} // namespace

Command trace_command()
{
  auto args = std::make_shared<TraceArgs>();
  return {"trace", "draw a trace's span tree or waterfall, marking what is broken",
          [args](CLI::App& cmd) { add_options(cmd, *args); },
          [args] { return run_trace(args->keys.layer(), args->keys.config_file, args->options); }};
}

} // namespace ttaobs::cli
