// OpenMetrics 1.0 text, strictly: the grammar of the specification, and the semantic rules of its
// reference parser (the suite in tests/ holds every accept/reject verdict it must agree with).
#include "line_parser.hpp"
#include "numbers.hpp"
#include "om_family.hpp"

#include <fmt/format.h>

namespace ttaobs::metrics::detail {

namespace {

constexpr std::size_t k_max_exemplar_label_chars = 128;

std::optional<MetricType> om_type(std::string_view word)
{
  if (word == "counter")
    return MetricType::counter;
  if (word == "gauge")
    return MetricType::gauge;
  if (word == "summary")
    return MetricType::summary;
  if (word == "histogram")
    return MetricType::histogram;
  if (word == "gaugehistogram")
    return MetricType::gauge_histogram;
  if (word == "info")
    return MetricType::info;
  if (word == "stateset")
    return MetricType::stateset;
  if (word == "unknown")
    return MetricType::unknown;
  return std::nullopt;
}

std::size_t until_space(std::string_view s, std::size_t i)
{
  const auto at = s.find(' ', i);
  return at == std::string_view::npos ? s.size() : at;
}

class OpenMetricsParser final : public LineParser
{
public:
  using LineParser::LineParser;

  bool line(std::string_view text, std::size_t number) override
  {
    m_line = text;
    m_number = number;
    if (m_eof) {
      return error_at(0, "text after \"# EOF\"");
    }
    if (text.empty()) {
      return error_at(0, "blank line (OpenMetrics allows none)");
    }
    if (text == "# EOF") {
      m_eof = true;
      return end_family();
    }
    return text[0] == '#' ? metadata() : sample();
  }

  bool end(std::optional<std::string_view> /*unterminated*/, std::size_t number) override
  {
    if (m_error) {
      return false;
    }
    if (!m_eof) {
      m_number = number;
      return fail({}, number, 0, "missing \"# EOF\" at the end of the exposition");
    }
    return true;
  }

private:
  bool error_at(std::size_t offset, std::string message) { return fail(m_line, m_number, offset, std::move(message)); }

  bool end_family()
  {
    if (!m_current) {
      return true;
    }
    const auto problem = m_rules.end(m_families[*m_current]);
    m_current.reset();
    return problem.empty() || error_at(0, problem);
  }

  bool start_family(std::string_view name)
  {
    if (!end_family()) {
      return false;
    }
    if (!valid_metric_name(name)) {
      return error_at(0, fmt::format("invalid metric name {}", quoted(name)));
    }
    m_current = m_families.add(name, m_number);
    m_families[*m_current].type = MetricType::unknown;
    m_rules.begin(m_families[*m_current]);
    return true;
  }

  bool metadata()
  {
    const std::string_view s = m_line;
    // "# KEYWORD name text": exactly one space between the parts; the text may be empty.
    if (s.size() < 2 || s[1] != ' ') {
      return error_at(0, "comment lines are not allowed; metadata is \"# HELP|TYPE|UNIT name text\"");
    }
    const std::size_t kw_end = until_space(s, 2);
    const std::string_view keyword = s.substr(2, kw_end - 2);
    if (keyword != "HELP" && keyword != "TYPE" && keyword != "UNIT") {
      return error_at(2, fmt::format("unknown metadata {} (expected HELP, TYPE or UNIT)", quoted(keyword)));
    }
    if (kw_end == s.size()) {
      return error_at(kw_end, fmt::format("{} needs a metric name and text", keyword));
    }
    const std::size_t name_end = until_space(s, kw_end + 1);
    if (name_end == s.size()) {
      return error_at(name_end, fmt::format("{} needs a space and text after the metric name", keyword));
    }
    const std::string_view name = s.substr(kw_end + 1, name_end - kw_end - 1);
    const std::string_view text = s.substr(name_end + 1);
    if (m_current && m_families[*m_current].name == name) {
      if (m_rules.has_samples()) {
        return error_at(0, fmt::format("{} for {} after its samples (metadata comes first)", keyword, name));
      }
    } else if (!start_family(name)) {
      return false;
    }
    Family& family = m_families[*m_current];
    if (keyword == "HELP") {
      if (family.help) {
        return error_at(0, fmt::format("second HELP for {}", name));
      }
      if (!valid_utf8(text)) {
        return error_at(name_end + 1, "HELP text is not valid UTF-8");
      }
      reset_labels(s.size());
      char bad = 0;
      family.help = std::string(*unescape(text, true, bad));
    } else if (keyword == "TYPE") {
      if (family.typed) {
        return error_at(0, fmt::format("second TYPE for {}", name));
      }
      const auto type = om_type(text);
      if (!type) {
        return error_at(name_end + 1, fmt::format("unknown type {} (OpenMetrics types are lower case; "
                                                  "\"untyped\" is \"unknown\")",
                                                  quoted(text)));
      }
      family.type = *type;
      family.typed = true;
    } else {
      if (family.unit) {
        return error_at(0, fmt::format("second UNIT for {}", name));
      }
      family.unit = std::string(text);
    }
    return true;
  }

  // Parses "{...}" at `i`; `out` receives the labels; returns the offset after '}' or npos.
  std::size_t labels(std::size_t i, std::vector<Label>& out, bool exemplar)
  {
    const std::string_view s = m_line;
    const std::size_t first = out.size();
    ++i; // '{'
    if (i < s.size() && s[i] == '}') {
      return i + 1;
    }
    while (true) {
      const std::size_t name_end = label_name_end(s, i);
      if (name_end == i) {
        error_at(i, "invalid label name");
        return std::string_view::npos;
      }
      const std::string_view name = s.substr(i, name_end - i);
      if (name_end >= s.size() || s[name_end] != '=') {
        error_at(name_end, fmt::format("expected '=' after label name {}", quoted(name)));
        return std::string_view::npos;
      }
      if (name_end + 1 >= s.size() || s[name_end + 1] != '"') {
        error_at(name_end + 1, "expected '\"' at the start of the label value");
        return std::string_view::npos;
      }
      std::size_t close = name_end + 2;
      while (close < s.size() && s[close] != '"') {
        close += s[close] == '\\' ? 2 : 1;
      }
      if (close >= s.size()) {
        error_at(name_end + 1, "unterminated label value");
        return std::string_view::npos;
      }
      const std::string_view raw = s.substr(name_end + 2, close - name_end - 2);
      if (!valid_utf8(raw)) {
        error_at(name_end + 2, "label value is not valid UTF-8");
        return std::string_view::npos;
      }
      for (std::size_t k = first; k < out.size(); ++k) {
        if (out[k].name == name) {
          error_at(i, fmt::format("duplicate label {}", quoted(name)));
          return std::string_view::npos;
        }
      }
      char bad = 0;
      out.push_back({name, *unescape(raw, true, bad)});
      i = close + 1;
      if (i < s.size() && s[i] == '}') {
        return i + 1;
      }
      if (i >= s.size() || s[i] != ',') {
        error_at(i, exemplar ? "expected ',' or '}' in exemplar labels" : "expected ',' or '}' after a label");
        return std::string_view::npos;
      }
      ++i;
    }
  }

  bool sample()
  {
    const std::string_view s = m_line;
    const std::size_t name_end = metric_name_end(s, 0);
    if (name_end == 0) {
      return error_at(0, "invalid metric name");
    }
    const std::string_view name = s.substr(0, name_end);
    reset_labels(s.size());
    std::size_t i = name_end;
    if (i < s.size() && s[i] == '{') {
      i = labels(i, m_labels, false);
      if (i == std::string_view::npos) {
        return false;
      }
    }
    const std::size_t sample_labels = m_labels.size();
    if (i >= s.size() || s[i] != ' ') {
      return error_at(i, "expected a single space and a value after the name and labels");
    }
    const std::size_t value_end = until_space(s, i + 1);
    const auto value = parse_om_number(s.substr(i + 1, value_end - i - 1));
    if (!value) {
      return error_at(i + 1, fmt::format("invalid value {}", quoted(s.substr(i + 1, value_end - i - 1))));
    }
    Sample sample;
    sample.name = name;
    sample.value = *value;
    sample.line = m_number;
    Exemplar exemplar;
    i = value_end;
    if (i < s.size()) {
      ++i;
      if (i >= s.size() || s[i] != '#') {
        const std::size_t ts_end = until_space(s, i);
        const auto ts = parse_om_timestamp(s.substr(i, ts_end - i));
        if (!ts) {
          return error_at(i, fmt::format("invalid timestamp {}", quoted(s.substr(i, ts_end - i))));
        }
        sample.has_timestamp = true;
        sample.timestamp = *ts;
        i = ts_end;
        if (i < s.size()) {
          ++i;
          if (i >= s.size() || s[i] != '#') {
            return error_at(i, "unexpected text after the timestamp (an exemplar starts with \" # {\")");
          }
        }
      }
      if (i < s.size() && !this->exemplar(i, exemplar, sample_labels)) {
        return false;
      }
      if (i < s.size()) {
        sample.exemplar = &exemplar;
      }
    }
    sample.labels = std::span<const Label>(m_labels.data(), sample_labels);
    return accept(sample);
  }

  // Parses "# {labels} value [timestamp]" at `i` (the '#').
  bool exemplar(std::size_t i, Exemplar& out, std::size_t first_label)
  {
    const std::string_view s = m_line;
    if (s.substr(i, 3) != "# {") {
      return error_at(i, "an exemplar is \" # {labels} value [timestamp]\"");
    }
    i = labels(i + 2, m_labels, true);
    if (i == std::string_view::npos) {
      return false;
    }
    std::size_t chars = 0;
    for (std::size_t k = first_label; k < m_labels.size(); ++k) {
      chars += code_points(m_labels[k].name) + code_points(m_labels[k].value);
    }
    if (chars > k_max_exemplar_label_chars) {
      return error_at(
          i, fmt::format("exemplar labels are {} characters long (at most {})", chars, k_max_exemplar_label_chars));
    }
    if (i >= s.size() || s[i] != ' ') {
      return error_at(i, "expected a space and a value after the exemplar labels");
    }
    const std::size_t value_end = until_space(s, i + 1);
    const auto value = parse_om_number(s.substr(i + 1, value_end - i - 1));
    if (!value) {
      return error_at(i + 1, fmt::format("invalid exemplar value {}", quoted(s.substr(i + 1, value_end - i - 1))));
    }
    out.value = *value;
    if (value_end < s.size()) {
      const auto ts = parse_om_timestamp(s.substr(value_end + 1));
      if (!ts) {
        return error_at(value_end + 1, fmt::format("invalid exemplar timestamp {}", quoted(s.substr(value_end + 1))));
      }
      out.timestamp = *ts;
    }
    out.labels = std::span<const Label>(m_labels.data() + first_label, m_labels.size() - first_label);
    return true;
  }

  bool accept(Sample& sample)
  {
    if (!m_current || !m_rules.allows(m_families[*m_current], sample.name)) {
      if (!start_family(sample.name)) {
        return false;
      }
    }
    Family& family = m_families[*m_current];
    sample.family = *m_current;
    sample.suffix = sample.name.substr(family.name.size());
    if (const auto problem = m_rules.sample(family, sample); !problem.empty()) {
      return error_at(0, problem);
    }
    ++family.samples;
    m_sink.on_sample(sample, family);
    return true;
  }

  std::string_view m_line;
  std::size_t m_number = 0;
  bool m_eof = false;
  std::optional<std::size_t> m_current;
  OmFamilyRules m_rules;
};

} // namespace

std::unique_ptr<LineParser> make_openmetrics_parser(ExpositionSink& sink)
{
  return std::make_unique<OpenMetricsParser>(sink);
}

} // namespace ttaobs::metrics::detail
