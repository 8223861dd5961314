#include "suite_init.hpp"

#include "module.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

namespace ttaobs::checks {

namespace {

// `text` as a YAML double-quoted scalar that reads back as itself ("$" doubled: no interpolation).
std::string quote(std::string_view text)
{
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '$') {
      out += "$$";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Check ids: "area/name" from free text, unique within the suite ("-2", "-3" on a clash).
class Ids
{
public:
  std::string make(std::string_view area, std::string_view text)
  {
    std::string name;
    for (const char c : text.substr(0, 60)) {
      const bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
      name += ok ? c : '_';
    }
    auto id = fmt::format("{}/{}", area, name.empty() ? "_" : name);
    auto unique = id;
    for (int n = 2; !m_used.insert(unique).second; ++n) {
      unique = fmt::format("{}-{}", id, n);
    }
    return unique;
  }

private:
  std::set<std::string> m_used;
};

bool has(std::string_view kind)
{
  return find_module(kind) != nullptr;
}

// What the traces showed: in how many traces each name, root and parent → child pair appears,
// and the range of span counts and depths.
struct TraceFacts
{
  std::size_t traces = 0;
  std::map<std::string, std::size_t> names;
  std::map<std::string, std::size_t> roots;
  std::map<std::pair<std::string, std::string>, std::size_t> pairs;
  std::size_t min_spans = 0, max_spans = 0, min_depth = 0, max_depth = 0;
};

TraceFacts trace_facts(const trace::TraceSet& set)
{
  TraceFacts facts;
  for (std::size_t t = 0; t < set.traces.size() && t < set.trees.size(); ++t) {
    const auto& spans = set.traces[t].spans;
    const auto& tree = set.trees[t];
    std::set<std::string> names, roots;
    std::set<std::pair<std::string, std::string>> pairs;
    for (std::size_t i = 0; i < spans.size(); ++i) {
      names.insert(spans[i].name);
      if (spans[i].parent_id.empty()) {
        roots.insert(spans[i].name);
      } else if (i < tree.parent.size() && tree.parent[i] != trace::SpanTree::k_none) {
        pairs.insert({spans[tree.parent[i]].name, spans[i].name});
      }
    }
    for (const auto& n : names)
      ++facts.names[n];
    for (const auto& r : roots)
      ++facts.roots[r];
    for (const auto& p : pairs)
      ++facts.pairs[p];
    const bool first = facts.traces++ == 0;
    facts.min_spans = first ? spans.size() : std::min(facts.min_spans, spans.size());
    facts.max_spans = std::max(facts.max_spans, spans.size());
    facts.min_depth = first ? tree.max_depth : std::min(facts.min_depth, tree.max_depth);
    facts.max_depth = std::max(facts.max_depth, tree.max_depth);
  }
  return facts;
}

// "seen in 3 of 5 traces", and the severity line for a check that not every trace satisfied.
std::string seen(std::size_t in, std::size_t of)
{
  return fmt::format("seen in {} of {} trace{}", in, of, of == 1 ? "" : "s");
}
std::string severity(std::size_t in, std::size_t of)
{
  return in < of ? "\n    severity: warn" : "";
}

// One check entry: the comment, id, kind and the module's own fields (already indented).
std::string entry(std::string_view comment, const std::string& id, std::string_view kind, std::string_view fields)
{
  return fmt::format("  # {}\n  - id: {}\n    kind: {}\n{}\n", comment, id, kind, fields);
}

std::string root_check(const TraceFacts& facts, Ids& ids)
{
  if (facts.roots.size() != 1 || !has("trace.single_root")) {
    return {};
  }
  const auto& [name, in] = *facts.roots.begin();
  return entry(fmt::format("the root span: {}", seen(in, facts.traces)), ids.make("trace", "root"), "trace.single_root",
               fmt::format("    name: {}{}", quote(name), severity(in, facts.traces)));
}

std::string shape_checks(const TraceFacts& facts, Ids& ids)
{
  std::string out;
  if (has("trace.span_count")) {
    out += entry(
        fmt::format("spans per trace: {}–{} seen; the range is half the fewest to twice the most", facts.min_spans,
                    facts.max_spans),
        ids.make("trace", "span-count"), "trace.span_count",
        fmt::format("    min: {}\n    max: {}", std::max<std::size_t>(1, facts.min_spans / 2), facts.max_spans * 2));
  }
  if (has("trace.depth")) {
    out += entry(
        fmt::format("depth (roots are 1): {}–{} seen; the range is one level wider each way", facts.min_depth,
                    facts.max_depth),
        ids.make("trace", "depth"), "trace.depth",
        fmt::format("    min: {}\n    max: {}", std::max<std::size_t>(1, facts.min_depth - 1), facts.max_depth + 1));
  }
  return out;
}

std::string span_checks(const TraceFacts& facts, Ids& ids)
{
  std::string out;
  for (const auto& [name, in] : facts.names) {
    out += entry(fmt::format("span {}: {}", util::one_line(name, 60), seen(in, facts.traces)),
                 ids.make("trace", "span-" + name), "trace.spans",
                 fmt::format("    select:\n      name: {}{}", quote(name), severity(in, facts.traces)));
  }
  for (const auto& [pair, in] : facts.pairs) {
    out += entry(fmt::format("{} → {}: {}", util::one_line(pair.first, 40), util::one_line(pair.second, 40),
                             seen(in, facts.traces)),
                 ids.make("trace", "child-" + pair.first + "--" + pair.second), "trace.spans",
                 fmt::format("    select:\n      name: {}\n      child_of:\n        name: {}{}", quote(pair.second),
                             quote(pair.first), severity(in, facts.traces)));
  }
  return out;
}

// The trace facts as comments, for a build whose table lacks the trace kinds.
std::string trace_comments(const TraceFacts& facts)
{
  std::string out = "  # (no trace.spans kind in this ttaobs: what the traces showed, as notes)\n";
  for (const auto& [name, in] : facts.roots) {
    out += fmt::format("  #   root span {}: {}\n", quote(name), seen(in, facts.traces));
  }
  for (const auto& [name, in] : facts.names) {
    out += fmt::format("  #   span {}: {}\n", quote(name), seen(in, facts.traces));
  }
  for (const auto& [pair, in] : facts.pairs) {
    out += fmt::format("  #   {} → {}: {}\n", quote(pair.first), quote(pair.second), seen(in, facts.traces));
  }
  return out;
}

std::string trace_checks(const trace::TraceSet& set, std::string_view from, Ids& ids)
{
  const auto facts = trace_facts(set);
  if (facts.traces == 0) {
    return {};
  }
  auto out = fmt::format("\n  # --- traces: the {} newest settled trace{} of {} ---\n", facts.traces,
                         facts.traces == 1 ? "" : "s", from);
  out += root_check(facts, ids) + shape_checks(facts, ids);
  return out + (has("trace.spans") ? span_checks(facts, ids) : trace_comments(facts));
}

std::string yaml_list(const std::vector<std::string>& items)
{
  std::vector<std::string> quoted;
  for (const auto& item : items) {
    quoted.push_back(quote(item));
  }
  return "[" + util::join(quoted, ", ") + "]";
}

std::string family_check(const SeenFamily& family, Ids& ids)
{
  auto comment =
      fmt::format("{} {}: {} sample{}{}", family.type, util::one_line(family.name, 60), family.samples,
                  family.samples == 1 ? "" : "s",
                  family.sometimes.empty() ? "" : "; on some samples only: " + util::join(family.sometimes, ", "));
  if (has("exposition.family")) {
    return entry(comment, ids.make("metrics", family.name), "exposition.family",
                 fmt::format("    name: {}\n    type: {}\n    labels: {}", quote(family.name), family.type,
                             yaml_list(family.labels)));
  }
  comment += family.labels.empty() ? "" : "; labels " + util::join(family.labels, ", ");
  return entry(comment, ids.make("metrics", family.name), "prometheus.query",
               fmt::format("    query: {}\n    expect:\n      series:\n        min: 1", quote(family.first_sample)));
}

std::string metric_checks(std::vector<SeenFamily> families, std::string_view from, Ids& ids)
{
  std::sort(families.begin(), families.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  if (families.empty()) {
    return {};
  }
  auto out = fmt::format(
      "\n  # --- metrics: the {} famil{} of {}{} ---\n", families.size(), families.size() == 1 ? "y" : "ies", from,
      has("exposition.family") ? "" : " (asked of Prometheus: no exposition.family kind in this ttaobs)");
  for (const auto& family : families) {
    out += family_check(family, ids);
  }
  return out;
}

} // namespace

void FamilyCollector::on_sample(const metrics::Sample& sample, const metrics::Family&)
{
  auto& counts = m_counts[sample.family];
  if (counts.first_sample.empty()) {
    counts.first_sample = std::string(sample.name);
  }
  for (const auto& label : sample.labels) {
    ++counts.labels[std::string(label.name)];
  }
}

std::vector<SeenFamily> FamilyCollector::families(const metrics::ExpositionParser& parser) const
{
  std::vector<SeenFamily> out;
  const auto& table = parser.families();
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto counts = m_counts.find(i);
    if (counts == m_counts.end()) {
      continue; // metadata without samples: nothing a check could find
    }
    const auto type = table[i].type == metrics::MetricType::gauge_histogram
                          ? std::string("gaugehistogram")
                          : std::string(metrics::to_string(table[i].type));
    SeenFamily family{table[i].name, type, counts->second.first_sample, table[i].samples, {}, {}};
    for (const auto& [label, n] : counts->second.labels) {
      (n >= table[i].samples ? family.labels : family.sometimes).push_back(label);
    }
    out.push_back(std::move(family));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::string generate_suite(const InitEvidence& evidence)
{
  Ids ids;
  auto checks = trace_checks(evidence.traces, evidence.traces_from, ids) +
                metric_checks(evidence.families, evidence.metrics_from, ids);
  auto out = fmt::format("# A starter suite for {}, written by `ttaobs suite init` from what it saw.\n"
                         "# Edit it: drop what is incidental, tighten what matters, then run\n"
                         "#   ttaobs suite check FILE && ttaobs validate --suite FILE\n"
                         "suite: {}\n"
                         "description: {}\n"
                         "defaults:\n"
                         "  service: {}\n",
                         util::one_line(evidence.service, 80), quote(evidence.service),
                         quote(fmt::format("what {} showed when this suite was written", evidence.service)),
                         quote(evidence.service));
  if (checks.empty()) {
    return out + "checks: [] # nothing was seen: no settled trace, no metric family\n";
  }
  return out + "checks:" + checks;
}

} // namespace ttaobs::checks
