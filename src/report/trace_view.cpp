#include "trace_view.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace ttaobs::report {

namespace {

using sources::SpanTree;

// One line to draw: which span, the guides drawn before its connector, and its connector.
struct Row
{
  std::size_t span;
  std::size_t level;
  std::string guide;
  std::string connector;
  std::string child_guide; // the guides its children draw
};

// Depth-first order with an explicit stack (a 10⁵-deep chain must not recurse the stack away).
std::vector<Row> tree_order(const sources::Trace& trace, const SpanTree& tree, std::size_t focus, std::size_t limit)
{
  std::vector<std::size_t> tops;
  if (focus != SpanTree::k_none) {
    tops.push_back(focus);
  } else {
    tops = tree.roots;
    tops.insert(tops.end(), tree.orphans.begin(), tree.orphans.end());
    tops.insert(tops.end(), tree.in_cycle.begin(), tree.in_cycle.end());
  }
  std::vector<Row> rows;
  std::vector<Row> stack;
  for (auto it = tops.rbegin(); it != tops.rend(); ++it) {
    stack.push_back({*it, 0, "", "", ""});
  }
  std::vector<bool> seen(trace.spans.size(), false);
  while (!stack.empty() && rows.size() < limit) {
    Row row = std::move(stack.back());
    stack.pop_back();
    if (seen[row.span]) {
      continue; // cycle members are drawn once, as tops
    }
    seen[row.span] = true;
    const auto kids = tree.children(row.span);
    for (std::size_t k = kids.size(); k-- > 0;) {
      const bool last = k + 1 == kids.size();
      stack.push_back({kids[k], row.level + 1, row.child_guide, last ? "└─ " : "├─ ",
                       row.child_guide + (last ? "   " : "│  ")});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Which spans are orphans, extra roots or duplicates: computed once per drawing, so marking a
// trace with 10⁵ orphans stays linear.
class Flags
{
public:
  explicit Flags(const SpanTree& tree) : m_bits(tree.parent.size(), 0)
  {
    for (const auto i : tree.orphans) m_bits[i] |= k_orphan;
    if (tree.roots.size() > 1) {
      for (const auto i : tree.roots) m_bits[i] |= k_extra_root;
    }
    for (const auto i : tree.duplicates) m_bits[i] |= k_duplicate;
  }
  bool orphan(std::size_t i) const { return (m_bits[i] & k_orphan) != 0; }
  bool extra_root(std::size_t i) const { return (m_bits[i] & k_extra_root) != 0; }
  bool duplicate(std::size_t i) const { return (m_bits[i] & k_duplicate) != 0; }

private:
  static constexpr unsigned char k_orphan = 1;
  static constexpr unsigned char k_extra_root = 2;
  static constexpr unsigned char k_duplicate = 4;
  std::vector<unsigned char> m_bits;
};

std::vector<std::string> marks(const sources::Trace& trace, const SpanTree& tree, const Flags& flags, std::size_t i,
                               std::int64_t tolerance)
{
  std::vector<std::string> out;
  const auto& span = trace.spans[i];
  if (flags.orphan(i)) {
    out.push_back(fmt::format("orphan: parent {} not in trace", span.parent_id));
  }
  if (flags.extra_root(i)) {
    out.push_back(fmt::format("one of {} roots", tree.roots.size()));
  }
  if (tree.depth[i] == SpanTree::k_none) {
    out.push_back("in a reference cycle");
  }
  if (flags.duplicate(i)) {
    out.push_back(fmt::format("duplicate span id {}", span.span_id));
  }
  const auto problem = containment_problem(trace, tree, i, tolerance);
  if (!problem.empty()) {
    out.push_back(problem + " its parent");
  }
  return out;
}

// Spans under (and including) `focus`, or all spans.
std::size_t span_total(const sources::Trace& trace, const SpanTree& tree, std::size_t focus)
{
  if (focus == SpanTree::k_none) {
    return trace.spans.size();
  }
  std::vector<bool> seen(trace.spans.size(), false);
  std::vector<std::size_t> stack{focus};
  std::size_t count = 0;
  while (!stack.empty()) {
    const auto i = stack.back();
    stack.pop_back();
    if (seen[i]) {
      continue;
    }
    seen[i] = true;
    ++count;
    const auto kids = tree.children(i);
    stack.insert(stack.end(), kids.begin(), kids.end());
  }
  return count;
}

std::string remaining_note(std::size_t shown, std::size_t total)
{
  return shown < total ? fmt::format("… {} more span{}\n", total - shown, total - shown == 1 ? "" : "s") : "";
}

} // namespace

std::string format_duration_us(std::int64_t us)
{
  if (us < 1000) {
    return fmt::format("{}µs", us);
  }
  if (us < 1000000) {
    return fmt::format("{:.3g}ms", static_cast<double>(us) / 1e3);
  }
  return fmt::format("{:.3g}s", static_cast<double>(us) / 1e6);
}

std::string containment_problem(const sources::Trace& trace, const SpanTree& tree, std::size_t i, std::int64_t tolerance_us)
{
  const auto p = tree.parent[i];
  if (p == SpanTree::k_none) {
    return {};
  }
  const auto& child = trace.spans[i];
  const auto& parent = trace.spans[p];
  const auto early = parent.start_us - child.start_us;
  const auto late = (child.start_us + child.duration_us) - (parent.start_us + parent.duration_us);
  if (early > tolerance_us) {
    return fmt::format("starts {} before", format_duration_us(early));
  }
  if (late > tolerance_us) {
    return fmt::format("ends {} after", format_duration_us(late));
  }
  return {};
}

std::string render_tree(const sources::Trace& trace, const SpanTree& tree, const TraceViewOptions& options)
{
  const auto rows = tree_order(trace, tree, options.focus, options.max_lines);
  const Flags flags(tree);
  std::string out;
  for (const auto& row : rows) {
    const auto& span = trace.spans[row.span];
    auto line = fmt::format("{}{}{} {}", row.guide, row.connector, util::one_line(span.name, 120),
                            format_duration_us(span.duration_us));
    if (tree.self_time_us[row.span] != span.duration_us) {
      line += fmt::format(" (self {})", format_duration_us(tree.self_time_us[row.span]));
    }
    for (const auto& mark : marks(trace, tree, flags, row.span, options.skew_tolerance_us)) {
      line += options.color ? fmt::format(" \033[33m⚠ {}\033[0m", mark) : fmt::format(" ⚠ {}", mark);
    }
    out += line + "\n";
  }
  return out + remaining_note(rows.size(), span_total(trace, tree, options.focus));
}

std::string render_waterfall(const sources::Trace& trace, const SpanTree& tree, const TraceViewOptions& options)
{
  if (trace.spans.empty()) {
    return "(empty trace)\n";
  }
  std::int64_t begin = trace.spans[0].start_us;
  std::int64_t end = begin;
  for (const auto& span : trace.spans) {
    begin = std::min(begin, span.start_us);
    end = std::max(end, span.start_us + span.duration_us);
  }
  const auto rows = tree_order(trace, tree, options.focus, options.max_lines);
  const Flags flags(tree);
  std::size_t label_width = 0;
  for (const auto& row : rows) {
    label_width = std::max(label_width, row.level * 2 + util::one_line(trace.spans[row.span].name, 40).size());
  }
  label_width = std::min<std::size_t>(label_width, 48);
  const std::size_t bar_width = options.width > label_width + 30 ? options.width - label_width - 22 : 20;
  const double scale = static_cast<double>(bar_width) / static_cast<double>(std::max<std::int64_t>(1, end - begin));
  std::string out = fmt::format("{:<{}}  {:>9} {:>9}  0{:>{}}\n", "span", label_width, "offset", "duration",
                                format_duration_us(end - begin), bar_width - 1);
  for (const auto& row : rows) {
    const auto& span = trace.spans[row.span];
    const auto from = static_cast<std::size_t>(static_cast<double>(span.start_us - begin) * scale);
    const auto len = std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(span.duration_us) * scale));
    std::string bar(std::min(from, bar_width), ' ');
    for (std::size_t k = 0; k < len && bar.size() < bar_width + 1; ++k) {
      bar += "█";
    }
    const bool flagged = !marks(trace, tree, flags, row.span, options.skew_tolerance_us).empty();
    const auto label = std::string(row.level * 2, ' ') + util::one_line(span.name, 40);
    out += fmt::format("{:<{}}  {:>9} {:>9}  {}{}\n", label.substr(0, label_width), label_width,
                       format_duration_us(span.start_us - begin), format_duration_us(span.duration_us),
                       options.color && flagged ? "\033[33m" + bar + "\033[0m" : bar, flagged ? " ⚠" : "");
  }
  return out + remaining_note(rows.size(), span_total(trace, tree, options.focus));
}

std::string render_trace_json(const sources::Trace& trace, const SpanTree& tree)
{
  using nlohmann::ordered_json;
  const Flags flags(tree);
  ordered_json spans = ordered_json::array();
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const auto& span = trace.spans[i];
    ordered_json item;
    item["span_id"] = span.span_id;
    item["parent_id"] = span.parent_id;
    item["name"] = span.name;
    item["start_us"] = span.start_us;
    item["duration_us"] = span.duration_us;
    item["self_time_us"] = tree.self_time_us[i];
    item["depth"] = tree.depth[i] == SpanTree::k_none ? ordered_json(nullptr) : ordered_json(tree.depth[i]);
    item["children"] = std::vector<std::size_t>(tree.children(i).begin(), tree.children(i).end());
    item["marks"] = marks(trace, tree, flags, i, 0);
    spans.push_back(std::move(item));
  }
  ordered_json doc;
  doc["schema"] = "ttaobs.trace/v1";
  doc["trace_id"] = trace.trace_id;
  doc["span_count"] = trace.spans.size();
  doc["max_depth"] = tree.max_depth;
  doc["roots"] = tree.roots;
  doc["orphans"] = tree.orphans;
  doc["duplicates"] = tree.duplicates;
  doc["in_cycle"] = tree.in_cycle;
  doc["spans"] = std::move(spans);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace ttaobs::report
