#pragma once

#include <src/http/server.hpp>
#include <src/sources/otlp_receiver.hpp>
#include <src/util/expected.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::cli {

/// An OTLP receiver being served: the receiver (what arrived) and its server (where).
struct Listening
{
  std::unique_ptr<sources::OtlpReceiver> receiver; ///< the request handling and the spans kept
  std::unique_ptr<http::Server> server;            ///< its HTTP server

  /// "http://127.0.0.1:PORT", the base URL an exporter is pointed at.
  std::string url() const { return "http://" + server->address(); }
};

/// Parses `address` (HOST:PORT, port 0 for any) and starts a receiver there; one-line error.
Expected<Listening, std::string> start_listening(std::string_view address, sources::ReceiverLimits limits = {},
                                                 std::function<void(const http::ServerRequest&)> on_accepted = {});

/// `validate --receive [ADDR] -- COMMAND ARGS…`: where to listen and what to run.
struct ReceiveFlags
{
  bool enabled = false;             ///< --receive given
  std::string address;              ///< its value, "" for 127.0.0.1:0
  std::vector<std::string> command; ///< COMMAND ARGS… after --
};

/// What a run of the command sent.
struct Received
{
  std::shared_ptr<const trace::TraceSet> traces;          ///< every span, merged per trace, trees built once
  std::shared_ptr<const sources::MetricsSummary> metrics; ///< what the /v1/metrics requests sent
  sources::ReceiverStats stats;                           ///< requests, spans, refusals
  std::string url;                                        ///< where the exporter was pointed
  std::string protocol;                                   ///< OTEL_EXPORTER_OTLP_PROTOCOL the command saw
  std::string command;                                    ///< the command line, for messages
  int exit_status = 0;                                    ///< the command's waitpid status
  bool stopped = false;                                   ///< ttaobs stopped it (--wait was up, or a signal)
};

/// Checks `flags` before anything starts; the usage error in one line.
Expected<bool, std::string> check_receive_flags(const ReceiveFlags& flags);

/// Starts the receiver and the command with OTEL_EXPORTER_OTLP_ENDPOINT/PROTOCOL pointing at it,
/// collects until the command exits (or `wait` is up, or SIGINT/SIGTERM: the command is then
/// stopped), and returns what arrived; an error (exit 2) when the receiver or command cannot start.
Expected<Received, std::string> receive_while_running(const ReceiveFlags& flags,
                                                      std::optional<std::chrono::milliseconds> wait);

} // namespace ttaobs::cli
