#include "otlp_prometheus.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace ttaobs::sources {

namespace {

// UCUM units and their Prometheus words (the specification's table).
constexpr std::pair<std::string_view, std::string_view> k_units[] = {
    {"d", "days"},          {"h", "hours"},        {"min", "minutes"},   {"s", "seconds"},      {"ms", "milliseconds"},
    {"us", "microseconds"}, {"ns", "nanoseconds"}, {"By", "bytes"},      {"KiBy", "kibibytes"}, {"MiBy", "mebibytes"},
    {"GiBy", "gibibytes"},  {"TiBy", "tibibytes"}, {"KBy", "kilobytes"}, {"MBy", "megabytes"},  {"GBy", "gigabytes"},
    {"TBy", "terabytes"},   {"m", "meters"},       {"V", "volts"},       {"A", "amperes"},      {"J", "joules"},
    {"W", "watts"},         {"g", "grams"},        {"Cel", "celsius"},   {"Hz", "hertz"},       {"%", "percent"},
};
// The words after "per" in a rate ("By/s" → "bytes_per_second").
constexpr std::pair<std::string_view, std::string_view> k_per[] = {
    {"s", "second"}, {"m", "minute"}, {"h", "hour"}, {"d", "day"}, {"w", "week"}, {"mo", "month"}, {"y", "year"},
};

// `text` with every character outside [a-zA-Z0-9_] (and ':' when `colon`) replaced by '_', runs of '_' as one.
std::string sanitise(std::string_view text, bool colon)
{
  std::string out;
  for (const char c : text) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || (colon && c == ':');
    const char put = ok ? c : '_';
    if (put != '_' || out.empty() || out.back() != '_') {
      out += put;
    }
  }
  return out;
}

std::string_view word_of(std::string_view unit, const auto& table)
{
  for (const auto& [ucum, word] : table) {
    if (ucum == unit) {
      return word;
    }
  }
  return {};
}

// `unit` without its {annotations}.
std::string strip_annotations(std::string_view unit)
{
  std::string out;
  int depth = 0;
  for (const char c : unit) {
    depth += c == '{' ? 1 : 0;
    if (depth == 0) {
      out += c;
    }
    depth -= c == '}' && depth > 0 ? 1 : 0;
  }
  return out;
}

bool ends_with_word(std::string_view name, std::string_view word)
{
  return name == word ||
         (name.size() > word.size() && name.ends_with(word) && name[name.size() - word.size() - 1] == '_');
}

} // namespace

std::string prometheus_unit(std::string_view ucum)
{
  const auto unit = strip_annotations(ucum);
  if (unit.empty() || unit == "1") {
    return {};
  }
  const auto slash = unit.find('/');
  const std::string_view main = std::string_view(unit).substr(0, slash);
  auto word = std::string(word_of(main, k_units));
  if (word.empty()) {
    word = sanitise(main, false);
  }
  if (slash != std::string::npos) {
    const auto per_unit = std::string_view(unit).substr(slash + 1);
    auto per = std::string(word_of(per_unit, k_per));
    per = per.empty() ? sanitise(per_unit, false) : per;
    word = per.empty() ? word : (word.empty() ? "per_" + per : word + "_per_" + per);
  }
  while (!word.empty() && word.front() == '_') {
    word.erase(0, 1);
  }
  while (!word.empty() && word.back() == '_') {
    word.pop_back();
  }
  return word;
}

std::string prometheus_name(const MetricSummary& metric)
{
  auto name = sanitise(metric.name, true);
  if (!name.empty() && std::isdigit(static_cast<unsigned char>(name.front())) != 0) {
    name.insert(0, "_");
  }
  const bool counter = metric.type == MetricType::sum && metric.monotonic;
  if (counter && ends_with_word(name, "total")) {
    name.resize(name.size() - (name == "total" ? 5 : 6)); // the suffix goes last, after the unit
  }
  const auto unit = prometheus_unit(metric.unit);
  if (!unit.empty() && !ends_with_word(name, unit)) {
    name += (name.empty() || name.back() == '_' ? "" : "_") + unit;
  }
  if (metric.type == MetricType::gauge && strip_annotations(metric.unit) == "1" && !ends_with_word(name, "ratio")) {
    name += "_ratio";
  }
  if (counter) {
    name += name.empty() ? "total" : "_total";
  }
  return name;
}

std::string prometheus_label(std::string_view key)
{
  auto label = sanitise(key, false);
  if (!label.empty() && std::isdigit(static_cast<unsigned char>(label.front())) != 0) {
    label.insert(0, "key_");
  }
  return label;
}

ExpositionScan exposition_of(const MetricsSummary& metrics)
{
  ExpositionScan scan;
  for (const auto& metric : metrics.metrics) {
    const auto name = prometheus_name(metric);
    auto& shape = scan.families[name];
    const bool counter = metric.type == MetricType::sum && metric.monotonic;
    shape.type = counter                                                              ? "counter"
                 : metric.type == MetricType::sum || metric.type == MetricType::gauge ? "gauge"
                 : metric.type == MetricType::summary                                 ? "summary"
                 : metric.type == MetricType::none                                    ? "untyped"
                                                                                      : "histogram";
    shape.typed = metric.type != MetricType::none;
    if (const auto unit = prometheus_unit(metric.unit); !unit.empty()) {
      shape.unit = unit;
    }
    shape.samples += metric.data_points;
    shape.labels_capped = shape.labels_capped || metric.keys_capped;
    for (const auto& [key, points] : metric.attribute_keys) {
      const auto label = prometheus_label(key);
      const auto at =
          std::find_if(shape.labels.begin(), shape.labels.end(), [&](const auto& held) { return held.first == label; });
      if (at != shape.labels.end()) {
        at->second += points;
      } else if (shape.labels.size() < FamilyShape::k_max_labels) {
        shape.labels.emplace_back(label, points);
      } else {
        shape.labels_capped = true;
      }
    }
    scan.samples_by_name[name] += metric.data_points;
    scan.sample_lines += metric.data_points;
  }
  return scan;
}

} // namespace ttaobs::sources
