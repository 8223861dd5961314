// cross.exemplars: the exemplar trace ids of the service's exposition resolve in the trace store.

#include "cross_modules.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace ttaobs::checks {

using core::Status;

namespace {

std::string_view unresolved_reason(sources::Resolution resolution)
{
  return resolution == sources::Resolution::invalid ? "not a trace id (16 or 32 hex digits, not all zeros)"
                                                    : "not in the trace store";
}

// The verdict for an exposition whose exemplars give nothing to look up.
core::CheckOutcome nothing_to_resolve(const sources::ExemplarEvidence& evidence, const ExemplarsExpectation& expected)
{
  if (evidence.exemplars > 0) { // exemplars, but under another label: a configuration problem
    return core::outcome(Status::fail,
                         fmt::format("{} exemplar{} in the exposition, none with label {} (set `label` to the one that "
                                     "holds the trace id)",
                                     evidence.exemplars, evidence.exemplars == 1 ? "" : "s", evidence.label));
  }
  std::vector<std::string> details;
  if (evidence.format == metrics::Format::prometheus_text) {
    details.emplace_back("the endpoint answered in Prometheus text 0.0.4, which cannot carry exemplars: serve "
                         "OpenMetrics (application/openmetrics-text) when the scrape asks for it");
  }
  return core::outcome(expected.none_skips ? Status::skip : Status::fail,
                       "no exemplars in the exposition: nothing links its metrics to traces", std::move(details));
}

} // namespace

std::optional<double> read_share(yaml::MapReader& entry, const ModuleContext& context, std::string_view key)
{
  const auto* node = entry.node(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto text = yaml::scalar_text(*node, context.env, context.errors);
  if (!text) {
    return std::nullopt;
  }
  auto digits = util::trim(*text);
  const bool percent = digits.ends_with('%');
  digits = util::trim(percent ? digits.substr(0, digits.size() - 1) : digits);
  double value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  value = percent ? value / 100 : value;
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value) || value < 0 || value > 1) {
    entry.error(node->mark, fmt::format("\"{}\" must be a share such as 90% or 0.9 (0 to 1), not \"{}\"", key,
                                        util::one_line(*text, 40)));
    return std::nullopt;
  }
  return value;
}

std::optional<Binding> read_cross_exemplars(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  ExemplarsExpectation expected;
  expected.sample = static_cast<std::size_t>(entry.integer("sample", 1, 100).value_or(10));
  expected.min = read_share(entry, context, "min").value_or(1);
  expected.label = entry.string("label").value_or("trace_id");
  expected.none_skips = entry.choice("when_none", {"fail", "skip"}).value_or("fail") == "skip";
  if (expected.label.empty()) {
    entry.error(entry.mark(), "\"label\" is empty");
  }
  if (context.errors.size() != before) {
    return std::nullopt;
  }
  sources::EvidenceRequest evidence{sources::Source::exemplar_traces, sources::Endpoint::metrics, expected.label,
                                    static_cast<int>(expected.sample)};
  auto description =
      fmt::format("exemplar trace ids in the exposition resolve in the trace store ({} of ≤ {} sampled)",
                  expected.min >= 1 ? std::string("all") : fmt::format("{:g}%", expected.min * 100), expected.sample);
  auto fn = [expected](const sources::Payload& payload, const core::CheckParams&) {
    const auto* got = core::evidence_as<sources::ExemplarEvidence>(payload);
    return got == nullptr ? core::wrong_evidence("exemplar lookups") : judge_exemplars(*got, expected);
  };
  return Binding{std::move(evidence), std::move(fn), std::move(description)};
}

core::CheckOutcome judge_exemplars(const sources::ExemplarEvidence& evidence, const ExemplarsExpectation& expected)
{
  const auto n = evidence.sampled.size();
  if (n == 0) {
    return nothing_to_resolve(evidence, expected);
  }
  std::vector<std::string> details{
      fmt::format("{} exemplar{} in {} famil{} ({}), {} distinct trace id{}; {} looked up in {}", evidence.exemplars,
                  evidence.exemplars == 1 ? "" : "s", evidence.families.size(),
                  evidence.families.size() == 1 ? "y" : "ies", util::one_line(util::join(evidence.families, ", "), 160),
                  evidence.distinct_ids, evidence.distinct_ids == 1 ? "" : "s", n, evidence.trace_store)};
  std::size_t resolved = 0;
  for (const auto& lookup : evidence.sampled) {
    if (lookup.resolution == sources::Resolution::found) {
      ++resolved;
      continue;
    }
    details.push_back(fmt::format("trace {} (exemplar of {}): {}", util::one_line(lookup.trace_id, 64),
                                  util::one_line(lookup.family, 80), unresolved_reason(lookup.resolution)));
  }
  const auto needed = std::ceil(expected.min * static_cast<double>(n) - 1e-9);
  const bool ok = static_cast<double>(resolved) >= needed;
  auto message =
      resolved == n
          ? fmt::format("all {} sampled exemplar trace id{} resolve in the trace store", n, n == 1 ? "" : "s")
          : fmt::format("{} of {} sampled exemplar trace ids do not resolve in the trace store{}", n - resolved, n,
                        expected.min < 1 ? fmt::format(" (≥ {:g}% must resolve)", expected.min * 100) : std::string());
  return core::outcome(ok ? Status::pass : Status::fail, std::move(message), std::move(details))
      .with(core::at_least(static_cast<double>(resolved), needed, "trace ids"));
}

} // namespace ttaobs::checks
