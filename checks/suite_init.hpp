#pragma once

// `ttaobs suite init`'s generator: a starter suite written from what a service shows now (its
// newest settled traces and its exposition). Pure: the CLI fetches, this turns evidence into text.

#include <src/metrics/exposition.hpp>
#include <src/metrics/parser.hpp>
#include <src/trace/model.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace ttaobs::checks {

/// One metric family as the exposition showed it.
struct SeenFamily
{
  std::string name;                   ///< the family name
  std::string type;                   ///< "counter", "gauge", … ("untyped" for unknown)
  std::string first_sample;           ///< the first sample name seen ("x_bucket" for a histogram)
  std::size_t samples = 0;            ///< sample lines
  std::vector<std::string> labels;    ///< label names every sample carries, sorted
  std::vector<std::string> sometimes; ///< label names only some samples carry, sorted
};

/// Collects families, types and label names from an exposition as it is parsed.
class FamilyCollector : public metrics::ExpositionSink
{
public:
  /// Counts the sample's label names under its family.
  void on_sample(const metrics::Sample& sample, const metrics::Family& family) override;

  /// The families `parser` saw, sorted by name, with the label names collected.
  std::vector<SeenFamily> families(const metrics::ExpositionParser& parser) const;

private:
  struct Counts
  {
    std::string first_sample;
    std::map<std::string, std::size_t> labels; ///< label name → samples carrying it
  };
  std::map<std::size_t, Counts> m_counts; ///< by the parser's family index
};

/// What `suite init` learned from: the service and where each part came from (for comments).
struct InitEvidence
{
  std::string service;              ///< the configured service
  trace::TraceSet traces;           ///< its newest settled traces (may be empty)
  std::string traces_from;          ///< e.g. "Jaeger http://localhost:16686" ("" when none)
  std::vector<SeenFamily> families; ///< the exposition's families (may be empty)
  std::string metrics_from;         ///< e.g. "http://localhost:9464/metrics" ("" when none)
};

/// The starter suite YAML for `evidence`: `suite`, `defaults.service`, trace checks (root, span
/// names and parent/child pairs, span count and depth ranges) and one check per metric family,
/// each with a comment saying what was seen. Only kinds of the module table are used; the rest
/// is written as comments. Sorted, so the same evidence always gives the same text.
std::string generate_suite(const InitEvidence& evidence);

} // namespace ttaobs::checks
