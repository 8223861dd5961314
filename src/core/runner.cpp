#include "runner.hpp"

#include <src/config/config.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

namespace ttaobs::core {

namespace {

using Millis = std::chrono::milliseconds;

bool contains(const std::vector<std::string>& items, const std::string& item)
{
  return std::find(items.begin(), items.end(), item) != items.end();
}

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

// Extra recent traces fetched under --wait, so that traces seen in the previous poll show up again.
constexpr int k_settle_history = 4;

// Fetches every distinct request of `wanted` concurrently; each is bounded by the config timeout.
std::map<std::string, sources::Evidence> fetch_all(http::HttpClient& client, const config::Config& config,
                                                   const std::vector<const CheckSpec*>& wanted)
{
  std::map<std::string, sources::EvidenceRequest> distinct;
  for (const auto* check : wanted) {
    auto request = check->evidence;
    if (config.wait && request.source == sources::Source::jaeger_traces) {
      request.limit += k_settle_history;
    }
    distinct.emplace(check->evidence.key(), request);
  }
  std::vector<std::pair<std::string, sources::EvidenceRequest>> jobs(distinct.begin(), distinct.end());
  std::vector<sources::Evidence> results(jobs.size());
  {
    std::vector<std::jthread> threads;
    threads.reserve(jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      threads.emplace_back([&, i] { results[i] = sources::fetch(client, jobs[i].second, config); });
    }
  } // jthreads join here
  std::map<std::string, sources::Evidence> out;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    out.emplace(jobs[i].first, std::move(results[i]));
  }
  return out;
}

CheckReport evaluate(const CheckSpec& check, const sources::Evidence& evidence)
{
  const auto started = std::chrono::steady_clock::now();
  CheckReport report{check.id, check.group(), check.description, Status::error, {}, {}, evidence.url, Millis(0)};
  if (!evidence.payload) {
    report.message = evidence.payload.error();
  } else if (check.fn == nullptr) {
    report.message = "internal: check has no module";
  } else {
    auto result = check.fn(*evidence.payload, check.params);
    report.status = result.status;
    report.message = std::move(result.message);
    report.details = std::move(result.details);
  }
  report.duration = evidence.elapsed
                    + std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - started);
  return report;
}

// Under --wait, replaces each trace payload by its settled traces (see sources::settled_traces) and
// returns the evidence keys that have none yet; on the last chance the newest traces are judged anyway.
std::set<std::string> settle_traces(std::map<std::string, sources::Evidence>& evidence,
                                    std::map<std::string, sources::TraceSet>& previous,
                                    const std::vector<const CheckSpec*>& checks, bool last_chance)
{
  std::set<std::string> unsettled;
  std::set<std::string> done; // several checks share one evidence: settle it once
  for (const auto* check : checks) {
    const auto key = check->evidence.key();
    auto& item = evidence.at(key);
    auto* set = item.payload ? std::get_if<sources::TraceSet>(&*item.payload) : nullptr;
    if (set == nullptr || !done.insert(key).second) {
      continue;
    }
    const auto limit = static_cast<std::size_t>(check->evidence.limit);
    auto stable = sources::settled_traces(previous[key], *set, limit);
    if (!stable.traces.empty()) {
      previous[key] = std::move(*set); // judged no more: remembered for the next poll
      *set = std::move(stable);
      continue;
    }
    previous[key] = *set; // still judged below, so a copy
    if (!set->traces.empty() || !last_chance) {
      unsettled.insert(key);
    }
    set->traces.resize(std::min(set->traces.size(), limit));
    set->trees.resize(set->traces.size());
  }
  return unsettled;
}

} // namespace

bool settled(Status status, bool strict)
{
  return status == Status::pass || status == Status::skip || (status == Status::warn && !strict);
}

Counts count(const std::vector<CheckReport>& checks)
{
  Counts c;
  for (const auto& check : checks) {
    switch (check.status) {
    case Status::pass:
      ++c.passed;
      break;
    case Status::fail:
      ++c.failed;
      break;
    case Status::warn:
      ++c.warnings;
      break;
    case Status::error:
      ++c.errors;
      break;
    case Status::skip:
      ++c.skipped;
      break;
    }
  }
  return c;
}

ExitCode exit_code_for(const Counts& counts, bool strict)
{
  if (counts.failed > 0 || (strict && counts.warnings > 0)) {
    return ExitCode::failed;
  }
  if (counts.errors > 0) {
    return ExitCode::could_not_look;
  }
  return ExitCode::ok;
}

Runner::Runner(http::HttpClient& client, util::Clock& clock, const config::Config& config)
  : m_client(client), m_clock(clock), m_config(config)
{
}

RunSummary Runner::run(const Suite& suite, const std::function<void(const Progress&)>& on_progress)
{
  RunSummary summary;
  summary.version = TTAOBS_VERSION;
  summary.suite = suite.name;
  summary.service = m_config.service;
  summary.strict = m_config.strict;
  summary.endpoints = {{"jaeger", m_config.jaeger_url.str()},
                       {"prometheus", m_config.prometheus_url.str()},
                       {"metrics", m_config.metrics_url.str()},
                       {"collector", m_config.collector_url.str()}};
  summary.started_at = utc_now_rfc3339();
  summary.hostname = host_name();
  const auto started = m_clock.now();
  const auto deadline = started + m_config.wait.value_or(Millis(0));

  std::vector<CheckReport> reports;
  std::vector<const CheckSpec*> pending;
  for (const auto& check : suite.checks) {
    CheckReport report{check.id, check.group(), check.description, Status::skip, {}, {}, {}, Millis(0)};
    if (!m_config.only.empty() && !contains(m_config.only, check.id)) {
      report.message = "not selected by --only";
    } else if (contains(m_config.skip, check.id)) {
      report.message = "skipped by --skip";
    } else {
      pending.push_back(&check);
    }
    reports.push_back(std::move(report));
  }
  const auto index_of = [&](const CheckSpec* check) { return static_cast<std::size_t>(check - suite.checks.data()); };

  std::map<std::string, sources::TraceSet> previous_traces; // per evidence key, the last poll
  for (int round = 1;; ++round) {
    summary.rounds = round;
    auto evidence = fetch_all(m_client, m_config, pending);
    const bool last_chance = !m_config.wait || m_clock.now() >= deadline;
    // only a poller can tell a settled trace from one still arriving
    const std::set<std::string> unsettled =
      m_config.wait ? settle_traces(evidence, previous_traces, pending, last_chance) : std::set<std::string>{};
    std::vector<const CheckSpec*> still_pending;
    for (const auto* check : pending) {
      auto& report = reports[index_of(check)];
      report = evaluate(*check, evidence.at(check->evidence.key()));
      if (unsettled.count(check->evidence.key()) > 0) {
        report.details.insert(report.details.begin(), "judged on traces that were still arriving (--wait ended)");
      }
      if (!settled(report.status, m_config.strict) || (unsettled.count(check->evidence.key()) > 0 && !last_chance)) {
        still_pending.push_back(check);
      }
    }
    pending = std::move(still_pending);
    const auto now = m_clock.now();
    if (on_progress) {
      const auto total = static_cast<int>(reports.size());
      on_progress(Progress{round, total - static_cast<int>(pending.size()), total,
                           std::max(Millis(0), std::chrono::duration_cast<Millis>(deadline - now))});
    }
    if (pending.empty() || !m_config.wait || now >= deadline) {
      break;
    }
    m_clock.sleep_for(std::min(m_config.interval, std::chrono::duration_cast<Millis>(deadline - now)));
  }

  summary.duration = std::chrono::duration_cast<Millis>(m_clock.now() - started);
  summary.checks = std::move(reports);
  summary.counts = count(summary.checks);
  summary.exit_code = exit_code_for(summary.counts, summary.strict);
  return summary;
}

} // namespace ttaobs::core
