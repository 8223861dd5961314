#include "trace_view.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace ttaobs::report {

namespace {

using trace::format_duration_us;
using trace::SpanTree;

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
nlohmann::ordered_json span_json(const trace::Trace& trace, const SpanTree& tree, const trace::SpanFlags& flags,
                                 std::size_t i, std::int64_t tolerance_us)
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
  item["marks"] = trace::span_marks(trace, tree, flags, i, tolerance_us);
  item["links"] = ordered_json::array();
  for (const auto& link : span.links) {
    item["links"].push_back(link.str());
  }
  return item;
}

} // namespace

std::string render_waterfall(const trace::Trace& trace, const SpanTree& tree, const trace::TraceViewOptions& options)
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
  const auto rows = trace::tree_order(trace, tree, options.focus, options.max_lines);
  const trace::SpanFlags flags(tree);
  const auto fold = std::min<std::size_t>(options.fold_depth, k_waterfall_fold);
  trace::Indenter indent(rows, fold);
  std::vector<std::string> labels;
  labels.reserve(rows.size());
  std::size_t label_width = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    labels.push_back(std::string(std::min(rows[r].level, fold) * 2, ' ') + indent.depth_label(r) +
                     util::one_line(trace.spans[rows[r].span].name, 40));
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
    const bool flagged = !trace::span_marks(trace, tree, flags, rows[r].span, options.skew_tolerance_us).empty();
    const auto bar = waterfall_bar(span, begin, scale, bar_width);
    const char* colour = span.error ? "\033[31m" : "\033[33m";
    out += fmt::format("{:<{}}  {:>9} {:>9}  {}{}\n", utf8_prefix(labels[r], label_width), label_width,
                       format_duration_us(span.start_us - begin), format_duration_us(span.duration_us),
                       options.color && flagged ? colour + bar + "\033[0m" : bar,
                       span.error ? " ✗ ERROR"
                       : flagged  ? " ⚠"
                                  : "");
  }
  return out + trace::remaining_note(rows.size(), trace::span_total(trace, tree, options.focus));
}

std::string render_trace_json(const trace::Trace& trace, const SpanTree& tree, std::int64_t tolerance_us)
{
  using nlohmann::ordered_json;
  constexpr auto replace = nlohmann::json::error_handler_t::replace;
  const trace::SpanFlags flags(tree);
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
