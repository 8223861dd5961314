// The Prometheus text format 0.0.4, read as promtool 2.42 (prometheus/common expfmt) reads it:
// same accepted inputs, same family grouping (a `_sum`/`_count`/`_bucket` sample joins an
// already-declared summary or histogram), errors at the same lines.
#include "line_parser.hpp"
#include "numbers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace ttaobs::metrics::detail {

namespace {

std::size_t skip_blank(std::string_view s, std::size_t i)
{
  while (i < s.size() && is_blank(s[i])) {
    ++i;
  }
  return i;
}

std::size_t token_end(std::string_view s, std::size_t i)
{
  while (i < s.size() && !is_blank(s[i])) {
    ++i;
  }
  return i;
}

bool ends_with(std::string_view s, std::string_view suffix)
{
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Go's %q of a single byte, as expfmt prints "found %q" (the end of the line is '\n').
std::string quoted_char(std::string_view s, std::size_t i)
{
  if (i >= s.size()) {
    return "'\\n'";
  }
  const std::string q = quoted(s.substr(i, 1));
  return "'" + q.substr(1, q.size() - 2) + "'";
}

std::optional<MetricType> text_type(std::string_view word)
{
  std::string upper(word);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper == "COUNTER")
    return MetricType::counter;
  if (upper == "GAUGE")
    return MetricType::gauge;
  if (upper == "SUMMARY")
    return MetricType::summary;
  if (upper == "UNTYPED")
    return MetricType::untyped;
  if (upper == "HISTOGRAM")
    return MetricType::histogram;
  if (upper == "GAUGE_HISTOGRAM")
    return MetricType::gauge_histogram;
  return std::nullopt;
}

class TextParser final : public LineParser
{
public:
  using LineParser::LineParser;

  bool line(std::string_view text, std::size_t number) override
  {
    m_line = text;
    m_number = number;
    const std::size_t i = skip_blank(text, 0);
    if (i == text.size()) {
      return true;
    }
    return text[i] == '#' ? comment(i + 1) : sample(i);
  }

  bool end(std::optional<std::string_view> unterminated, std::size_t number) override
  {
    for (const auto& [name, unit] : m_units) {
      if (const auto index = m_families.find(name); index && !m_families[*index].unit) {
        m_families[*index].unit = unit;
      }
    }
    if (!unterminated || m_error) {
      return !m_error;
    }
    const std::size_t i = skip_blank(*unterminated, 0);
    if (i == unterminated->size()) {
      return true;
    }
    return fail(*unterminated, number, unterminated->size(),
                "unexpected end of input stream (the last line has no newline)");
  }

private:
  bool error_at(std::size_t offset, std::string message) { return fail(m_line, m_number, offset, std::move(message)); }

  // setOrCreateCurrentMF: the family a name belongs to, `suffix_len` bytes of it being a suffix.
  std::size_t family_for(std::string_view name, std::size_t& suffix_len)
  {
    suffix_len = 0;
    if (m_last && m_families[*m_last].name == name) {
      return *m_last;
    }
    if (const auto found = m_families.find(name)) {
      return *(m_last = found);
    }
    for (const std::string_view suffix : {"_count", "_sum"}) {
      if (ends_with(name, suffix)) {
        const auto base = m_families.find(name.substr(0, name.size() - suffix.size()));
        if (base && m_families[*base].type == MetricType::summary) {
          suffix_len = suffix.size();
          return *base;
        }
      }
    }
    for (const std::string_view suffix : {"_count", "_sum", "_bucket"}) {
      if (ends_with(name, suffix)) {
        const auto base = m_families.find(name.substr(0, name.size() - suffix.size()));
        if (base && m_families[*base].type == MetricType::histogram) {
          suffix_len = suffix.size();
          return *base;
        }
      }
    }
    return *(m_last = m_families.add(name, m_number));
  }

  // "# UNIT name unit", as exporters such as OpenTelemetry's write into 0.0.4 text: remembered by
  // exact family name, never an error (promtool treats it as a comment).
  void note_unit(std::size_t i)
  {
    const std::string_view s = m_line;
    const std::size_t name_end = metric_name_end(s, i);
    if (name_end == i || name_end == s.size() || !is_blank(s[name_end])) {
      return;
    }
    const std::size_t unit = skip_blank(s, name_end);
    const std::size_t unit_end = token_end(s, unit);
    if (unit < s.size() && m_units.size() < 100'000) {
      m_units.try_emplace(std::string(s.substr(i, name_end - i)), std::string(s.substr(unit, unit_end - unit)));
    }
  }

  bool comment(std::size_t i)
  {
    const std::string_view s = m_line;
    i = skip_blank(s, i);
    const std::size_t keyword_end = token_end(s, i);
    if (keyword_end == s.size()) {
      return true;
    }
    const std::string_view keyword = s.substr(i, keyword_end - i);
    if (keyword == "UNIT") {
      note_unit(skip_blank(s, keyword_end));
      return true; // a comment to 0.0.4 readers; kept for the linter
    }
    if (keyword != "HELP" && keyword != "TYPE") {
      return true; // a plain comment
    }
    i = skip_blank(s, keyword_end);
    const std::size_t name_end = metric_name_end(s, i);
    if (name_end == s.size()) {
      return true;
    }
    if (!is_blank(s[name_end])) {
      return error_at(name_end, "invalid metric name in comment");
    }
    std::size_t suffix_len = 0;
    const std::size_t index = family_for(s.substr(i, name_end - i), suffix_len);
    i = skip_blank(s, name_end);
    if (i == s.size()) {
      return true;
    }
    Family& family = m_families[index];
    if (keyword == "HELP") {
      if (family.help) {
        return error_at(i, fmt::format("second HELP line for metric name {}", quoted(family.name)));
      }
      reset_labels(s.size());
      char bad = 0;
      const auto text = unescape(s.substr(i), false, bad, false);
      if (!text) {
        std::size_t at = i;
        while (at + 1 < s.size() && (s[at] != '\\' || s[at + 1] == '\\' || s[at + 1] == 'n')) {
          at += s[at] == '\\' ? 2 : 1;
        }
        return error_at(at, bad == '\n' ? std::string("HELP text ends in a lone backslash")
                                        : fmt::format("invalid escape sequence '\\{}'", bad));
      }
      family.help = std::string(*text);
      return true;
    }
    if (family.typed) {
      return error_at(
          i, fmt::format("second TYPE line for metric name {}, or TYPE reported after samples", quoted(family.name)));
    }
    const auto type = text_type(s.substr(i));
    if (!type) {
      return error_at(i, fmt::format("unknown metric type {}", quoted(s.substr(i))));
    }
    family.type = *type;
    family.typed = true;
    return true;
  }

  bool sample(std::size_t i)
  {
    const std::string_view s = m_line;
    const std::size_t name_end = metric_name_end(s, i);
    if (name_end == i) {
      return error_at(i, "invalid metric name");
    }
    Sample sample;
    sample.name = s.substr(i, name_end - i);
    sample.line = m_number;
    std::size_t suffix_len = 0;
    sample.family = family_for(sample.name, suffix_len);
    sample.suffix = sample.name.substr(sample.name.size() - suffix_len);
    Family& family = m_families[sample.family];
    if (!family.typed) {
      family.type = MetricType::untyped;
      family.typed = true;
    }
    std::size_t j = skip_blank(s, name_end);
    reset_labels(s.size());
    if (j < s.size() && s[j] == '{') {
      if (!labels(j + 1, family, j)) {
        return false;
      }
    }
    const std::size_t value_end = token_end(s, j);
    const auto value = parse_go_float(s.substr(j, value_end - j));
    if (!value) {
      return error_at(j, fmt::format("expected float as value, got {}", quoted(s.substr(j, value_end - j))));
    }
    sample.value = *value;
    if (value_end < s.size()) {
      const std::size_t t = skip_blank(s, value_end);
      const std::size_t t_end = token_end(s, t);
      const auto timestamp = parse_int64(s.substr(t, t_end - t));
      if (!timestamp) {
        return error_at(t, fmt::format("expected integer as timestamp, got {}", quoted(s.substr(t, t_end - t))));
      }
      if (t_end < s.size()) {
        return error_at(t_end, fmt::format("spurious string after timestamp: {}", quoted(s.substr(t_end))));
      }
      sample.has_timestamp = true;
      sample.timestamp = static_cast<double>(*timestamp);
    }
    sample.labels = m_labels;
    ++family.samples;
    m_sink.on_sample(sample, family);
    return true;
  }

  // Parses labels after '{'; on success `next` is the first non-blank byte after '}'.
  bool labels(std::size_t j, const Family& family, std::size_t& next)
  {
    const std::string_view s = m_line;
    const bool summary = family.type == MetricType::summary;
    const bool histogram = family.type == MetricType::histogram;
    while (true) {
      j = skip_blank(s, j);
      if (j < s.size() && s[j] == '}') {
        next = skip_blank(s, j + 1);
        return true;
      }
      const std::size_t name_end = label_name_end(s, j);
      if (name_end == j) {
        return error_at(j, fmt::format("invalid label name for metric {}", quoted(family.name)));
      }
      const std::string_view name = s.substr(j, name_end - j);
      std::size_t k = skip_blank(s, name_end);
      if (k == s.size() || s[k] != '=') {
        return error_at(k, fmt::format("expected '=' after label name, found {}", quoted_char(s, k)));
      }
      if (name == "__name__") {
        return error_at(j, "label name \"__name__\" is reserved");
      }
      const bool special = (summary && name == "quantile") || (histogram && name == "le");
      if (!special) {
        for (const Label& seen : m_labels) {
          const bool seen_special = (summary && seen.name == "quantile") || (histogram && seen.name == "le");
          if (!seen_special && seen.name == name) {
            return error_at(j, fmt::format("duplicate label names for metric {}", quoted(family.name)));
          }
        }
      }
      k = skip_blank(s, k + 1);
      if (k == s.size() || s[k] != '"') {
        return error_at(k, fmt::format("expected '\"' at start of label value, found {}", quoted_char(s, k)));
      }
      std::size_t close = k + 1;
      while (close < s.size() && s[close] != '"') {
        close += s[close] == '\\' ? 2 : 1;
      }
      if (close >= s.size()) {
        return error_at(s.size(), fmt::format("label value {} contains unescaped new-line", quoted(s.substr(k + 1))));
      }
      char bad = 0;
      const auto value = unescape(s.substr(k + 1, close - k - 1), false, bad);
      if (!value) {
        return error_at(k + 1, fmt::format("invalid escape sequence '\\{}'", std::string(1, bad)));
      }
      if (!valid_utf8(*value)) {
        return error_at(k + 1, fmt::format("invalid label value {} (not UTF-8)", quoted(*value)));
      }
      if (special && !parse_go_float(*value)) {
        return error_at(k + 1, fmt::format("expected float as value for '{}' label, got {}", name, quoted(*value)));
      }
      m_labels.push_back({name, *value});
      k = skip_blank(s, close + 1);
      if (k < s.size() && s[k] == ',') {
        j = k + 1;
        continue;
      }
      if (k < s.size() && s[k] == '}') {
        next = skip_blank(s, k + 1);
        return true;
      }
      return error_at(k, fmt::format("unexpected end of label value {}", quoted(*value)));
    }
  }

  std::string_view m_line;
  std::size_t m_number = 0;
  std::optional<std::size_t> m_last;
  std::map<std::string, std::string> m_units; // "# UNIT" comments, by family name
};

} // namespace

std::unique_ptr<LineParser> make_text_parser(ExpositionSink& sink)
{
  return std::make_unique<TextParser>(sink);
}

} // namespace ttaobs::metrics::detail
