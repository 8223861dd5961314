#pragma once

#include <src/core/check.hpp>
#include <src/trace/model.hpp>
#include <src/util/expected.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ttaobs::checks {

/// The most recent trace of `set`, or nullptr when there is none.
const trace::Trace* most_recent(const trace::TraceSet& set);

/// Span id → index into `trace.spans` (the first span wins on duplicate ids).
std::unordered_map<std::string_view, std::size_t> index_spans(const trace::Trace& trace);

/// Names of the spans with no parent, in source order, at most `limit` of them.
std::vector<std::string> root_names(const trace::Trace& trace, std::size_t limit = 5);

/// The first 16 hex digits of the trace id, with "…" when cut.
std::string short_id(const trace::Trace& trace);

/// "trace 1a2b3c4d… (7 spans)" for messages.
std::string trace_label(const trace::Trace& trace);

/// `names` joined for a message, with "… and N more" past `limit`.
std::string name_list(const std::vector<std::string>& names, std::size_t limit = 8);

/// The exposition evidence when the endpoint answered HTTP 200; otherwise the error outcome
/// (no answer, another status, or evidence of the wrong kind) the check should return.
Expected<const sources::ExpositionProbe*, core::CheckOutcome> answered_exposition(const sources::Payload& evidence);

} // namespace ttaobs::checks

namespace ttaobs::checks {

/// What a per-trace check concluded, and which subtree shows why (k_none: the whole trace).
struct TraceVerdict
{
  core::CheckOutcome outcome;
  std::size_t focus = trace::SpanTree::k_none;
};

/// A check of one trace with its tree (a plain function, or a module's judge with its typed parameters).
using TraceFn = std::function<TraceVerdict(const trace::Trace& trace, const trace::SpanTree& tree,
                                           const core::CheckParams& params)>;

/// Runs `fn` over the traces of `evidence` and combines the verdicts by `params.quantifier`
/// (latest / all / any / at least a fraction). `expected` completes "no traces found for the
/// service (expected …)". A failing verdict carries the offending subtree (bounded) as details.
core::CheckOutcome over_traces(const sources::Payload& evidence, const core::CheckParams& params, const TraceFn& fn,
                               std::string_view expected);

} // namespace ttaobs::checks
