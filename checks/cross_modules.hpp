#pragma once

// The cross-signal modules: each judges two signals against each other, where each may pass on
// its own. `cross.exemplars` (an exposition's exemplar trace ids resolve in the trace store),
// `cross.service_identity` (spans' service.name agrees with the job's target_info) and
// `cross.span_counter` (span count of an operation vs a counter's increase, within a tolerance).

#include "module.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ttaobs::checks {

/// What `cross.exemplars` expects.
struct ExemplarsExpectation
{
  std::size_t sample = 10; ///< at most this many distinct trace ids are looked up
  double min = 1;          ///< the fraction of them that must resolve
  std::string label;       ///< the exemplar label holding the trace id
  bool none_skips = false; ///< an exposition without exemplars skips (else fails)
};

/// What `cross.service_identity` expects.
struct IdentityExpectation
{
  std::string job;          ///< the scrape job whose target_info is compared
  bool compare_job = false; ///< the job label itself must name the service (OTel's convention)
};

/// What `cross.span_counter` expects.
struct SpanCounterExpectation
{
  std::string span;                   ///< the span name counted
  std::string counter;                ///< the counter's PromQL selector
  std::chrono::milliseconds window{}; ///< the window both are counted over
  double tolerance = 0.1;             ///< the largest relative difference that passes
};

/// A share in [0, 1] written "90%" or 0.9 in field `key` (nullopt when absent or bad: recorded).
std::optional<double> read_share(yaml::MapReader& entry, const ModuleContext& context, std::string_view key);

/// Reads a `cross.exemplars` entry: {sample, min, label, when_none}.
std::optional<Binding> read_cross_exemplars(yaml::MapReader& entry, const ModuleContext& context);

/// Reads a `cross.service_identity` entry: {job, traces, compare_job}.
std::optional<Binding> read_cross_service_identity(yaml::MapReader& entry, const ModuleContext& context);

/// Reads a `cross.span_counter` entry: {span, counter, job, window, tolerance, max_traces}; the
/// counter's selector gets a `job` matcher (default: the configured job; "" for none).
std::optional<Binding> read_cross_span_counter(yaml::MapReader& entry, const ModuleContext& context);

/// Passes when at least `min` of the sampled exemplar trace ids resolve in the trace store.
core::CheckOutcome judge_exemplars(const sources::ExemplarEvidence& evidence, const ExemplarsExpectation& expected);

/// Passes when every target_info series of the job names the service its spans name.
core::CheckOutcome judge_identity(const sources::IdentityEvidence& evidence, const IdentityExpectation& expected);

/// Passes when the span count and the counter's increase differ by at most the tolerance.
core::CheckOutcome judge_span_counter(const sources::SpanCounterEvidence& evidence,
                                      const SpanCounterExpectation& expected);

} // namespace ttaobs::checks
