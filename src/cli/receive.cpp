#include "command.hpp"
#include "common.hpp"
#include "receiving.hpp"

#include <src/core/exit_code.hpp>
#include <src/http/curl_client.hpp>
#include <src/report/sink.hpp>
#include <src/sources/otlp_forward.hpp>
#include <src/sources/otlp_json_write.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/strings.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

namespace ttaobs::cli {

namespace {

constexpr const char* k_footer = R"(
Receives OTLP/HTTP (POST /v1/traces and /v1/metrics; protobuf or JSON, gzip) until SIGINT/SIGTERM
or --duration, then writes every span that arrived, merged per trace, as OTLP JSON that
--from-file reads. With --forward, every accepted request also goes on unchanged (same path,
content type and encoding) to that OTLP/HTTP base URL, from a background queue; what could not be
forwarded is counted on stderr (and, if any, the exit code is 1). The first line on stdout (stderr with --out -) says where it listens, so a
script can read the port when ADDR's port is 0.
Examples:
  ttaobs receive --out traces.json                       # on 127.0.0.1:4318 until Ctrl-C
  ttaobs receive --listen 127.0.0.1:0 --duration 30s --out traces.json
  ttaobs receive --out traces.json --forward http://collector:4318   # and pass everything on
  ttaobs validate --from-file traces.json --suite foundation

Exit codes: 0 the file was written (stopped by --duration, SIGINT or SIGTERM), 1 the file was
            written but some requests could not be forwarded, 2 usage error (bad address or
            --forward URL, the port is taken, --out cannot be written).)";

struct ReceiveOptions
{
  std::string listen = "127.0.0.1:4318";
  std::string out;
  std::string duration;
  std::string forward;
  std::size_t max_spans = sources::ReceiverLimits{}.max_spans;
};

// Serves until a signal or `until`.
void serve_until(std::chrono::steady_clock::time_point until)
{
  while (util::interrupted() == 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Drains the forwarding queue (at most 5 s after the receiver stopped) and says what it did;
// false when a request could not be forwarded.
bool finish_forwarding(sources::OtlpForwarder* forwarder, const std::optional<util::Url>& upstream)
{
  if (forwarder == nullptr) {
    return true;
  }
  forwarder->finish(std::chrono::seconds(5));
  const auto stats = forwarder->stats();
  fmt::print(stderr, "ttaobs: forwarded {} requests to {}", stats.forwarded, upstream->redacted());
  if (stats.failed + stats.dropped > 0) {
    fmt::print(stderr, "; {} failed, {} dropped (last: {})", stats.failed, stats.dropped,
               stats.last_error.empty() ? "the queue was full or the time was up" : stats.last_error);
  }
  fmt::print(stderr, "\n");
  return stats.failed + stats.dropped == 0;
}

int run_receive(const ReceiveOptions& options)
{
  auto until = std::chrono::steady_clock::time_point::max();
  if (!options.duration.empty()) {
    const auto d = util::parse_duration(options.duration);
    if (!d || d->count() <= 0) {
      return usage_error(fmt::format("--duration: '{}' is not a duration (30s, 2m, 1.5h)", options.duration));
    }
    until = std::chrono::steady_clock::now() + *d;
  }
  auto sink = report::Sink::open(options.out, "--out");
  if (!sink) {
    return usage_error(sink.error());
  }
  std::optional<util::Url> upstream;
  if (!options.forward.empty()) {
    auto parsed = util::parse_url(options.forward);
    if (!parsed) {
      return usage_error(fmt::format("--forward: {}", parsed.error()));
    }
    upstream = std::move(*parsed);
  }
  sources::ReceiverLimits limits;
  limits.max_spans = options.max_spans;
  http::CurlClient curl;
  std::unique_ptr<sources::OtlpForwarder> forwarder;
  std::function<void(const http::ServerRequest&)> forward;
  if (upstream) {
    forwarder = std::make_unique<sources::OtlpForwarder>(curl, *upstream, http::k_default_timeout);
    forward = [target = forwarder.get()](const http::ServerRequest& request) { target->enqueue(request); };
  }
  auto listening = start_listening(options.listen, limits, std::move(forward));
  if (!listening) {
    return usage_error(listening.error());
  }
  std::FILE* announce = (*sink)->is_stdout() ? stderr : stdout;
  fmt::print(announce, "listening on {}\n", listening->url());
  std::fflush(announce);
  serve_until(until);
  listening->server->stop();
  const auto forwarded = finish_forwarding(forwarder.get(), upstream);
  const auto stats = listening->receiver->stats();
  const auto set = listening->receiver->take_traces();
  if (const auto written = (*sink)->write(sources::write_otlp_json(set)); !written) {
    return usage_error(written.error());
  }
  fmt::print(stderr,
             "ttaobs: received {} spans in {} traces ({} trace and {} metric requests, {} metrics with {} data points, "
             "{} refused{}); wrote {}\n",
             stats.spans, set.traces.size(), stats.trace_requests, stats.metric_requests, stats.metrics,
             stats.data_points, stats.refused,
             stats.duplicate_spans > 0 ? fmt::format(", {} repeated spans dropped", stats.duplicate_spans) : "",
             (*sink)->is_stdout() ? "stdout" : options.out);
  return core::to_int(forwarded ? core::ReceiveExitCode::written : core::ReceiveExitCode::not_forwarded);
}

} // namespace

Command receive_command()
{
  auto options = std::make_shared<ReceiveOptions>();
  return {"receive", "receive OTLP/HTTP traces (no backend) and write them as OTLP JSON for --from-file",
          [options](CLI::App& cmd) {
            cmd.add_option("--listen", options->listen, "HOST:PORT to listen on (port 0: any free one)")
                ->type_name("ADDR")
                ->capture_default_str();
            cmd.add_option("--out", options->out, "write what arrived to FILE as OTLP JSON (- for stdout)")
                ->type_name("FILE")
                ->required();
            cmd.add_option("--duration", options->duration, "stop after this long (30s, 2m) [default: until a signal]")
                ->type_name("D");
            cmd.add_option("--forward", options->forward,
                           "also send every accepted request, unchanged, to this OTLP/HTTP base URL")
                ->type_name("URL");
            cmd.add_option("--max-spans", options->max_spans, "spans kept at most; past it requests get 503")
                ->capture_default_str()
                ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
            cmd.footer(k_footer);
          },
          [options] { return run_receive(*options); }};
}

} // namespace ttaobs::cli
