#include "runner.hpp"

#include <src/config/config.hpp>
#include <src/trace/settle.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/url.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unistd.h>

namespace ttaobs::core {

namespace {

using Millis = std::chrono::milliseconds;

std::string utc_now_rfc3339()
{
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", tm);
}

std::string host_name()
{
  char name[256] = {};
  return gethostname(name, sizeof(name) - 1) == 0 ? std::string(name) : std::string("unknown");
}

// What settling concluded about one trace evidence: notes for the report, or "still arriving".
struct TraceNotes
{
  std::vector<std::string> notes;
  bool still_arriving = false;
  std::string message; // why nothing could be judged
};

// One fetched evidence and, for traces, what settling made of it.
struct Fetched
{
  sources::Evidence evidence;
  std::optional<TraceNotes> settle;
};

// Fetches a trace evidence and keeps only its settled traces (trace/settle.hpp). Without --wait
// it may look further back and re-read once after the grace window; under --wait the rounds do
// the re-reading, so one read with some history is enough.
Fetched fetch_traces(http::HttpClient& client, const sources::EvidenceRequest& request,
                     const sources::Settings& settings, bool waiting, trace::SettleTracker& tracker, util::Clock& clock)
{
  Fetched out;
  std::chrono::milliseconds elapsed{0};
  const auto read = [&](int limit, std::optional<std::chrono::system_clock::time_point> started_before)
      -> Expected<trace::TraceSet, std::string> {
    auto asked = request;
    asked.limit = limit;
    asked.started_before = started_before;
    out.evidence = sources::fetch(client, asked, settings);
    elapsed += out.evidence.elapsed;
    if (!out.evidence.payload) {
      return unexpected(out.evidence.payload.error());
    }
    auto* set = std::get_if<trace::TraceSet>(&*out.evidence.payload);
    return set != nullptr ? Expected<trace::TraceSet, std::string>(std::move(*set))
                          : unexpected(std::string("internal: trace evidence without traces"));
  };
  auto settled = waiting ? [&]() -> Expected<trace::Settled, std::string> {
    TTAOBS_TRY_ASSIGN(set, read(request.limit + trace::k_settle_look_back, std::nullopt));
    return tracker.observe(set, clock.now(), clock.wall_now(), static_cast<std::size_t>(request.limit));
  }()
      : trace::read_settled(read, tracker, clock, request.limit, trace::k_settle_look_back);
  out.evidence.elapsed = elapsed;
  if (settled) {
    out.settle = TraceNotes{std::move(settled->notes), settled->still_arriving(), settled->arriving_message()};
    out.evidence.payload = sources::Payload(std::move(settled->traces));
  }
  return out;
}

// Fetches every distinct request of `wanted` concurrently; each is bounded by the config timeout.
std::map<std::string, Fetched> fetch_all(http::HttpClient& client, const config::Config& config,
                                         const sources::Settings& settings, util::Clock& clock,
                                         std::map<std::string, trace::SettleTracker>& trackers,
                                         const std::vector<const CheckSpec*>& wanted)
{
  std::map<std::string, sources::EvidenceRequest> distinct;
  for (const auto* check : wanted) {
    distinct.emplace(check->evidence.key(), check->evidence);
    if (check->evidence.source == sources::Source::jaeger_traces) {
      trackers.try_emplace(check->evidence.key(), config.settle);
    }
  }
  std::vector<std::pair<std::string, sources::EvidenceRequest>> jobs(distinct.begin(), distinct.end());
  std::vector<Fetched> results(jobs.size());
  {
    std::vector<std::jthread> threads;
    threads.reserve(jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      threads.emplace_back([&, i] {
        const auto& [key, request] = jobs[i];
        results[i] = request.source == sources::Source::jaeger_traces
                         ? fetch_traces(client, request, settings, config.wait.has_value(), trackers.at(key), clock)
                         : Fetched{sources::fetch(client, request, settings), std::nullopt};
      });
    }
  } // jthreads join here
  std::map<std::string, Fetched> out;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    out.emplace(jobs[i].first, std::move(results[i]));
  }
  return out;
}

CheckReport evaluate(const CheckSpec& check, const Fetched& fetched)
{
  const auto& evidence = fetched.evidence;
  const auto started = std::chrono::steady_clock::now();
  CheckReport report{check.id, check.group(), check.description, Status::error, {}, {}, evidence.url, Millis(0)};
  if (!evidence.payload) {
    report.message = evidence.payload.error();
  } else if (fetched.settle && fetched.settle->still_arriving) {
    report.message = fetched.settle->message;
  } else if (check.fn == nullptr) {
    report.message = "internal: check has no module";
  } else {
    auto result = check.fn(*evidence.payload, check.params);
    report.status = result.status == Status::fail && check.severity == Severity::warn ? Status::warn : result.status;
    report.message = std::move(result.message);
    report.details = std::move(result.details);
    report.measurement = std::move(result.measurement);
    const auto* probe = std::get_if<sources::Probe>(&*evidence.payload);
    const auto* exposition = std::get_if<sources::ExpositionProbe>(&*evidence.payload);
    const long status = probe != nullptr ? probe->status : exposition != nullptr ? exposition->probe.status : 0;
    if (const auto hint = http::auth_hint(status, sources::endpoint_name(check.evidence.endpoint));
        !hint.empty() && report.status != Status::pass) {
      report.message += " — " + hint.substr(hint.find("check")); // which flags a 401/403 calls for
    }
  }
  if (fetched.settle) { // which trace was judged, and why newer ones were passed over
    report.details.insert(report.details.begin(), fetched.settle->notes.begin(), fetched.settle->notes.end());
  }
  report.duration = evidence.elapsed + std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - started);
  // every report goes through here: no URL secret (password, api key) reaches any reporter
  report.message = util::redact_urls(report.message);
  for (auto& detail : report.details) {
    detail = util::redact_urls(detail);
  }
  report.evidence_url = util::redact_url(report.evidence_url);
  return report;
}

// Checks still unsettled when a stop was requested: their last outcome is kept as a detail.
template <typename IndexOf>
void mark_interrupted(std::vector<CheckReport>& reports, const std::vector<const CheckSpec*>& pending,
                      const IndexOf& index_of, int signal)
{
  for (const auto* check : pending) {
    auto& report = reports[index_of(check)];
    if (!report.message.empty()) {
      report.details.insert(report.details.begin(),
                            fmt::format("last outcome: {}: {}", to_string(report.status), report.message));
    }
    report.status = Status::error;
    report.message = fmt::format("interrupted by {} before this check settled", util::signal_name(signal));
  }
}

// Keeps, per trace evidence read this round, the traces it judged (a copy, at most --traces of
// them), or forgets them when nothing was judged; only for the HTML report.
void keep_judged(std::map<std::string, JudgedTraces>& judged, const std::map<std::string, Fetched>& fetched)
{
  for (const auto& [key, item] : fetched) {
    if (!item.settle) {
      continue; // not trace evidence, or its read failed
    }
    const auto* set = item.evidence.payload && !item.settle->still_arriving
                          ? std::get_if<trace::TraceSet>(&*item.evidence.payload)
                          : nullptr;
    if (set == nullptr) {
      judged.erase(key);
      continue;
    }
    judged[key].evidence_url = util::redact_url(item.evidence.url);
    judged[key].set = *set;
  }
}

// The kept traces in key order, each naming the checks (not skipped) that judged it.
std::vector<JudgedTraces> judged_list(const Suite& suite, const std::vector<CheckReport>& reports,
                                      std::map<std::string, JudgedTraces>& judged)
{
  std::vector<JudgedTraces> out;
  for (auto& [key, kept] : judged) {
    for (std::size_t i = 0; i < suite.checks.size(); ++i) {
      if (suite.checks[i].evidence.key() == key && reports[i].status != Status::skip) {
        kept.check_ids.push_back(suite.checks[i].id);
      }
    }
    out.push_back(std::move(kept));
  }
  return out;
}

} // namespace

bool settled(Status status)
{
  return status == Status::pass || status == Status::skip;
}

Runner::Runner(http::HttpClient& client, util::Clock& clock, const config::Config& config, sources::Settings settings)
  : m_client(client), m_clock(clock), m_config(config), m_sources(std::move(settings))
{
}

namespace {

// The run's identity: what ran, against which (redacted) endpoints, when and where.
RunSummary start_summary(const Suite& suite, const config::Config& config)
{
  RunSummary summary;
  summary.version = TTAOBS_VERSION;
  summary.suite = suite.name;
  summary.service = config.service;
  summary.strict = config.strict;
  summary.endpoints = {{"jaeger", config.jaeger_url.redacted()},
                       {"prometheus", config.prometheus_url.redacted()},
                       {"metrics", config.metrics_url.redacted()},
                       {"collector", config.collector_url.redacted()}};
  if (config.insecure_skip_verify) { // loud in every report: JUnit properties, JSON, console
    summary.endpoints.emplace_back("tls", "NOT VERIFIED (--insecure-skip-verify)");
  }
  summary.started_at = utc_now_rfc3339();
  summary.hostname = host_name();
  return summary;
}

// One report per check of `suite` (skipped by --only/--skip, or to be run: `pending`).
std::vector<CheckReport> select_checks(const Suite& suite, const config::Config& config,
                                       std::vector<const CheckSpec*>& pending)
{
  std::vector<CheckReport> reports;
  for (const auto& check : suite.checks) {
    CheckReport report{check.id, check.group(), check.description, Status::skip, {}, {}, {}, Millis(0)};
    if (!config.only.empty() && !selected_by(check, config.only)) {
      report.message = "not selected by --only";
    } else if (check.optional && config.only.empty()) {
      report.message = "optional: runs only when --only names it or one of its tags";
    } else if (selected_by(check, config.skip)) {
      report.message = "skipped by --skip";
    } else if (!check.skip_reason.empty()) {
      report.message = check.skip_reason;
    } else {
      pending.push_back(&check);
    }
    reports.push_back(std::move(report));
  }
  return reports;
}

} // namespace

RunSummary Runner::run(const Suite& suite, const std::function<void(const Progress&)>& on_progress)
{
  RunSummary summary = start_summary(suite, m_config);
  const auto started = m_clock.now();
  const auto deadline = started + m_config.wait.value_or(Millis(0));
  std::vector<const CheckSpec*> pending;
  std::vector<CheckReport> reports = select_checks(suite, m_config, pending);
  const auto index_of = [&](const CheckSpec* check) { return static_cast<std::size_t>(check - suite.checks.data()); };

  std::map<std::string, trace::SettleTracker> trackers; // per trace evidence key, across rounds
  std::map<std::string, JudgedTraces> judged;           // per trace evidence key, with --html only
  for (int round = 1;; ++round) {
    summary.rounds = round;
    const auto fetched = fetch_all(m_client, m_config, m_sources, m_clock, trackers, pending);
    const bool last_chance = !m_config.wait || m_clock.now() >= deadline;
    std::vector<const CheckSpec*> still_pending;
    for (const auto* check : pending) {
      auto& report = reports[index_of(check)];
      const auto& item = fetched.at(check->evidence.key());
      report = evaluate(*check, item);
      // a trace still arriving is never judged: re-read next round, or "could not evaluate"
      const bool arriving = item.settle && item.settle->still_arriving;
      if (!settled(report.status) || (arriving && !last_chance)) {
        still_pending.push_back(check);
      }
    }
    if (m_config.html_path) {
      keep_judged(judged, fetched);
    }
    pending = std::move(still_pending);
    if (const int signal = util::interrupted(); signal != 0) { // stop, but report everything
      mark_interrupted(reports, pending, index_of, signal);
      summary.interrupted_by = signal;
      break;
    }
    const auto now = m_clock.now();
    if (on_progress) {
      const auto total = static_cast<int>(reports.size());
      on_progress(Progress{round, total - static_cast<int>(pending.size()), total,
                           std::max(Millis(0), std::chrono::duration_cast<Millis>(deadline - now))});
    }
    // a warning is re-checked while other checks are pending, but never prolongs the wait by itself:
    // it is non-blocking (under --strict it fails, so it is waited for like any failure)
    const bool only_warnings = !m_config.strict && std::all_of(pending.begin(), pending.end(), [&](const CheckSpec* c) {
      return reports[index_of(c)].status == Status::warn;
    });
    if (pending.empty() || only_warnings || !m_config.wait || now >= deadline) {
      break;
    }
    m_clock.sleep_for(std::min(m_config.interval, std::chrono::duration_cast<Millis>(deadline - now)));
  }

  summary.duration = std::chrono::duration_cast<Millis>(m_clock.now() - started);
  summary.checks = std::move(reports);
  summarise(summary);
  summary.traces = judged_list(suite, summary.checks, judged);
  return summary;
}

} // namespace ttaobs::core
