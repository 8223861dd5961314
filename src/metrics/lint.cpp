#include "lint.hpp"

#include "numbers.hpp"
#include "om_family.hpp"
#include <src/util/hash_set.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>

namespace ttaobs::metrics {

namespace {

constexpr std::size_t k_per_rule_cap = 10; // findings kept per family and rule; the rest are counted

using detail::label_text;
using detail::number;

struct HistogramGroup
{
  std::string labels;
  std::size_t line = 0;
  std::optional<double> last_le;
  double last_value = 0;
  std::optional<double> inf;
  std::optional<double> count;
  bool has_sum = false;
  bool order_reported = false;
  bool decrease_reported = false;
};

struct FamilyState
{
  util::HashSet metrics; // merged metrics (by label set) that carry a label promlint objects to
  std::size_t camel_labels = 0;
  std::size_t le_labels = 0;
  std::size_t quantile_labels = 0;
  std::size_t series = 0;
  bool capped = false; // duplicate/histogram tracking stopped at max_series_per_family
  std::unordered_map<std::uint64_t, HistogramGroup> histograms; // of the current run only
  std::vector<Problem> findings;
  std::unordered_map<std::string, std::size_t> per_rule;
};

// What a sample's family is, as the rules below ask it.
struct SampleKind
{
  bool om = false;
  bool histogram = false;
  bool summary = false;
};

} // namespace

struct Linter::State
{
  Format format;
  LintOptions options;
  std::vector<FamilyState> families;
  // The current run of one family's lines: only its series are remembered.
  std::size_t current = std::numeric_limits<std::size_t>::max();
  std::string current_name;
  util::HashSet seen;
  std::size_t series_total = 0;

  void unit_findings(FamilyState& fs, const Family& family, bool om);
  void family_problems(FamilyState& fs, const Family& family, bool om, LintReport& report);
  void top_cardinality(const std::vector<Family>& families, LintReport& report);
  void end_run();
  void histogram_sample(FamilyState& fs, const Family& family, const Sample& sample);
  void label_counts(FamilyState& fs, const Sample& sample, const SampleKind& kind);
  void extended_sample(FamilyState& fs, const Family& family, const Sample& sample, const SampleKind& kind);

  void finding(FamilyState& state, const std::string& family, std::string rule, std::string text, std::size_t line)
  {
    if (++state.per_rule[rule] <= k_per_rule_cap) {
      state.findings.push_back({family, std::move(text), std::move(rule), line});
    }
  }
  void finding(FamilyState& state, const Family& family, std::string rule, std::string text, std::size_t line)
  {
    finding(state, family.name, std::move(rule), std::move(text), line);
  }
};

// Ends the current run of a family: its histograms are judged and its series forgotten.
void Linter::State::end_run()
{
  if (current >= families.size()) {
    return;
  }
  FamilyState& fs = families[current];
  for (auto& [hash, g] : fs.histograms) {
    if (!g.inf) {
      finding(fs, current_name, "histogram-consistency", fmt::format("histogram {}: no le=\"+Inf\" bucket", g.labels),
              g.line);
    } else if (g.count && *g.inf != *g.count) {
      finding(fs, current_name, "histogram-consistency",
              fmt::format("histogram {}: le=\"+Inf\" bucket ({}) differs from _count ({})", g.labels, number(*g.inf),
                          number(*g.count)),
              g.line);
    }
    if (!g.count) {
      finding(fs, current_name, "histogram-consistency", fmt::format("histogram {}: no _count sample", g.labels),
              g.line);
    }
    if (!g.has_sum) {
      finding(fs, current_name, "histogram-consistency", fmt::format("histogram {}: no _sum sample", g.labels), g.line);
    }
  }
  std::unordered_map<std::uint64_t, HistogramGroup>().swap(fs.histograms);
  seen.clear();
  current = std::numeric_limits<std::size_t>::max();
}

// A "# UNIT" must name the family's suffix (OpenMetrics makes a mismatch a parse error; 0.0.4 text
// from OpenTelemetry exporters carries UNIT comments such as "s" for a *_seconds family); an
// OpenMetrics family named in a base unit should declare it.
void Linter::State::unit_findings(FamilyState& fs, const Family& family, bool om)
{
  if (family.unit && !family.unit->empty()) {
    if (!detail::name_ends_in_unit(family.name, *family.unit)) {
      const auto last = family.name.rfind('_');
      finding(fs, family, "unit-suffix",
              fmt::format("# UNIT says \"{}\" but the name does not end in \"_{}\"{}", *family.unit, *family.unit,
                          last == std::string::npos ? std::string()
                                                    : fmt::format(" (for this name: \"# UNIT {} {}\")", family.name,
                                                                  family.name.substr(last + 1))),
              family.first_line);
    }
    return;
  }
  if (om && !family.unit) {
    const auto last = family.name.rfind('_');
    const std::string tail = last == std::string::npos ? "" : family.name.substr(last + 1);
    if (is_base_unit(tail) || tail == "ratio") {
      finding(fs, family, "unit-suffix",
              fmt::format("name ends in \"_{}\" but no \"# UNIT {} {}\" line declares it", tail, family.name, tail),
              family.first_line);
    }
  }
}

Linter::Linter(Format format, LintOptions options) : m_state(std::make_unique<State>())
{
  m_state->format = format;
  m_state->options = options;
}

Linter::~Linter() = default;

void Linter::on_sample(const Sample& sample, const Family& family)
{
  State& st = *m_state;
  if (st.families.size() <= sample.family) {
    st.families.resize(sample.family + 1);
  }
  FamilyState& fs = st.families[sample.family];
  SampleKind kind;
  kind.om = st.format == Format::openmetrics;
  kind.histogram = family.type == MetricType::histogram || (kind.om && family.type == MetricType::gauge_histogram);
  kind.summary = family.type == MetricType::summary;
  st.label_counts(fs, sample, kind);
  if (st.options.extended) {
    st.extended_sample(fs, family, sample, kind);
  }
}

// promlint sees one metric per sample line, except that expfmt merges the lines of one
// summary/histogram (and OpenMetrics groups every family) by their label set. Only metrics with
// a label promlint objects to need remembering, so clean input costs no memory here.
void Linter::State::label_counts(FamilyState& fs, const Sample& sample, const SampleKind& kind)
{
  const std::string_view special = kind.histogram ? "le" : kind.summary ? "quantile" : "";
  std::size_t camel_labels = 0;
  std::size_t le_labels = 0;
  std::size_t quantile_labels = 0;
  for (const Label& l : sample.labels) {
    if (!special.empty() && l.name == special) {
      continue;
    }
    camel_labels += camel_case(l.name) ? 1 : 0;
    le_labels += !kind.histogram && l.name == "le" ? 1 : 0;
    quantile_labels += !kind.summary && l.name == "quantile" ? 1 : 0;
  }
  if (camel_labels + le_labels + quantile_labels > 0 &&
      (!(kind.histogram || kind.summary || kind.om) ||
       fs.metrics.insert(detail::label_set_hash(sample.labels, special)))) {
    fs.camel_labels += camel_labels;
    fs.le_labels += le_labels;
    fs.quantile_labels += quantile_labels;
  }
}

// The --extended rules of one sample: duplicate series within the family's run, counter values,
// and (for 0.0.4 text) histogram consistency.
void Linter::State::extended_sample(FamilyState& fs, const Family& family, const Sample& sample, const SampleKind& kind)
{
  if (sample.family != current) {
    end_run();
    current = sample.family;
    current_name = family.name;
  }
  ++fs.series;
  ++series_total;
  std::uint64_t key = detail::label_set_hash(sample.labels) * 31 + std::hash<std::string_view>{}(sample.name);
  if (sample.has_timestamp) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &sample.timestamp, sizeof bits);
    key ^= bits * 0x9e3779b97f4a7c15ULL;
  }
  if (seen.size() >= options.max_series_per_family) {
    fs.capped = true;
  } else if (!seen.insert(key)) {
    finding(fs, family, "duplicate-series",
            fmt::format("duplicate series {}{} (line {} repeats an earlier sample)", sample.name,
                        label_text(sample.labels), sample.line),
            sample.line);
  }
  const bool counter_like =
      (family.type == MetricType::counter && (!kind.om || sample.suffix == "_total")) ||
      ((kind.histogram || kind.summary) && (sample.suffix == "_count" || sample.suffix == "_bucket"));
  if (counter_like && (std::isnan(sample.value) || sample.value < 0)) {
    finding(fs, family, "counter-value",
            fmt::format("{}{} is {} at line {} (counters only go up from 0)", sample.name, label_text(sample.labels),
                        std::isnan(sample.value) ? "NaN" : "negative (" + number(sample.value) + ")", sample.line),
            sample.line);
  }
  if (family.type == MetricType::histogram && !kind.om) {
    histogram_sample(fs, family, sample); // OpenMetrics histograms were already held to these rules by the parser
  }
}

void Linter::State::histogram_sample(FamilyState& fs, const Family& family, const Sample& sample)
{
  const auto group = detail::label_set_hash(sample.labels, "le");
  auto it = fs.histograms.find(group);
  if (it == fs.histograms.end()) {
    if (fs.histograms.size() >= options.max_series_per_family) {
      fs.capped = true;
      return;
    }
    it = fs.histograms.emplace(group, HistogramGroup{}).first;
    it->second.labels = label_text(sample.labels, "le");
    it->second.line = sample.line;
  }
  HistogramGroup& g = it->second;
  if (sample.suffix == "_count") {
    g.count = sample.value;
  } else if (sample.suffix == "_sum") {
    g.has_sum = true;
  } else if (sample.suffix == "_bucket") {
    double le = std::numeric_limits<double>::quiet_NaN();
    for (const Label& l : sample.labels) {
      if (l.name == "le") {
        le = parse_go_float(l.value).value_or(std::numeric_limits<double>::quiet_NaN());
      }
    }
    if (std::isnan(le)) {
      return;
    }
    if (g.last_le && le <= *g.last_le && !g.order_reported) {
      g.order_reported = true;
      finding(fs, family, "histogram-consistency",
              fmt::format("histogram {}: buckets out of order (le=\"{}\" after le=\"{}\") at line {}", g.labels,
                          number(le), number(*g.last_le), sample.line),
              sample.line);
    }
    if (g.last_le && sample.value < g.last_value && !g.decrease_reported) {
      g.decrease_reported = true;
      finding(fs, family, "histogram-consistency",
              fmt::format("histogram {}: bucket counts decrease (le=\"{}\" has {} < {}) at line {}", g.labels,
                          number(le), number(sample.value), number(g.last_value), sample.line),
              sample.line);
    }
    g.last_le = le;
    g.last_value = sample.value;
    if (std::isinf(le) && le > 0) {
      g.inf = sample.value;
    }
  }
}

// The problems of one family that has samples: names, per-family counters, extended findings.
void Linter::State::family_problems(FamilyState& fs, const Family& family, bool om, LintReport& report)
{
  for (auto& p : family_name_problems(family, om)) {
    report.problems.push_back(std::move(p));
  }
  const bool untyped = family.type == MetricType::untyped || family.type == MetricType::unknown;
  auto repeat = [&](std::size_t n, std::string rule, const char* text) {
    if (n > 0) {
      report.problems.push_back({family.name, text, std::move(rule), 0, n});
    }
  };
  repeat(fs.camel_labels, "camel-case", "label names should be written in 'snake_case' not 'camelCase'");
  if (!untyped) {
    repeat(fs.le_labels, "reserved-label", "non-histogram metrics should not have \"le\" label");
    repeat(fs.quantile_labels, "reserved-label", "non-summary metrics should not have \"quantile\" label");
  }
  if (!options.extended) {
    return;
  }
  if (fs.capped) {
    report.notes.push_back(fmt::format("{}: more than {} series; duplicate-series and histogram checks stopped there "
                                       "(raise --max-series-per-family to check them all)",
                                       family.name, options.max_series_per_family));
  }
  unit_findings(fs, family, om);
  for (const auto& [rule, n] : fs.per_rule) {
    if (n > k_per_rule_cap) {
      fs.findings.push_back(
          {family.name, fmt::format("({} more {} findings not shown)", n - k_per_rule_cap, rule), rule, 0});
    }
  }
  for (auto& p : fs.findings) {
    report.problems.push_back(std::move(p));
  }
}

// --extended: the families with the most series, at most `options.top` of them.
void Linter::State::top_cardinality(const std::vector<Family>& all, LintReport& report)
{
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].samples > 0) {
      report.cardinality.push_back({all[i].name, std::string(to_string(all[i].type)), families[i].series});
    }
  }
  const auto order = [](const CardinalityRow& a, const CardinalityRow& b) {
    return a.series != b.series ? a.series > b.series : a.family < b.family;
  };
  const std::size_t top = std::min(options.top, report.cardinality.size());
  std::partial_sort(report.cardinality.begin(), report.cardinality.begin() + static_cast<std::ptrdiff_t>(top),
                    report.cardinality.end(), order);
  report.cardinality.resize(top);
}

LintReport Linter::finish(const ExpositionParser& parser, std::string source)
{
  State& st = *m_state;
  LintReport report;
  report.source = std::move(source);
  report.format = st.format;
  report.parse_error = parser.error();
  report.bytes = parser.bytes();
  report.extended = st.options.extended;
  report.series_total = st.series_total;
  st.end_run();
  const bool om = st.format == Format::openmetrics;
  const auto& families = parser.families();
  st.families.resize(families.size());
  for (std::size_t i = 0; i < families.size(); ++i) {
    if (families[i].samples == 0) {
      continue; // promtool drops families that have no samples
    }
    ++report.families;
    report.samples += families[i].samples;
    if (!report.parse_error) {
      st.family_problems(st.families[i], families[i], om, report);
    }
  }
  std::stable_sort(report.problems.begin(), report.problems.end(), [](const Problem& a, const Problem& b) {
    return a.metric != b.metric ? a.metric < b.metric : a.text < b.text;
  });
  for (const auto& p : report.problems) {
    report.problem_count += p.count;
  }
  if (st.options.extended && !report.parse_error) {
    st.top_cardinality(families, report);
  }
  return report;
}

} // namespace ttaobs::metrics
