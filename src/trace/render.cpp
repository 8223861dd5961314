#include "render.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace ttaobs::trace {

namespace {

constexpr std::size_t k_links_shown = 3; // per span; more are counted

// " ↪ follows from span ID" per link (FOLLOWS_FROM references, OTLP span links).
std::string links_text(const Span& span)
{
  std::string out;
  for (std::size_t k = 0; k < span.links.size() && k < k_links_shown; ++k) {
    out += fmt::format(" ↪ follows from span {}", util::one_line(span.links[k].view(), 40));
  }
  if (span.links.size() > k_links_shown) {
    out += fmt::format(" (+{} more link{})", span.links.size() - k_links_shown,
                       span.links.size() - k_links_shown == 1 ? "" : "s");
  }
  return out;
}

} // namespace

std::vector<TreeRow> tree_order(const Trace& trace, const SpanTree& tree, std::size_t focus, std::size_t limit)
{
  std::vector<std::size_t> tops;
  if (focus != SpanTree::k_none) {
    tops.push_back(focus);
  } else {
    tops = tree.roots;
    tops.insert(tops.end(), tree.orphans.begin(), tree.orphans.end());
    tops.insert(tops.end(), tree.in_cycle.begin(), tree.in_cycle.end());
  }
  std::vector<TreeRow> rows;
  std::vector<TreeRow> stack;
  for (auto it = tops.rbegin(); it != tops.rend(); ++it) {
    stack.push_back({*it, 0, true});
  }
  std::vector<bool> seen(trace.spans.size(), false);
  while (!stack.empty() && rows.size() < limit) {
    const TreeRow row = stack.back();
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

Indenter::Indenter(const std::vector<TreeRow>& rows, std::size_t fold)
  : m_rows(rows), m_fold(std::max<std::size_t>(fold, 1))
{
}

std::string Indenter::fold_note(std::size_t r) const
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

const std::string& Indenter::guide(std::size_t r)
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

std::string Indenter::depth_label(std::size_t r) const
{
  return m_rows[r].level >= m_fold ? fmt::format("[{}] ", m_rows[r].level + 1) : std::string();
}

std::string_view Indenter::connector(std::size_t r) const
{
  return m_rows[r].level == 0 ? "" : m_rows[r].last ? "└─ " : "├─ ";
}

SpanFlags::SpanFlags(const SpanTree& tree) : m_bits(tree.parent.size(), 0)
{
  for (const auto i : tree.orphans)
    m_bits[i] |= k_orphan;
  if (tree.roots.size() > 1) {
    for (const auto i : tree.roots)
      m_bits[i] |= k_extra_root;
  }
  for (const auto i : tree.duplicates)
    m_bits[i] |= k_duplicate;
}

std::vector<std::string> span_marks(const Trace& trace, const SpanTree& tree, const SpanFlags& flags, std::size_t i,
                                    std::int64_t tolerance_us)
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
  const auto problem = containment_problem(trace, tree, i, tolerance_us);
  if (!problem.empty()) {
    out.push_back(problem + " its parent");
  }
  return out;
}

std::size_t span_total(const Trace& trace, const SpanTree& tree, std::size_t focus)
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

std::string render_tree(const Trace& trace, const SpanTree& tree, const TraceViewOptions& options)
{
  const auto rows = tree_order(trace, tree, options.focus, options.max_lines);
  const SpanFlags flags(tree);
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
    for (const auto& mark : span_marks(trace, tree, flags, rows[r].span, options.skew_tolerance_us)) {
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

} // namespace ttaobs::trace
