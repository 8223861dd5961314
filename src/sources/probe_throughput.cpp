// The throughput probe: `rate` spans a second for `duration`, in batches every 100 ms, all in one
// canary trace (span 0 the root, the others its children) so one look-up per poll sees them all;
// a poller thread reads that trace while spans are sent and notes when each span first appears.
#include <src/sources/probe.hpp>
#include <src/sources/probe_steps.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/url.hpp>

#include <fmt/format.h>

#include <charconv>
#include <mutex>
#include <optional>
#include <thread>

namespace ttaobs::sources {

/// The throughput probe (called by run_pipeline_probe, probe.cpp).
PipelineProbe run_throughput_probe(http::HttpClient& client, const Settings& settings, const ProbePlan& plan);

namespace {

using Micros = std::chrono::microseconds;
using Millis = std::chrono::milliseconds;
using Moment = std::optional<ProbeClock::time_point>;

constexpr Millis k_batch_every{100};
constexpr Millis k_poll_every{50};

// What the sender and the poller share.
struct Ledger
{
  std::mutex mutex;
  std::vector<Moment> accepted_at; // per span: when its batch was accepted
  std::vector<Moment> found_at;    // per span: when a look-up first saw it
  bool sending_done = false;
  ProbeClock::time_point last_answer{};
  std::string query_failure; // the trace store could not be asked
};

// The span of `seq`: the probe's random prefix and the number, so a found span names its number.
std::string span_id_of(const std::string& prefix, long long seq)
{
  return fmt::format("{}{:08x}", prefix, static_cast<unsigned>(seq));
}

// Notes when each span of `set` that carries `prefix` was first seen.
void note_found(const trace::TraceSet& set, const std::string& prefix, Ledger& ledger, ProbeClock::time_point now)
{
  std::lock_guard lock(ledger.mutex);
  for (const auto& t : set.traces) {
    for (const auto& span : t.spans) {
      const auto id = span.span_id.view();
      unsigned seq = 0;
      if (id.size() != 16 || id.substr(0, 8) != prefix ||
          std::from_chars(id.data() + 8, id.data() + 16, seq, 16).ec != std::errc() || seq >= ledger.found_at.size()) {
        continue;
      }
      if (!ledger.found_at[seq]) {
        ledger.found_at[seq] = now;
      }
    }
  }
}

// Reads the canary trace every k_poll_every until every accepted span was seen, or sending ended
// `within` ago, or the store could not be asked, or the run was interrupted.
void poll(http::HttpClient& client, const Settings& settings, const std::string& trace_id, const std::string& prefix,
          Millis within, Ledger& ledger)
{
  TraceLookup lookup(client, settings);
  while (util::interrupted() == 0) {
    const auto found = lookup.find(trace_id);
    const auto now = ProbeClock::now();
    if (found.kind == Lookup::Kind::failed) {
      std::lock_guard lock(ledger.mutex);
      ledger.query_failure = found.why;
      return;
    }
    if (found.kind == Lookup::Kind::found) {
      note_found(found.set, prefix, ledger, now);
    }
    {
      std::lock_guard lock(ledger.mutex);
      bool all = true;
      for (std::size_t i = 0; i < ledger.accepted_at.size() && all; ++i) {
        all = !ledger.accepted_at[i] || ledger.found_at[i];
      }
      if (ledger.sending_done && (all || now >= ledger.last_answer + within)) {
        return;
      }
    }
    util::sleep_unless_interrupted(k_poll_every);
  }
}

// Sends the spans batch by batch on schedule; stops early when the endpoint cannot be reached.
void send_all(http::HttpClient& client, const Settings& settings, const std::string& trace_id,
              const std::string& prefix, PipelineProbe& out, Ledger& ledger)
{
  const auto url = otlp_traces_url(settings.otlp);
  const auto total = static_cast<long long>(static_cast<double>(out.plan.rate) *
                                            static_cast<double>(out.plan.duration.count()) / 1000.0);
  const auto root = span_id_of(prefix, 0);
  const auto start = ProbeClock::now();
  long long next = 0;
  for (long long tick = 1; next < total && util::interrupted() == 0; ++tick) {
    const auto due = std::min(total, total * tick * k_batch_every.count() / out.plan.duration.count());
    std::vector<std::string> spans;
    for (auto seq = next; seq < due; ++seq) {
      spans.push_back(canary_span_json(trace_id, span_id_of(prefix, seq), seq == 0 ? "" : root, seq,
                                       std::chrono::system_clock::now()));
    }
    if (!spans.empty()) {
      const auto sent = export_spans(client, settings, url, canary_request_json(spans), static_cast<int>(spans.size()));
      out.sent += static_cast<int>(spans.size());
      std::lock_guard lock(ledger.mutex);
      ledger.last_answer = sent.answered_at;
      if (sent.accepted) {
        out.accepted += static_cast<int>(spans.size());
        std::fill(ledger.accepted_at.begin() + next, ledger.accepted_at.begin() + due, sent.answered_at);
      } else if (out.failure.empty()) {
        out.loss = sent.loss;
        out.failure = sent.loss == ProbeLoss::interrupted ? sent.failure : "spans " + sent.failure;
      }
      if (sent.loss == ProbeLoss::unreachable || sent.loss == ProbeLoss::interrupted) {
        break; // nothing will get through: do not keep trying at the rate
      }
      next = due;
    }
    util::sleep_unless_interrupted(
        std::chrono::duration_cast<Millis>(start + k_batch_every * tick - ProbeClock::now()));
  }
  out.sending = std::chrono::duration_cast<Millis>(ProbeClock::now() - start);
}

// The verdict once both threads are done: lags of the delivered spans, and where the rest went.
void conclude(PipelineProbe& out, Ledger& ledger)
{
  for (std::size_t i = 0; i < ledger.accepted_at.size(); ++i) {
    if (ledger.accepted_at[i] && ledger.found_at[i]) {
      ++out.delivered;
      const auto lag = *ledger.found_at[i] - *ledger.accepted_at[i]; // seen before the POST returned: 0
      out.latencies.push_back(std::max(Micros(0), std::chrono::duration_cast<Micros>(lag)));
    }
  }
  if (!out.failure.empty()) {
    return; // not accepted: said where
  }
  if (util::interrupted() != 0) {
    out.loss = ProbeLoss::interrupted;
    out.failure = interrupted_text();
  } else if (!ledger.query_failure.empty()) {
    out.loss = ProbeLoss::query_failed;
    out.failure = fmt::format("spans accepted by {} but the trace store could not be asked: {}", out.otlp_url,
                              ledger.query_failure);
  } else if (out.delivered < out.accepted) {
    out.loss = ProbeLoss::never_queryable;
    out.failure = fmt::format("{} of {} spans accepted by {} never queryable at {} within {:g}s (trace {})",
                              out.accepted - out.delivered, out.accepted, out.otlp_url, out.query_url,
                              static_cast<double>(out.plan.within.count()) / 1000.0, out.trace_ids.front());
  }
}

} // namespace

PipelineProbe run_throughput_probe(http::HttpClient& client, const Settings& settings, const ProbePlan& plan)
{
  PipelineProbe out;
  out.plan = plan;
  out.otlp_url = util::redact_url(otlp_traces_url(settings.otlp));
  out.query_url = settings.traces.tempo ? settings.traces.tempo->url.redacted() : settings.jaeger.url.redacted();
  const auto trace_id = random_trace_id();
  const auto prefix = random_hex(4);
  out.trace_ids.push_back(trace_id);
  const auto total =
      static_cast<std::size_t>(static_cast<double>(plan.rate) * static_cast<double>(plan.duration.count()) / 1000.0);
  Ledger ledger;
  ledger.accepted_at.resize(total);
  ledger.found_at.resize(total);
  {
    std::jthread poller([&] { poll(client, settings, trace_id, prefix, plan.within, ledger); });
    send_all(client, settings, trace_id, prefix, out, ledger);
    std::lock_guard lock(ledger.mutex);
    ledger.sending_done = true;
  } // the poller ends within `within` of the last answer
  conclude(out, ledger);
  return out;
}

} // namespace ttaobs::sources
