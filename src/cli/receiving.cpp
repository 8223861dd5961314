#include "receiving.hpp"

#include "common.hpp"

#include <src/util/child.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <malloc.h>
#include <thread>

namespace ttaobs::cli {

namespace {

constexpr std::chrono::milliseconds k_stop_grace{5000}; // a stopped command's time to flush its exporter
constexpr std::chrono::milliseconds k_poll{20};
// A receiver keeps every span it accepts, so its heaps only grow: each connection thread's malloc
// arena then grows by this much at a time instead of 128 KiB (address space; pages are touched as
// used). Measured: 7 % less CPU per 512-span request in bench/receive_vs_jaeger.sh (fewer mprotect
// calls and arena extensions); 0 (none) costs 30 % more.
constexpr int k_malloc_top_pad = 64 << 20;

std::string command_line(const std::vector<std::string>& argv)
{
  std::string out;
  for (const auto& arg : argv) {
    out += (out.empty() ? "" : " ") + arg;
  }
  return util::one_line(out, 120);
}

} // namespace

Expected<Listening, std::string> start_listening(std::string_view address, sources::ReceiverLimits limits,
                                                 std::function<void(const http::ServerRequest&)> on_accepted)
{
  TTAOBS_TRY_ASSIGN(where, http::ListenAddress::parse(address));
  ::mallopt(M_TOP_PAD, k_malloc_top_pad);
  Listening out;
  out.receiver = std::make_unique<sources::OtlpReceiver>(limits);
  if (on_accepted) {
    out.receiver->on_accepted(std::move(on_accepted)); // before the first request can arrive
  }
  http::ServerLimits server_limits;
  server_limits.max_body = limits.max_body;
  TTAOBS_TRY_ASSIGN(server, http::Server::start(where, server_limits, out.receiver->server_handler()));
  out.server = std::move(server);
  return out;
}

Expected<bool, std::string> check_receive_flags(const ReceiveFlags& flags)
{
  if (!flags.enabled && !flags.command.empty()) {
    return unexpected(fmt::format("'{}': a command is only run with --receive (ttaobs validate --receive -- COMMAND)",
                                  command_line(flags.command)));
  }
  if (flags.enabled && flags.command.empty()) {
    return unexpected(std::string("--receive needs the command to run after --, e.g. "
                                  "ttaobs validate --receive -- node app.js"));
  }
  if (flags.enabled) {
    TTAOBS_TRY(http::ListenAddress::parse(flags.address));
  }
  return true;
}

Expected<Received, std::string> receive_while_running(const ReceiveFlags& flags,
                                                      std::optional<std::chrono::milliseconds> wait)
{
  TTAOBS_TRY_ASSIGN(listening, start_listening(flags.address));
  Received out;
  out.url = listening.url();
  out.command = command_line(flags.command);
  const auto set = env_or_empty("OTEL_EXPORTER_OTLP_PROTOCOL");
  out.protocol = set.empty() ? "http/protobuf" : set;
  auto child = util::ChildProcess::spawn(
      flags.command, {{"OTEL_EXPORTER_OTLP_ENDPOINT", out.url}, {"OTEL_EXPORTER_OTLP_PROTOCOL", out.protocol}});
  if (!child) {
    return unexpected(child.error());
  }
  fmt::print(stderr, "ttaobs: receiving OTLP/HTTP on {} (OTEL_EXPORTER_OTLP_PROTOCOL={}) while '{}' runs\n", out.url,
             out.protocol, out.command);
  std::fflush(stderr);
  const auto deadline = std::chrono::steady_clock::now() + wait.value_or(std::chrono::hours(24 * 365));
  std::optional<int> status;
  while (!(status = child->poll())) {
    if (util::interrupted() != 0 || std::chrono::steady_clock::now() >= deadline) {
      out.stopped = true;
      status = child->stop(k_stop_grace);
      break;
    }
    std::this_thread::sleep_for(k_poll);
  }
  out.exit_status = *status;
  listening.server->stop(); // requests being answered finish first
  out.stats = listening.receiver->stats();
  out.metrics = std::make_shared<const sources::MetricsSummary>(listening.receiver->metrics());
  out.traces = std::make_shared<const trace::TraceSet>(listening.receiver->take_traces());
  return out;
}

} // namespace ttaobs::cli
