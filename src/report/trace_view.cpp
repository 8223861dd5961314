#include "trace_view.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace ttaobs::report {

namespace {

using trace::SpanTree;

// One line to draw: which span, how deep it is drawn (0 for the tops) and whether it is the last
// of its siblings. Guides are not stored per row: a 10⁵-deep chain would make them quadratic.
struct Row
{
  std::size_t span;
  std::size_t level;
  bool last;
};

// Depth-first order with an explicit stack (a 10⁵-deep chain must not recurse the stack away).
std::vector<Row> tree_order(const trace::Trace& trace, const SpanTree& tree, std::size_t focus, std::size_t limit)
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
    stack.push_back({*it, 0, true});
  }
  std::vector<bool> seen(trace.spans.size(), false);
  while (!stack.empty() && rows.size() < limit) {
    const Row row = stack.back();
    stack.pop_back();
    if (seen[row.span]) {
      continue; // cycle members are drawn once, as tops
    }
    seen[row.span] = true;
    const auto kids = tree.children(row.span);
    for (std::size_t k = kids.size(); k-- > 0;) {
      stack.push_back({kids[k], row.level + 1, k + 1 == kids.size()});
    }
    rows.push_back(row);
  }
  return rows;
}

// Draws the indentation of rows in order: "│  " / "   " guides for the ancestors, a connector,
// and past `fold` levels a fixed indent with the depth spelled out after a "folded" line.
class Indenter
{
public:
  Indenter(const std::vector<Row>& rows, std::size_t fold) : m_rows(rows), m_fold(std::max<std::size_t>(fold, 1)) {}

  /// The "⋮ depth A–B folded" line to print before row `r` ("" if none), given the ancestors' guides.
  std::string fold_note(std::size_t r) const
  {
    const auto level = m_rows[r].level;
    if (level < m_fold || (r > 0 && m_rows[r - 1].level >= m_fold)) {
      return {};
    }
    std::size_t deepest = level;
    for (auto k = r; k < m_rows.size() && m_rows[k].level >= m_fold; ++k) {
      deepest = std::max(deepest, m_rows[k].level);
    }
    return fmt::format("⋮ depth {}–{}: indentation folded, each line starts with its depth", level + 1, deepest + 1);
  }
  /// The guides before row `r`'s connector (call for every row, in order).
  const std::string& guide(std::size_t r)
  {
    const auto& row = m_rows[r];
    const auto shown = std::min(row.level, m_fold);
    m_last.resize(std::min(row.level, m_fold + 1));
    if (row.level <= m_fold) {
      m_last.push_back(row.last);
    }
    m_guide.clear();
    for (std::size_t level = 1; level < shown; ++level) {
      m_guide += m_last[level] ? "   " : "│  ";
    }
    return m_guide;
  }
  /// "[depth] " for a folded row, else "".
  std::string depth_label(std::size_t r) const
  {
    return m_rows[r].level >= m_fold ? fmt::format("[{}] ", m_rows[r].level + 1) : std::string();
  }
  /// The connector of row `r`.
  std::string_view connector(std::size_t r) const
  {
    return m_rows[r].level == 0 ? "" : m_rows[r].last ? "└─ " : "├─ ";
  }

private:
  const std::vector<Row>& m_rows;
  std::size_t m_fold;
  std::vector<bool> m_last; // whether the ancestor drawn at each level was the last of its siblings
  std::string m_guide;
};

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

constexpr std::string_view k_error_mark = "status ERROR"; // drawn as "✗ ERROR"
constexpr std::size_t k_links_shown = 3;                  // per span; more are counted

// " ↪ follows from span ID" per link (FOLLOWS_FROM references, OTLP span links).
std::string links_text(const trace::Span& span)
{
  std::string out;
  for (std::size_t k = 0; k < span.links.size() && k < k_links_shown; ++k) {
    out += fmt::format(" ↪ follows from span {}", util::one_line(span.links[k].view(), 40));
  }
  if (span.links.size() > k_links_shown) {
    out += fmt::format(" (+{} more link{})", span.links.size() - k_links_shown, span.links.size() - k_links_shown == 1 ? "" : "s");
  }
  return out;
}

std::vector<std::string> marks(const trace::Trace& trace, const SpanTree& tree, const Flags& flags, std::size_t i,
                               std::int64_t tolerance)
{
  std::vector<std::string> out;
  const auto& span = trace.spans[i];
  if (span.error) {
    out.emplace_back(k_error_mark);
  }
  if (flags.orphan(i)) {
    out.push_back(fmt::format("orphan: parent {} not in trace", util::one_line(span.parent_id, 40)));
  }
  if (flags.extra_root(i)) {
    out.push_back(fmt::format("one of {} roots", tree.roots.size()));
  }
  if (tree.depth[i] == SpanTree::k_none) {
    out.push_back("in a reference cycle");
  }
  if (flags.duplicate(i)) {
    out.push_back(fmt::format("duplicate span id {}", util::one_line(span.span_id, 40)));
  }
  const auto problem = containment_problem(trace, tree, i, tolerance);
  if (!problem.empty()) {
    out.push_back(problem + " its parent");
  }
  return out;
}

// Spans under (and including) `focus`, or all spans.
std::size_t span_total(const trace::Trace& trace, const SpanTree& tree, std::size_t focus)
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

constexpr std::size_t k_waterfall_fold = 12; // the label column is at most 48 wide

// The longest prefix of `text` within `bytes` that does not cut a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t bytes)
{
  if (text.size() <= bytes) {
    return text;
  }
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) {
    --bytes;
  }
  return text.substr(0, bytes);
}

// A span's bar: placed by its start offset, `scale` columns per microsecond, at most `width` + 1.
std::string waterfall_bar(const trace::Span& span, std::int64_t begin, double scale, std::size_t width)
{
  const auto from = static_cast<std::size_t>(static_cast<double>(span.start_us - begin) * scale);
  const auto duration = static_cast<double>(std::max<std::int64_t>(0, span.duration_us));
  const auto len = std::max<std::size_t>(1, static_cast<std::size_t>(duration * scale));
  const auto pad = std::min(from, width);
  std::string bar(pad, ' ');
  // "█" is 3 bytes: the cap counts columns, not bytes
  for (std::size_t k = 0; k < len && pad + k < width + 1; ++k) {
    bar += "█";
  }
  return bar;
}

// Span `i` as one item of the JSON view's "spans".
nlohmann::ordered_json span_json(const trace::Trace& trace, const SpanTree& tree, const Flags& flags, std::size_t i,
                                 std::int64_t tolerance_us)
{
  using nlohmann::ordered_json;
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
  item["error"] = span.error;
  item["marks"] = marks(trace, tree, flags, i, tolerance_us);
  item["links"] = ordered_json::array();
  for (const auto& link : span.links) {
    item["links"].push_back(link.str());
  }
  return item;
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

std::string containment_problem(const trace::Trace& trace, const SpanTree& tree, std::size_t i, std::int64_t tolerance_us)
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

std::string render_tree(const trace::Trace& trace, const SpanTree& tree, const TraceViewOptions& options)
{
  const auto rows = tree_order(trace, tree, options.focus, options.max_lines);
  const Flags flags(tree);
  Indenter indent(rows, options.fold_depth);
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& span = trace.spans[rows[r].span];
    const auto& guide = indent.guide(r);
    const auto note = indent.fold_note(r);
    if (!note.empty()) {
      out += guide + note + "\n";
    }
    out += fmt::format("{}{}{}{} {}", guide, indent.depth_label(r), indent.connector(r), util::one_line(span.name, 120),
                       format_duration_us(span.duration_us));
    if (tree.self_time_us[rows[r].span] != span.duration_us) {
      out += fmt::format(" (self {})", format_duration_us(tree.self_time_us[rows[r].span]));
    }
    for (const auto& mark : marks(trace, tree, flags, rows[r].span, options.skew_tolerance_us)) {
      if (mark == k_error_mark) {
        out += options.color ? " \033[31m✗ ERROR\033[0m" : " ✗ ERROR";
      } else {
        out += options.color ? fmt::format(" \033[33m⚠ {}\033[0m", mark) : fmt::format(" ⚠ {}", mark);
      }
    }
    out += links_text(span) + "\n";
  }
  return out + remaining_note(rows.size(), span_total(trace, tree, options.focus));
}

std::string render_waterfall(const trace::Trace& trace, const SpanTree& tree, const TraceViewOptions& options)
{
  if (trace.spans.empty()) {
    return "(empty trace)\n";
  }
  std::int64_t begin = trace.spans[0].start_us;
  std::int64_t end = begin;
  for (const auto& span : trace.spans) {
    begin = std::min(begin, span.start_us);
    end = std::max(end, span.start_us + std::max<std::int64_t>(0, span.duration_us));
  }
  const auto rows = tree_order(trace, tree, options.focus, options.max_lines);
  const Flags flags(tree);
  const auto fold = std::min<std::size_t>(options.fold_depth, k_waterfall_fold);
  Indenter indent(rows, fold);
  std::vector<std::string> labels;
  labels.reserve(rows.size());
  std::size_t label_width = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    labels.push_back(std::string(std::min(rows[r].level, fold) * 2, ' ') + indent.depth_label(r)
                     + util::one_line(trace.spans[rows[r].span].name, 40));
    label_width = std::max(label_width, labels.back().size());
  }
  label_width = std::min<std::size_t>(label_width, 48);
  const std::size_t width = std::min<std::size_t>(options.width, 1000);
  const std::size_t bar_width = width > label_width + 30 ? width - label_width - 22 : 20;
  const double scale = static_cast<double>(bar_width) / static_cast<double>(std::max<std::int64_t>(1, end - begin));
  std::string out = fmt::format("{:<{}}  {:>9} {:>9}  0{:>{}}\n", "span", label_width, "offset", "duration",
                                format_duration_us(end - begin), bar_width - 1);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto note = indent.fold_note(r);
    if (!note.empty()) {
      out += std::string(fold * 2, ' ') + note + "\n";
    }
    const auto& span = trace.spans[rows[r].span];
    const bool flagged = !marks(trace, tree, flags, rows[r].span, options.skew_tolerance_us).empty();
    const auto bar = waterfall_bar(span, begin, scale, bar_width);
    const char* colour = span.error ? "\033[31m" : "\033[33m";
    out += fmt::format("{:<{}}  {:>9} {:>9}  {}{}\n", utf8_prefix(labels[r], label_width), label_width,
                       format_duration_us(span.start_us - begin), format_duration_us(span.duration_us),
                       options.color && flagged ? colour + bar + "\033[0m" : bar,
                       span.error ? " ✗ ERROR" : flagged ? " ⚠" : "");
  }
  return out + remaining_note(rows.size(), span_total(trace, tree, options.focus));
}

std::string render_trace_json(const trace::Trace& trace, const SpanTree& tree, std::int64_t tolerance_us)
{
  using nlohmann::ordered_json;
  constexpr auto replace = nlohmann::json::error_handler_t::replace;
  const Flags flags(tree);
  ordered_json doc;
  doc["schema"] = "ttaobs.trace/v1";
  doc["trace_id"] = trace.trace_id;
  doc["span_count"] = trace.spans.size();
  doc["max_depth"] = tree.max_depth;
  doc["roots"] = tree.roots;
  doc["orphans"] = tree.orphans;
  doc["duplicates"] = tree.duplicates;
  doc["in_cycle"] = tree.in_cycle;
  doc["spans"] = ordered_json::array();
  auto out = doc.dump(2, ' ', false, replace);
  if (trace.spans.empty()) {
    return out + "\n";
  }
  // The same text as dumping the whole document, but one span at a time: no DOM of every span.
  out.resize(out.size() - std::string_view("[]\n}").size());
  out += "[\n";
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const auto item = span_json(trace, tree, flags, i, tolerance_us).dump(2, ' ', false, replace);
    out += i == 0 ? "    " : ",\n    ";
    for (const char c : item) {
      out += c;
      if (c == '\n') {
        out += "    ";
      }
    }
  }
  return out + "\n  ]\n}\n";
}

} // namespace ttaobs::report
