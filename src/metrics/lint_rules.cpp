// promlint's rules as promtool 2.42 applies them (client_golang 1.14): the same findings, in the
// same words, for the same families.
#include "lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace ttaobs::metrics {

namespace {

// A unit → its base unit (base units map to themselves).
constexpr std::array<std::pair<std::string_view, std::string_view>, 24> k_units{{
    {"amperes", "amperes"}, {"bytes", "bytes"},     {"celsius", "celsius"}, {"grams", "grams"},
    {"joules", "joules"},   {"kelvin", "kelvin"},   {"meters", "meters"},   {"metres", "metres"},
    {"seconds", "seconds"}, {"volts", "volts"},     {"minutes", "seconds"}, {"hours", "seconds"},
    {"days", "seconds"},    {"weeks", "seconds"},   {"kelvins", "kelvin"},  {"fahrenheit", "celsius"},
    {"rankine", "celsius"}, {"inches", "meters"},   {"yards", "meters"},    {"miles", "meters"},
    {"bits", "bytes"},      {"calories", "joules"}, {"pounds", "grams"},    {"ounces", "grams"},
}};

constexpr std::array<std::string_view, 18> k_prefixes{"pico", "nano",  "micro", "milli", "centi", "deci",
                                                      "deca", "hecto", "kilo",  "kibi",  "mega",  "mibi",
                                                      "giga", "gibi",  "tera",  "tebi",  "peta",  "pebi"};

constexpr std::array<std::string_view, 14> k_abbreviations{"s",  "ms", "us", "ns", "sec", "b", "kb",
                                                           "mb", "gb", "tb", "pb", "m",   "h", "d"};

std::optional<std::string_view> base_of(std::string_view unit)
{
  if (unit.empty()) {
    return std::nullopt;
  }
  for (const auto& [name, base] : k_units) {
    if (name == unit) {
      return base;
    }
  }
  return std::nullopt;
}

std::string lower(std::string_view s)
{
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool contains_word(const std::string& name, std::string_view word)
{
  const std::string middle = fmt::format("_{}_", word);
  const std::string tail = fmt::format("_{}", word);
  return name.find(middle) != std::string::npos ||
         (name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0);
}

bool ends_with(std::string_view s, std::string_view suffix)
{
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

} // namespace

std::optional<std::pair<std::string, std::string>> non_base_unit(std::string_view name)
{
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('_', start), name.size());
    const std::string_view part = name.substr(start, end - start);
    if (const auto base = base_of(part)) {
      if (*base == part) {
        return std::nullopt;
      }
      return std::make_pair(std::string(*base), std::string(part));
    }
    for (const auto prefix : k_prefixes) {
      if (part.size() > prefix.size() && part.substr(0, prefix.size()) == prefix) {
        if (const auto base = base_of(part.substr(prefix.size()))) {
          return std::make_pair(std::string(*base), std::string(part));
        }
      }
    }
    start = end + 1;
  }
  return std::nullopt;
}

bool is_base_unit(std::string_view word)
{
  const auto base = base_of(word);
  return base && *base == word;
}

bool camel_case(std::string_view name)
{
  for (std::size_t i = 0; i + 1 < name.size(); ++i) {
    if (name[i] >= 'a' && name[i] <= 'z' && name[i + 1] >= 'A' && name[i + 1] <= 'Z') {
      return true;
    }
  }
  return false;
}

std::vector<Problem> family_name_problems(const Family& family, bool openmetrics)
{
  std::vector<Problem> out;
  const std::string& name = family.name;
  auto add = [&](std::string rule, std::string text) { out.push_back({name, std::move(text), std::move(rule), 0}); };
  const bool untyped = family.type == MetricType::untyped || family.type == MetricType::unknown;
  const bool counter = family.type == MetricType::counter;
  const bool histogram =
      family.type == MetricType::histogram || (openmetrics && family.type == MetricType::gauge_histogram);
  const bool summary = family.type == MetricType::summary;

  if (!family.help) {
    add("help", "no help text");
  }
  if (const auto unit = non_base_unit(name)) {
    add("units", fmt::format("use base unit \"{}\" instead of \"{}\"", unit->first, unit->second));
  }
  const bool total = ends_with(name, "_total");
  if (counter && !total && !openmetrics) {
    add("counter-suffix", "counter metrics should have \"_total\" suffix");
  } else if (!untyped && !counter && total) {
    add("counter-suffix", "non-counter metrics should not have \"_total\" suffix");
  }
  if (!untyped) {
    if (!histogram && ends_with(name, "_bucket")) {
      add("reserved-suffix", "non-histogram metrics should not have \"_bucket\" suffix");
    }
    if (!histogram && !summary && ends_with(name, "_count")) {
      add("reserved-suffix", "non-histogram and non-summary metrics should not have \"_count\" suffix");
    }
    if (!histogram && !summary && ends_with(name, "_sum")) {
      add("reserved-suffix", "non-histogram and non-summary metrics should not have \"_sum\" suffix");
    }
  }
  // client_golang 1.14 looks for every type name, whatever the family's own type (even untyped).
  for (const std::string_view type : {"counter", "gauge", "summary", "histogram", "gauge_histogram"}) {
    if (contains_word(lower(name), type)) {
      add("type-in-name", fmt::format("metric name should not include type '{}'", type));
    }
  }
  if (name.find(':') != std::string::npos) {
    add("reserved-chars", "metric names should not contain ':'");
  }
  if (camel_case(name)) {
    add("camel-case", "metric names should be written in 'snake_case' not 'camelCase'");
  }
  const std::string lowered = lower(name);
  for (const auto abbreviation : k_abbreviations) {
    if (contains_word(lowered, abbreviation)) {
      add("unit-abbreviations", "metric names should not contain abbreviated units");
    }
  }
  return out;
}

// How findings show a sample: its labels and its value.
std::string detail::label_text(std::span<const Label> labels, std::string_view skip)
{
  std::string out = "{";
  for (const Label& l : labels) {
    if (l.name == skip) {
      continue;
    }
    if (out.size() > 1) {
      out += ',';
    }
    out += l.name;
    out += "=\"";
    for (const char c : l.value.substr(0, 64)) {
      const auto u = static_cast<unsigned char>(c);
      out += c == '\n'               ? std::string("\\n")
             : c == '"' || c == '\\' ? std::string("\\") + c
             : u < 0x20 || u == 0x7f ? fmt::format("\\x{:02x}", u) // a NUL or tab stays printable
                                     : std::string(1, c);
    }
    out += l.value.size() > 64 ? "…\"" : "\"";
  }
  return out + "}";
}

std::string detail::number(double v)
{
  if (std::isnan(v)) {
    return "NaN";
  }
  if (std::isinf(v)) {
    return v > 0 ? "+Inf" : "-Inf";
  }
  return fmt::format("{}", v);
}

} // namespace ttaobs::metrics
