#include "trace_modules.hpp"

#include "checks.hpp"

#include <src/trace/containment.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

std::string Range::expected() const
{
  if (min && max) {
    return *min == *max ? fmt::format("expected {}", *min) : fmt::format("expected {}–{}", *min, *max);
  }
  return min ? fmt::format("expected ≥ {}", *min) : max ? fmt::format("expected ≤ {}", *max) : "any number";
}

namespace {

core::Measurement measure(long long n, const Range& range, std::string unit)
{
  const auto value = static_cast<double>(n);
  if (range.max && (!range.min || n > *range.max)) {
    return core::at_most(value, static_cast<double>(*range.max), std::move(unit));
  }
  return core::at_least(value, static_cast<double>(range.min.value_or(0)), std::move(unit));
}

std::string bounds_text(const SpanExpectation& e)
{
  if (e.min_us && e.max_us) {
    return fmt::format("{}–{}", trace::format_duration_us(*e.min_us), trace::format_duration_us(*e.max_us));
  }
  return e.min_us ? fmt::format("≥ {}", trace::format_duration_us(*e.min_us))
                  : fmt::format("≤ {}", trace::format_duration_us(e.max_us.value_or(0)));
}

} // namespace

TraceVerdict judge_spans(const trace::Trace& trace, const trace::SpanTree& tree, const SpanExpectation& expected)
{
  const auto selected = select_spans(expected.select, trace, tree);
  const auto n = static_cast<long long>(selected.size());
  const auto what = expected.select.describe();
  auto message = fmt::format("{} span{} ({}) in {} ({})", n, n == 1 ? "" : "s", what, trace_label(trace),
                             expected.count.expected());
  if (!expected.count.holds(n)) {
    const auto focus = selected.empty() ? trace::SpanTree::k_none : selected.front();
    return {core::outcome(Status::fail, util::one_line(message, 400)).with(measure(n, expected.count, "spans")), focus};
  }
  if (!expected.min_us && !expected.max_us) {
    return {core::outcome(Status::pass, util::one_line(message, 400)).with(measure(n, expected.count, "spans"))};
  }
  std::vector<std::string> outside;
  std::size_t focus = trace::SpanTree::k_none;
  for (const auto i : selected) {
    const auto d = trace.spans[i].duration_us;
    if ((expected.min_us && d < *expected.min_us) || (expected.max_us && d > *expected.max_us)) {
      focus = focus == trace::SpanTree::k_none ? i : focus;
      outside.push_back(fmt::format("'{}' {}", trace.spans[i].name, trace::format_duration_us(d)));
    }
  }
  const auto bounds = bounds_text(expected);
  const auto m = core::at_most(static_cast<double>(outside.size()), 0, "spans outside the duration bounds");
  if (outside.empty()) {
    return {core::outcome(Status::pass, util::one_line(fmt::format("{}; every duration {}", message, bounds), 400))
                .with(m)};
  }
  return {core::outcome(Status::fail,
                        util::one_line(fmt::format("{}; {} of {} last{} outside {}: {}", message, outside.size(), n,
                                                   outside.size() == 1 ? "s" : "", bounds, name_list(outside, 5)),
                                       400))
              .with(m),
          focus};
}

TraceVerdict judge_span_count(const trace::Trace& trace, const Range& range)
{
  const auto n = static_cast<long long>(trace.spans.size());
  return {
      core::outcome(range.holds(n) ? Status::pass : Status::fail,
                    fmt::format("{} span{} in trace {} ({})", n, n == 1 ? "" : "s", short_id(trace), range.expected()))
          .with(measure(n, range, "spans"))};
}

TraceVerdict judge_depth(const trace::Trace& trace, const trace::SpanTree& tree, const Range& range)
{
  const auto depth = static_cast<long long>(tree.max_depth);
  auto message = fmt::format("depth {} in {} ({})", depth, trace_label(trace), range.expected());
  if (tree.deepest != trace::SpanTree::k_none) {
    message += ": " + util::join(trace::path_to(trace, tree, tree.deepest), " → ");
  }
  const bool ok = range.holds(depth);
  return {core::outcome(ok ? Status::pass : Status::fail, util::one_line(message, 400))
              .with(measure(depth, range, "levels")),
          ok ? trace::SpanTree::k_none : tree.deepest};
}

TraceVerdict judge_one_root(const trace::Trace& trace, const trace::SpanTree& tree)
{
  std::vector<std::string> roots;
  for (const auto i : tree.roots) {
    roots.push_back(trace.spans[i].name);
  }
  const auto n = static_cast<double>(roots.size());
  if (roots.size() == 1) {
    return {core::outcome(Status::pass, fmt::format("one root, '{}', in {}", roots[0], trace_label(trace)))
                .with(core::exactly(1, 1, "roots"))};
  }
  return {core::outcome(Status::fail, fmt::format("{} roots (expected exactly one) in {}{}{}", roots.size(),
                                                  trace_label(trace), roots.empty() ? "" : ": ", name_list(roots, 5)))
              .with(core::exactly(n, 1, "roots"))};
}

} // namespace ttaobs::checks

namespace ttaobs::checks {

namespace {

sources::EvidenceRequest traces_evidence()
{
  return {sources::Source::jaeger_traces, sources::Endpoint::jaeger, {}, 1, false};
}

// A binding judging every trace with `judge` (over_traces: quantifier, worst offender, subtree).
Binding per_trace(TraceFn judge, std::string expected, std::string description)
{
  auto fn = [judge = std::move(judge), expected = std::move(expected)](const sources::Payload& evidence,
                                                                       const core::CheckParams& params) {
    return over_traces(evidence, params, judge, expected);
  };
  return Binding{traces_evidence(), std::move(fn), std::move(description)};
}

// A binding running a built-in check with some of its parameters set (its messages stay the built-in suites').
Binding built_in(core::CheckOutcome (*check)(const sources::Payload&, const core::CheckParams&), core::CheckParams set,
                 std::string description)
{
  auto fn = [check, set](const sources::Payload& evidence, const core::CheckParams& params) {
    auto p = set;
    p.quantifier = params.quantifier;
    return check(evidence, p);
  };
  return Binding{traces_evidence(), std::move(fn), std::move(description)};
}

// `min` and `max` of `map` (whole numbers up to `hi`); nullopt after recording max < min.
std::optional<Range> read_range(yaml::MapReader& map, const std::string& what, long long hi)
{
  Range out;
  out.min = map.integer("min", 0, hi);
  out.max = map.integer("max", 0, hi);
  if (out.min && out.max && *out.max < *out.min) {
    map.error(map.mark(), fmt::format("{}: max {} is below min {}", what, *out.max, *out.min));
    return std::nullopt;
  }
  return out;
}

// A range of the entry itself, at least one end required.
std::optional<Range> read_entry_range(yaml::MapReader& entry, std::string_view kind, long long hi)
{
  auto range = read_range(entry, std::string(kind), hi);
  if (range && !range->min && !range->max) {
    entry.error(entry.mark(), fmt::format("{} needs \"min\" or \"max\"", kind));
    return std::nullopt;
  }
  return range;
}

bool read_durations(yaml::MapReader& entry, const ModuleContext& context, SpanExpectation& out)
{
  const auto* node = entry.node("duration");
  if (node == nullptr) {
    return true;
  }
  yaml::MapReader map(*node, "\"duration\"", context.env, context.errors);
  const auto min = map.duration("min");
  const auto max = map.duration("max");
  map.finish();
  out.min_us = min ? std::optional<std::int64_t>(min->count()) : std::nullopt;
  out.max_us = max ? std::optional<std::int64_t>(max->count()) : std::nullopt;
  if (out.min_us && out.max_us && *out.max_us < *out.min_us) {
    map.error(node->mark, "\"duration\": max is below min");
    return false;
  }
  if (!out.min_us && !out.max_us && node->kind == yaml::Node::Kind::map && node->entries.empty()) {
    map.error(node->mark, "\"duration\" needs \"min\" or \"max\"");
    return false;
  }
  return true;
}

} // namespace

std::optional<Binding> read_trace_spans(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  SpanExpectation expected;
  if (const auto* select = entry.node("select")) {
    if (auto selector = read_span_selector(*select, "\"select\"", context.env, context.errors)) {
      expected.select = std::move(*selector);
    }
  }
  if (const auto* count = entry.node("count")) {
    yaml::MapReader map(*count, "\"count\"", context.env, context.errors);
    if (auto range = read_range(map, "\"count\"", 100'000'000)) {
      expected.count = *range;
    }
    map.finish();
  }
  read_durations(entry, context, expected);
  if (context.errors.size() != before) {
    return std::nullopt;
  }
  auto description =
      fmt::format("spans ({}): {}", util::one_line(expected.select.describe(), 80), expected.count.expected());
  auto judge = [expected](const trace::Trace& trace, const trace::SpanTree& tree, const core::CheckParams&) {
    return judge_spans(trace, tree, expected);
  };
  auto what = fmt::format("spans ({})", expected.select.describe());
  return per_trace(std::move(judge), std::move(what), std::move(description));
}

std::optional<Binding> read_trace_span_count(yaml::MapReader& entry, const ModuleContext&)
{
  const auto range = read_entry_range(entry, "trace.span_count", 100'000'000);
  if (!range) {
    return std::nullopt;
  }
  if (!range->max) {
    return built_in(trace_span_count, {.min = static_cast<double>(*range->min)},
                    fmt::format("the trace has ≥ {} spans", *range->min));
  }
  auto judge = [range = *range](const trace::Trace& trace, const trace::SpanTree&, const core::CheckParams&) {
    return judge_span_count(trace, range);
  };
  return per_trace(std::move(judge), fmt::format("a trace of {} spans", range->expected()),
                   fmt::format("the trace's span count: {}", range->expected()));
}

std::optional<Binding> read_trace_depth(yaml::MapReader& entry, const ModuleContext&)
{
  const auto range = read_entry_range(entry, "trace.depth", 1'000'000);
  if (!range) {
    return std::nullopt;
  }
  if (!range->max) {
    return built_in(trace_max_depth, {.min = static_cast<double>(*range->min)},
                    fmt::format("the trace tree reaches depth ≥ {} (roots are depth 1)", *range->min));
  }
  auto judge = [range = *range](const trace::Trace& trace, const trace::SpanTree& tree, const core::CheckParams&) {
    return judge_depth(trace, tree, range);
  };
  return per_trace(std::move(judge), fmt::format("a trace of depth {}", range->expected()),
                   fmt::format("the trace tree's depth (roots are depth 1): {}", range->expected()));
}

std::optional<Binding> read_trace_links(yaml::MapReader& entry, const ModuleContext&)
{
  const auto min = entry.number("min", 0, 1).value_or(1.0);
  return built_in(trace_link_integrity, {.min = min},
                  fmt::format("{:g}% of parent references resolve, one root, no cycles", min * 100));
}

std::optional<Binding> read_trace_containment(yaml::MapReader& entry, const ModuleContext&)
{
  const auto tolerance = entry.duration("tolerance");
  const auto us = tolerance ? tolerance->count() : trace::k_containment_tolerance_us;
  return built_in(
      trace_duration_containment, {.tolerance_us = us},
      fmt::format("every child lies within its parent's interval (±{} skew)", trace::format_duration_us(us)));
}

std::optional<Binding> read_trace_single_root(yaml::MapReader& entry, const ModuleContext&)
{
  if (const auto name = entry.string("name")) {
    return built_in(trace_single_root, {.span = *name}, fmt::format("exactly one root span, '{}'", *name));
  }
  auto judge = [](const trace::Trace& trace, const trace::SpanTree& tree, const core::CheckParams&) {
    return judge_one_root(trace, tree);
  };
  return per_trace(std::move(judge), "a trace with one root", "exactly one root span");
}

} // namespace ttaobs::checks
