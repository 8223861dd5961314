#pragma once

#include <src/metrics/exposition.hpp>
#include <src/metrics/parser.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttaobs::sources {

/// What an exposition declares of one family: its type and unit, and which label names its
/// samples carry (bounded: at most FamilyShape::k_max_labels names are remembered).
struct FamilyShape
{
  static constexpr std::size_t k_max_labels = 64; ///< label names remembered per family

  std::string type;                ///< "counter", "gauge", … as the dialect writes it ("untyped" if never typed)
  bool typed = false;              ///< a TYPE line declared it (or samples fixed it)
  std::optional<std::string> unit; ///< the OpenMetrics UNIT, when declared
  std::size_t samples = 0;         ///< sample lines of the family
  std::vector<std::pair<std::string, std::size_t>> labels; ///< label name → samples carrying it, first seen first
  bool labels_capped = false;                              ///< more label names were seen than are remembered
};

/// A light pass over Prometheus text exposition: sample lines counted per metric name.
struct ExpositionScan
{
  std::map<std::string, std::size_t> samples_by_name; ///< metric name → sample lines
  std::size_t sample_lines = 0;                       ///< all sample lines
  std::map<std::string, FamilyShape> families;        ///< family name → shape (filled by a ShapeRecorder)
};

/// Counts sample lines (not comments or blank lines) per metric name in `body`.
ExpositionScan scan_exposition(std::string_view body);

/// A sink that records each family's shape as the parser streams (memory: families × label
/// names, never samples) and hands every sample on to `next` (the linter).
class ShapeRecorder final : public metrics::ExpositionSink
{
public:
  /// Records into a table of its own, forwarding to `next`.
  explicit ShapeRecorder(metrics::ExpositionSink& next) : m_next(next) {}

  void on_sample(const metrics::Sample& sample, const metrics::Family& family) override;

  /// Fills `scan.families` once `parser` has finished (families without samples included).
  void finish(const metrics::ExpositionParser& parser, ExpositionScan& scan);

private:
  metrics::ExpositionSink& m_next;
  std::vector<FamilyShape> m_shapes; // by the parser's family index
};

} // namespace ttaobs::sources
