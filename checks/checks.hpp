#pragma once

#include <src/core/check.hpp>

// The check modules. Each is a pure function of interpreted evidence and parameters;
// the built-in suites (checks/suites/*.yaml, builtin.* kinds) decide which runs under which id with which numbers.
namespace ttaobs::checks {

/// Most recent trace has ≥ `min` spans.
core::CheckOutcome trace_span_count(const sources::Payload& evidence, const core::CheckParams& params);
/// A span named `span` exists in the most recent trace and has no parent.
core::CheckOutcome trace_root_span(const sources::Payload& evidence, const core::CheckParams& params);
/// A span named `span` exists and descends from a span named `ancestor`.
core::CheckOutcome trace_descendant_span(const sources::Payload& evidence, const core::CheckParams& params);
/// ≥ `min` spans are named `prefix` followed by a decimal number.
core::CheckOutcome trace_span_series(const sources::Payload& evidence, const core::CheckParams& params);
/// The deepest span of the trace is at depth ≥ `min` (roots are depth 1).
core::CheckOutcome trace_max_depth(const sources::Payload& evidence, const core::CheckParams& params);
/// ≥ `min` (a fraction) of parent references resolve, with one root and no cycles.
core::CheckOutcome trace_link_integrity(const sources::Payload& evidence, const core::CheckParams& params);
/// Every child lies within its parent's interval, give or take `tolerance_us`.
core::CheckOutcome trace_duration_containment(const sources::Payload& evidence, const core::CheckParams& params);
/// Exactly one root, and it is named `span`.
core::CheckOutcome trace_single_root(const sources::Payload& evidence, const core::CheckParams& params);
/// The query returned ≥ `min` series (`noun` names them in the message).
core::CheckOutcome metrics_present(const sources::Payload& evidence, const core::CheckParams& params);
/// ≥ `min` distinct values of `label` across the series.
core::CheckOutcome labels_diversity(const sources::Payload& evidence, const core::CheckParams& params);
/// Some series has `label` = `value`.
core::CheckOutcome labels_value_present(const sources::Payload& evidence, const core::CheckParams& params);
/// `up{job=…}` has ≥ 1 series and every one is 1 (`value` names the job).
core::CheckOutcome metrics_scrape_up(const sources::Payload& evidence, const core::CheckParams& params);
/// Every active target of job `value` is up with no last error; reports the scrape duration.
core::CheckOutcome metrics_targets_healthy(const sources::Payload& evidence, const core::CheckParams& params);
/// Every family in the comma-separated `value` has samples in the exposition itself.
core::CheckOutcome metrics_exposition_families(const sources::Payload& evidence, const core::CheckParams& params);
/// The exposition parses (else error); promtool-rule lint problems warn, at most `min` (default 10) listed.
core::CheckOutcome metrics_exposition_lint(const sources::Payload& evidence, const core::CheckParams& params);
/// The endpoint answered HTTP 200 (`warn_only`: anything else warns).
core::CheckOutcome health_http(const sources::Payload& evidence, const core::CheckParams& params);
/// The exposition endpoint answered 200 with ≥ `min` sample lines whose name starts with `prefix`.
core::CheckOutcome health_exposition(const sources::Payload& evidence, const core::CheckParams& params);

} // namespace ttaobs::checks
