#include "commands.hpp"

#include <src/core/exit_code.hpp>
#include <src/cli/client.hpp>
#include <src/report/trace_view.hpp>
#include <src/sources/trace_file.hpp>
#include <src/sources/trace_query.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

constexpr int k_usage = static_cast<int>(core::ExitCode::usage);
constexpr int k_could_not_look = static_cast<int>(core::ExitCode::could_not_look);

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

std::string header(const sources::Trace& trace, const sources::SpanTree& tree)
{
  auto line = fmt::format("trace {} · {} span{} · depth {} · {} root{}", trace.trace_id, trace.spans.size(),
                          trace.spans.size() == 1 ? "" : "s", tree.max_depth, tree.roots.size(),
                          tree.roots.size() == 1 ? "" : "s");
  if (!tree.orphans.empty()) {
    line += fmt::format(" · {} orphan{}", tree.orphans.size(), tree.orphans.size() == 1 ? "" : "s");
  }
  if (!tree.in_cycle.empty()) {
    line += fmt::format(" · {} in cycles", tree.in_cycle.size());
  }
  return line + "\n";
}

Expected<sources::TraceSet, std::string> fetch(const TraceOptions& options, const config::Config& config,
                                               http::HttpClient& client)
{
  if (config.trace_file) {
    return sources::load_trace_file(*config.trace_file);
  }
  auto fetched = sources::fetch_traces(
    client, sources::TraceQuery{config.service, options.operation, options.trace_id, options.limit}, config);
  return std::move(fetched.traces);
}

} // namespace

int run_trace(const config::Layer& flags, const std::string& config_file, const TraceOptions& options)
{
  const auto loaded = load_config(flags, config_file);
  if (!loaded) {
    return k_usage;
  }
  const config::Config& config = *loaded;
  if (!options.trace_id.empty() && config.trace_file) {
    fmt::print(stderr, "ttaobs: --trace-id and --from-file cannot be combined\n");
    return k_usage;
  }
  auto clients = ClientStack::open(config); // a bad --replay/--record is a usage error
  if (!clients) {
    fmt::print(stderr, "ttaobs: {}\n", clients.error());
    return k_usage;
  }
  const auto traces = fetch(options, config, (*clients)->client());
  if (!traces) {
    fmt::print(stderr, "ttaobs: {}\n", traces.error());
    return k_could_not_look;
  }
  if (traces->traces.empty()) {
    fmt::print(stderr, "ttaobs: no traces found for service '{}'{}\n", config.service,
               options.operation.empty() ? "" : fmt::format(" and operation '{}'", options.operation));
    return k_could_not_look;
  }
  report::TraceViewOptions view;
  view.color = !config.no_color && std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
  view.width = terminal_width();
  view.skew_tolerance_us = options.tolerance_us;
  const auto count = std::min<std::size_t>(traces->traces.size(), static_cast<std::size_t>(options.limit));
  for (std::size_t t = 0; t < count; ++t) {
    const auto& trace = traces->traces[t];
    const auto& tree = traces->trees[t];
    if (options.format == "json") {
      fmt::print("{}", report::render_trace_json(trace, tree));
      continue;
    }
    fmt::print("{}{}{}", t > 0 ? "\n" : "", header(trace, tree),
               options.format == "waterfall" ? report::render_waterfall(trace, tree, view)
                                             : report::render_tree(trace, tree, view));
  }
  return 0;
}

} // namespace ttaobs::cli
