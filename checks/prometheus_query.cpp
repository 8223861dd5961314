#include "prometheus_query.hpp"

#include "trace_common.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

namespace ttaobs::checks {

using core::Status;

bool Comparison::holds(double measured) const
{
  switch (op) {
  case Op::ge:
    return measured >= value;
  case Op::gt:
    return measured > value;
  case Op::le:
    return measured <= value;
  case Op::lt:
    return measured < value;
  case Op::eq:
    return measured == value;
  case Op::ne:
    return !std::isnan(measured) && measured != value;
  }
  return false;
}

Expected<Comparison, std::string> parse_comparison(std::string_view text)
{
  static constexpr std::pair<std::string_view, std::pair<Comparison::Op, std::string_view>> k_ops[] = {
      {">=", {Comparison::Op::ge, "≥"}}, {"<=", {Comparison::Op::le, "≤"}}, {"==", {Comparison::Op::eq, "="}},
      {"!=", {Comparison::Op::ne, "≠"}}, {">", {Comparison::Op::gt, ">"}},  {"<", {Comparison::Op::lt, "<"}}};
  const auto trimmed = util::trim(text);
  for (const auto& [spelling, op] : k_ops) {
    if (!trimmed.starts_with(spelling)) {
      continue;
    }
    const auto number = util::trim(trimmed.substr(spelling.size()));
    double value = 0;
    const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || ec != std::errc() || ptr != number.data() + number.size() || !std::isfinite(value)) {
      break;
    }
    return Comparison{op.first, value, fmt::format("{} {}", op.second, number)};
  }
  return unexpected(
      fmt::format("\"{}\" is not a comparison such as \">= 0.95\", \"< 500\" or \"== 1\"", util::one_line(text, 40)));
}

namespace {

std::optional<Comparison> read_comparison(yaml::MapReader& map, std::string_view key)
{
  const auto text = map.string(key);
  if (!text) {
    return std::nullopt;
  }
  auto parsed = parse_comparison(*text);
  if (!parsed) {
    map.error(map.node(key)->mark, fmt::format("\"{}\": {}", key, parsed.error()));
    return std::nullopt;
  }
  return std::move(*parsed);
}

template <typename T>
std::optional<T> read_pair(yaml::MapReader& expect, std::string_view key, const yaml::EnvLookup& env,
                           std::vector<yaml::Error>& errors)
{
  const auto* node = expect.node(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  yaml::MapReader map(*node, fmt::format("\"expect.{}\"", key), env, errors);
  T out;
  out.label = map.string("label", true).value_or("");
  if constexpr (std::is_same_v<T, QueryExpectation::Distinct>) {
    out.min = map.integer("min", 0, 1'000'000, true).value_or(1);
  } else {
    out.value = map.string("value", true).value_or("");
  }
  map.finish();
  return out;
}

void read_series(yaml::MapReader& expect, QueryExpectation& out, const yaml::EnvLookup& env,
                 std::vector<yaml::Error>& errors)
{
  const auto* node = expect.node("series");
  if (node == nullptr) {
    return;
  }
  yaml::MapReader series(*node, "\"expect.series\"", env, errors);
  out.min_series = series.integer("min", 0, 100'000'000).value_or(out.min_series);
  out.max_series = series.integer("max", 0, 100'000'000);
  series.finish();
  if (out.max_series && *out.max_series < out.min_series) {
    series.error(node->mark, fmt::format("\"expect.series\": max {} is below min {}", *out.max_series, out.min_series));
  }
}

} // namespace

std::optional<QueryExpectation> read_query_expectation(yaml::MapReader& check, const yaml::EnvLookup& env,
                                                       std::vector<yaml::Error>& errors)
{
  const auto before = errors.size();
  QueryExpectation out;
  out.query = check.string("query", true).value_or("");
  if (const auto* node = check.node("expect")) {
    yaml::MapReader expect(*node, "\"expect\"", env, errors);
    out.every = read_comparison(expect, "every");
    out.any = read_comparison(expect, "any");
    out.scalar = read_comparison(expect, "scalar");
    out.distinct = read_pair<QueryExpectation::Distinct>(expect, "distinct", env, errors);
    out.present = read_pair<QueryExpectation::LabelValue>(expect, "present", env, errors);
    out.absent = read_pair<QueryExpectation::LabelValue>(expect, "absent", env, errors);
    if (out.absent && node->find("series") == nullptr && node->entries.size() == 1) {
      out.min_series = 0; // "no series has status=error" holds for an empty answer
    }
    read_series(expect, out, env, errors);
    expect.finish();
  }
  return errors.size() == before ? std::optional<QueryExpectation>(std::move(out)) : std::nullopt;
}

namespace {

double value_of(const sources::Series& series)
{
  const auto& text = series.value;
  if (text == "NaN") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (text == "+Inf" || text == "Inf") {
    return std::numeric_limits<double>::infinity();
  }
  if (text == "-Inf") {
    return -std::numeric_limits<double>::infinity();
  }
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return end == text.c_str() || *end != '\0' ? std::numeric_limits<double>::quiet_NaN() : value;
}

// "{primitive_type="sequential"}" for messages (no __name__).
std::string labels_of(const sources::Series& series)
{
  std::vector<std::string> parts;
  for (const auto& [name, value] : series.labels) {
    if (name != "__name__") {
      parts.push_back(fmt::format("{}=\"{}\"", name, util::one_line(value, 40)));
    }
  }
  return "{" + util::join(parts, ",") + "}";
}

struct Verdicts
{
  bool all_hold = true;
  std::vector<std::string> parts;
  std::vector<std::string> details;

  void add(bool holds, std::string part)
  {
    all_hold = all_hold && holds;
    parts.push_back(std::move(part));
  }
};

void judge_values(const sources::QueryResult& result, const QueryExpectation& expected, Verdicts& v)
{
  const auto& series = result.series;
  for (const auto& s : series) {
    if (v.details.size() < 10) {
      v.details.push_back(fmt::format("{} {}", labels_of(s), s.value));
    }
  }
  if (expected.every && !series.empty()) {
    std::size_t holding = 0;
    const sources::Series* worst = nullptr;
    for (const auto& s : series) {
      const bool holds = expected.every->holds(value_of(s));
      holding += holds ? 1 : 0;
      worst = !holds && worst == nullptr ? &s : worst;
    }
    v.add(holding == series.size(), worst == nullptr
                                        ? fmt::format("every value {}", expected.every->text)
                                        : fmt::format("{} of {} values {} (e.g. {} {})", holding, series.size(),
                                                      expected.every->text, labels_of(*worst), worst->value));
  }
  if (expected.any) {
    std::size_t holding = 0;
    for (const auto& s : series) {
      holding += expected.any->holds(value_of(s)) ? 1 : 0;
    }
    v.add(holding > 0, fmt::format("{} of {} values {} (expected ≥ 1)", holding, series.size(), expected.any->text));
  }
  if (expected.scalar) {
    if (series.size() != 1) {
      v.add(false,
            fmt::format("{} series where one value was expected (aggregate the query, e.g. sum(…))", series.size()));
    } else {
      const bool holds = expected.scalar->holds(value_of(series[0]));
      v.add(holds, fmt::format("value {} (expected {})", series[0].value, expected.scalar->text));
    }
  }
}

void judge_labels(const sources::QueryResult& result, const QueryExpectation& expected, Verdicts& v)
{
  if (expected.distinct) {
    std::set<std::string> values;
    for (const auto& s : result.series) {
      if (const auto it = s.labels.find(expected.distinct->label); it != s.labels.end()) {
        values.insert(it->second);
      }
    }
    v.add(static_cast<long long>(values.size()) >= expected.distinct->min,
          fmt::format("{} distinct {} value{} (expected ≥ {}){}", values.size(), expected.distinct->label,
                      values.size() == 1 ? "" : "s", expected.distinct->min,
                      values.empty() ? "" : ": " + name_list({values.begin(), values.end()}, 10)));
  }
  const auto count_with = [&](const QueryExpectation::LabelValue& lv) {
    return std::count_if(result.series.begin(), result.series.end(), [&](const sources::Series& s) {
      const auto it = s.labels.find(lv.label);
      return it != s.labels.end() && it->second == lv.value;
    });
  };
  if (expected.present) {
    const auto n = count_with(*expected.present);
    v.add(n > 0,
          fmt::format("{} series with {}=\"{}\" (expected ≥ 1)", n, expected.present->label, expected.present->value));
  }
  if (expected.absent) {
    const auto n = count_with(*expected.absent);
    v.add(n == 0,
          fmt::format("{} series with {}=\"{}\" (expected none)", n, expected.absent->label, expected.absent->value));
  }
}

} // namespace

core::CheckOutcome judge_query(const sources::QueryResult& answer, const QueryExpectation& expected)
{
  sources::QueryResult scalar; // a scalar answer (scalar(…), a number) is one series without labels
  if (!answer.scalar.empty() && answer.series.empty()) {
    scalar.result_type = answer.result_type;
    scalar.series.push_back({{}, answer.scalar});
  }
  const auto& result = answer.scalar.empty() ? answer : scalar;
  Verdicts v;
  const auto n = static_cast<long long>(result.series.size());
  const bool count_ok = n >= expected.min_series && (!expected.max_series || n <= *expected.max_series);
  const auto bound = expected.max_series ? fmt::format("expected {}–{}", expected.min_series, *expected.max_series)
                                         : fmt::format("expected ≥ {}", expected.min_series);
  v.add(count_ok, fmt::format("{} series ({})", n, bound));
  judge_values(result, expected, v);
  judge_labels(result, expected, v);
  auto out = core::outcome(v.all_hold ? Status::pass : Status::fail, util::join(v.parts, "; "), std::move(v.details));
  if (expected.max_series && !expected.every && !expected.any && !expected.scalar) {
    return std::move(out).with(
        core::at_most(static_cast<double>(n), static_cast<double>(*expected.max_series), "series"));
  }
  return std::move(out).with(
      core::at_least(static_cast<double>(n), static_cast<double>(expected.min_series), "series"));
}

} // namespace ttaobs::checks
