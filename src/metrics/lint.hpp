#pragma once

#include "exposition.hpp"
#include "parser.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::metrics {

/// What to lint beyond promtool's rules.
struct LintOptions
{
  bool extended = false; ///< histogram consistency, duplicates, counter values, UNIT, cardinality
  std::size_t top = 10;  ///< rows of the cardinality report (extended)
  /// Series (and histogram label sets) remembered per family for duplicate and histogram
  /// checks (extended); beyond it those checks stop for the family, and the report says so.
  std::size_t max_series_per_family = 1'000'000;
};

/// One lint finding, printed as "metric: text".
struct Problem
{
  std::string metric;    ///< the family name
  std::string text;      ///< what is wrong (promtool's wording for promtool's rules)
  std::string rule;      ///< rule id, e.g. "help" or "histogram-consistency"
  std::size_t line = 0;  ///< where it was seen (0: the family as a whole)
  std::size_t count = 1; ///< how many times it was found (promtool prints each occurrence)
};

/// One row of the cardinality report.
struct CardinalityRow
{
  std::string family;
  std::string type;
  std::size_t series = 0; ///< sample lines (each bucket, quantile, _sum… is a series)
};

/// Everything `lint-metrics` reports about one exposition.
struct LintReport
{
  std::string source; ///< file, URL or "-"
  Format format = Format::prometheus_text;
  std::optional<std::string> failure;    ///< set when the input could not be read at all
  std::optional<ParseError> parse_error; ///< set when the exposition does not parse
  std::vector<Problem> problems;         ///< sorted by metric then text (as promtool sorts)
  std::size_t problem_count = 0;         ///< occurrences: the sum of the problems' counts
  std::size_t families = 0;              ///< families with samples
  std::size_t samples = 0;
  std::size_t bytes = 0;
  bool extended = false;
  std::size_t series_total = 0;            ///< all sample lines (extended)
  std::vector<CardinalityRow> cardinality; ///< top families by series (extended)
  std::vector<std::string> notes;          ///< what could not be checked in full (extended)
};

/// A sink that lints as the parser streams: promtool's per-family rules (promlint of
/// client_golang 1.14, as in promtool 2.42) and, when asked, the extended rules. Memory is
/// bounded by the number of families: the series of a family are remembered only while its
/// lines run (families are contiguous, as every client library writes them), and at most
/// `max_series_per_family` of them.
class Linter final : public ExpositionSink
{
public:
  Linter(Format format, LintOptions options);
  ~Linter() override;
  Linter(const Linter&) = delete;
  Linter& operator=(const Linter&) = delete;

  void on_sample(const Sample& sample, const Family& family) override;

  /// The report once `parser` has finished (its families and error are read).
  LintReport finish(const ExpositionParser& parser, std::string source);

private:
  struct State;
  std::unique_ptr<State> m_state;
};

/// promlint's name rules for one family (help, units, suffixes, type in name, ':', camelCase,
/// abbreviations), in promlint's order; `openmetrics` skips the counter suffix rule the format
/// itself enforces.
std::vector<Problem> family_name_problems(const Family& family, bool openmetrics);

/// The base unit promlint wants instead of the unit in `name`, e.g. {"milliseconds", "seconds"}.
std::optional<std::pair<std::string, std::string>> non_base_unit(std::string_view name);

/// True when `word` is one of promlint's base units ("seconds", "bytes", …).
bool is_base_unit(std::string_view word);

/// True when `name` has a lower-case letter followed by an upper-case one.
bool camel_case(std::string_view name);

namespace detail {

/// A label set as findings show it, `{name="value",…}`: values cut at 64 bytes and escaped, `skip` left out.
std::string label_text(std::span<const Label> labels, std::string_view skip = {});

/// A sample value as findings show it: "NaN", "+Inf", "-Inf" or the shortest decimal.
std::string number(double v);

} // namespace detail

} // namespace ttaobs::metrics
