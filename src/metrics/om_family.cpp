#include "om_family.hpp"

#include "numbers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ttaobs::metrics::detail {

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

std::vector<std::string_view> suffixes(MetricType type)
{
  switch (type) {
  case MetricType::counter:
    return {"_total", "_created"};
  case MetricType::summary:
    return {"", "_count", "_sum", "_created"};
  case MetricType::histogram:
    return {"_count", "_sum", "_bucket", "_created"};
  case MetricType::gauge_histogram:
    return {"_gcount", "_gsum", "_bucket"};
  case MetricType::info:
    return {"_info"};
  default:
    return {""};
  }
}

std::string_view label(const Sample& sample, std::string_view name)
{
  for (const Label& l : sample.labels) {
    if (l.name == name) {
      return l.value;
    }
  }
  return {};
}

bool has_label(const Sample& sample, std::string_view name)
{
  return std::any_of(sample.labels.begin(), sample.labels.end(), [&](const Label& l) { return l.name == name; });
}

bool is_integer(double v)
{
  return std::isfinite(v) && std::floor(v) == v;
}

// The rules a sample's labels and integer values follow by themselves, before grouping; false
// with `problem` set when one is broken.
bool label_rules(const Family& family, const Sample& s, std::string& problem)
{
  const MetricType type = family.type;
  const std::string_view suffix = s.suffix;
  const bool histogram = type == MetricType::histogram || type == MetricType::gauge_histogram;
  if (type == MetricType::stateset && !has_label(s, family.name)) {
    problem = fmt::format("stateset sample has no label named \"{}\"", family.name);
    return false;
  }
  if (histogram && suffix == "_bucket") {
    const auto le = parse_om_number(label(s, "le"));
    if (!has_label(s, "le") || !le || std::isnan(*le)) {
      problem = "bucket has no valid \"le\" label";
      return false;
    }
    if (*le == k_inf && label(s, "le") != "+Inf") {
      problem = fmt::format("\"le\" label \"{}\" is not canonical: write \"+Inf\"", label(s, "le"));
      return false;
    }
    if (!is_integer(s.value)) {
      problem = "bucket value must be an integer";
      return false;
    }
  }
  if ((suffix == "_count" || suffix == "_gcount") &&
      (type == MetricType::histogram || type == MetricType::summary || type == MetricType::gauge_histogram) &&
      !is_integer(s.value)) {
    problem = "count value must be an integer";
    return false;
  }
  if (type == MetricType::summary && suffix.empty()) {
    const auto q = parse_om_number(label(s, "quantile"));
    if (!has_label(s, "quantile") || !q || !(*q >= 0 && *q <= 1)) {
      problem = "summary quantile sample needs a \"quantile\" label between 0 and 1";
      return false;
    }
  }
  return true;
}

// The rules a sample's value and exemplar follow, once it is grouped; false with `problem` set
// when one is broken.
bool value_rules(const Family& family, const Sample& s, std::string& problem)
{
  const MetricType type = family.type;
  const std::string_view suffix = s.suffix;
  const bool histogram = type == MetricType::histogram || type == MetricType::gauge_histogram;
  if (type == MetricType::stateset && s.value != 0 && s.value != 1) {
    problem = "stateset values must be 0 or 1";
    return false;
  }
  if (type == MetricType::info && s.value != 1) {
    problem = "info values must be 1";
    return false;
  }
  if (type == MetricType::summary && suffix.empty() && s.value < 0) {
    problem = "quantile values cannot be negative";
    return false;
  }
  const bool counter_like =
      suffix == "_total" || suffix == "_sum" || suffix == "_count" || suffix == "_bucket" || suffix == "_gcount";
  if ((counter_like || suffix == "_gsum") && std::isnan(s.value)) {
    problem = fmt::format("\"{}\" samples cannot be NaN", suffix);
    return false;
  }
  if (counter_like && s.value < 0) {
    problem = fmt::format("\"{}\" samples cannot be negative", suffix);
    return false;
  }
  if (s.exemplar != nullptr &&
      !((histogram && suffix == "_bucket") || (type == MetricType::counter && suffix == "_total"))) {
    problem = "only histogram buckets and counter totals can have exemplars";
    return false;
  }
  return true;
}

} // namespace

bool name_ends_in_unit(std::string_view name, std::string_view unit)
{
  return name.size() > unit.size() && name.substr(name.size() - unit.size()) == unit &&
         name[name.size() - unit.size() - 1] == '_';
}

std::uint64_t label_set_hash(std::span<const Label> labels, std::string_view skip)
{
  // Order-independent: combine per-label hashes with a commutative sum of mixed values.
  std::uint64_t sum = 0x9e3779b97f4a7c15ULL;
  for (const Label& l : labels) {
    if (!skip.empty() && l.name == skip) {
      continue;
    }
    std::uint64_t h = std::hash<std::string_view>{}(l.name) * 0x100000001b3ULL ^ std::hash<std::string_view>{}(l.value);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    sum += h;
  }
  return sum;
}

void OmFamilyRules::begin(const Family&)
{
  m_has_samples = false;
  m_group.reset();
  m_seen_groups.clear();
  m_group_has_timestamp = false;
  m_group_timestamp = 0;
  m_group_series.clear();
  m_run = {};
}

bool OmFamilyRules::allows(const Family& family, std::string_view sample_name) const
{
  if (sample_name.substr(0, family.name.size()) != family.name) {
    return false;
  }
  const auto suffix = sample_name.substr(family.name.size());
  const auto allowed = suffixes(family.type);
  return std::find(allowed.begin(), allowed.end(), suffix) != allowed.end();
}

std::string OmFamilyRules::sample(const Family& family, const Sample& s)
{
  // One string for the verdict, filled by the first rule that fails (a sample without a problem
  // builds none, as it is judged on every line).
  std::string problem;
  bool retained = true;
  if (label_rules(family, s, problem) && grouping(family, s, retained, problem) && value_rules(family, s, problem)) {
    const bool histogram = family.type == MetricType::histogram || family.type == MetricType::gauge_histogram;
    if (histogram && retained) {
      problem = histogram_sample(family, s);
    }
  }
  return problem;
}

bool OmFamilyRules::grouping(const Family& family, const Sample& s, bool& retained, std::string& problem)
{
  // A group (the labels that identify one metric point) must not come back once left.
  const MetricType type = family.type;
  const bool histogram = type == MetricType::histogram || type == MetricType::gauge_histogram;
  std::string_view skip;
  if (type == MetricType::summary && s.suffix.empty()) {
    skip = "quantile";
  } else if (type == MetricType::stateset) {
    skip = family.name;
  } else if (histogram && s.suffix == "_bucket") {
    skip = "le";
  }
  const std::uint64_t group = type == MetricType::info ? 0 : label_set_hash(s.labels, skip);
  if (m_group && *m_group != group && !m_seen_groups.insert(group)) {
    problem = "samples of a metric are not grouped together (its label set appeared earlier)";
    return false;
  }
  if (m_group && *m_group == group) {
    if (s.has_timestamp != m_group_has_timestamp) {
      problem = "some samples of a metric have a timestamp and some do not";
      return false;
    }
    if (m_group_has_timestamp && m_group_timestamp > s.timestamp && type != MetricType::info) {
      problem = "timestamps go backwards within a metric";
      return false;
    }
  } else {
    m_group_series.clear();
  }
  const std::uint64_t series = label_set_hash(s.labels) ^ std::hash<std::string_view>{}(s.name);
  const bool seen_series = !m_group_series.insert(series);
  retained = !(m_group && s.has_timestamp == m_group_has_timestamp && s.timestamp == m_group_timestamp && seen_series);
  m_group = group;
  m_group_has_timestamp = s.has_timestamp;
  m_group_timestamp = s.timestamp;
  m_seen_groups.insert(group); // (already there unless this is the first sample of the group)
  m_has_samples = true;
  return true;
}

std::string OmFamilyRules::histogram_sample(const Family& family, const Sample& s)
{
  const std::uint64_t group = label_set_hash(s.labels, s.suffix == "_bucket" ? "le" : "");
  if (!m_run.active || m_run.group != group || m_run.has_timestamp != s.has_timestamp ||
      m_run.timestamp != s.timestamp) {
    if (m_run.active) {
      if (auto problem = histogram_run_end(family); !problem.empty()) {
        return problem;
      }
    }
    m_run = {};
    m_run.active = true;
    m_run.group = group;
    m_run.has_timestamp = s.has_timestamp;
    m_run.timestamp = s.timestamp;
  }
  if (s.suffix == "_bucket") {
    const double le = *parse_om_number(label(s, "le"));
    m_run.negative_buckets = m_run.negative_buckets || le < 0;
    if (m_run.bucket && le <= *m_run.bucket) {
      return "buckets are not in increasing \"le\" order";
    }
    if (s.value < m_run.value) {
      return "bucket values decrease (buckets are cumulative)";
    }
    m_run.bucket = le;
    m_run.value = s.value;
  } else if (s.suffix == "_count" || s.suffix == "_gcount") {
    m_run.count = s.value;
  } else if (s.suffix == "_sum") {
    m_run.has_sum = true;
  } else if (s.suffix == "_gsum") {
    m_run.has_gsum = true;
    m_run.negative_gsum = m_run.negative_gsum || s.value < 0;
  }
  return {};
}

std::string OmFamilyRules::histogram_run_end(const Family& family)
{
  const auto& r = m_run;
  const std::string& name = family.name;
  if (!r.bucket || *r.bucket != k_inf) {
    return fmt::format("histogram {} has no le=\"+Inf\" bucket", name);
  }
  if (r.count && r.value != *r.count) {
    return fmt::format("histogram {}: the +Inf bucket ({}) differs from the count ({})", name, r.value, *r.count);
  }
  if ((r.has_sum || r.has_gsum) && !r.count) {
    return fmt::format("histogram {} has a sum but no count", name);
  }
  if (!(r.has_sum || r.has_gsum) && r.count) {
    return fmt::format("histogram {} has a count but no sum", name);
  }
  if (r.negative_buckets && r.has_sum) {
    return fmt::format("histogram {} has negative buckets, so it cannot have a _sum", name);
  }
  if (!r.negative_buckets && r.negative_gsum) {
    return fmt::format("gauge histogram {} has a negative _gsum but no negative bucket", name);
  }
  return {};
}

std::string OmFamilyRules::end(const Family& family)
{
  if (m_run.active) {
    if (auto problem = histogram_run_end(family); !problem.empty()) {
      return problem;
    }
  }
  m_run = {};
  auto names = suffixes(family.type);
  if (std::find(names.begin(), names.end(), "") == names.end()) {
    names.push_back("");
  }
  for (const auto suffix : names) {
    const std::string claimed = family.name + std::string(suffix);
    if (!m_claimed.insert(claimed).second) {
      return fmt::format("name {} clashes with an earlier metric family (families must not repeat or overlap)",
                         claimed);
    }
  }
  if (family.unit && !family.unit->empty()) {
    if (!name_ends_in_unit(family.name, *family.unit)) {
      return fmt::format("unit \"{}\" does not match the name {} (it must end in \"_{}\")", *family.unit, family.name,
                         *family.unit);
    }
    if (family.type == MetricType::info || family.type == MetricType::stateset) {
      return fmt::format("{} metrics cannot have a unit", to_string(family.type));
    }
  }
  return {};
}

} // namespace ttaobs::metrics::detail
