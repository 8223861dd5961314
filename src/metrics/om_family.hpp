#pragma once

// Internal: the per-family rules of OpenMetrics 1.0 that need state across lines (grouping,
// timestamps, histogram runs, name clashes), checked as the lines stream by.

#include "exposition.hpp"
#include <src/util/hash_set.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace ttaobs::metrics::detail {

/// True when `name` ends in "_" + `unit` (OpenMetrics: a family's unit is its name's suffix).
bool name_ends_in_unit(std::string_view name, std::string_view unit);

/// A hash of a label set that ignores order.
std::uint64_t label_set_hash(std::span<const Label> labels, std::string_view skip = {});

/// The running state of the current family and the names every earlier family claimed.
class OmFamilyRules
{
public:
  /// Starts family `family` (after metadata or an unknown sample).
  void begin(const Family& family);
  /// The sample names the current family's type allows.
  bool allows(const Family& family, std::string_view sample_name) const;
  /// Checks a sample of the current family; returns an error message or "".
  std::string sample(const Family& family, const Sample& sample);
  /// Ends the current family; returns an error message or "".
  std::string end(const Family& family);
  /// True once a sample of the current family was accepted.
  bool has_samples() const { return m_has_samples; }

private:
  bool grouping(const Family& family, const Sample& sample, bool& retained, std::string& problem);
  std::string histogram_sample(const Family& family, const Sample& sample);
  std::string histogram_run_end(const Family& family);

  std::unordered_set<std::string> m_claimed; // every name (with suffixes) earlier families used
  bool m_has_samples = false;
  std::optional<std::uint64_t> m_group;
  util::HashSet m_seen_groups;
  bool m_group_has_timestamp = false;
  double m_group_timestamp = 0;
  util::HashSet m_group_series;

  struct HistogramRun
  {
    bool active = false;
    std::uint64_t group = 0;
    bool has_timestamp = false;
    double timestamp = 0;
    std::optional<double> count;
    std::optional<double> bucket;
    double value = 0;
    bool negative_buckets = false;
    bool has_sum = false;
    bool has_gsum = false;
    bool negative_gsum = false;
  } m_run;
};

} // namespace ttaobs::metrics::detail
