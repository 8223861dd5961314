#pragma once

#include <src/sources/evidence.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::core {

/// The outcome classes of a check.
enum class Status {
  pass,  ///< evidence meets the expectation
  fail,  ///< evidence contradicts the expectation
  warn,  ///< a non-blocking check did not pass
  error, ///< evidence could not be obtained or understood
  skip,  ///< not run (deselected)
};

/// "pass", "fail", … as used in JSON and JUnit.
std::string_view to_string(Status status);

/// The number a check measured and the bound it judged it against (e.g. 15 spans ">=" 5).
struct Measurement
{
  double measured = 0;           ///< the value seen
  double expected = 0;           ///< the bound it is compared with
  std::string comparator = ">="; ///< how measured must relate to expected: ">=", "<=" or "=="
  std::string unit;              ///< what is counted ("spans", "series"); may be empty

  /// True when `measured` satisfies `comparator expected`.
  bool met() const
  {
    return comparator == "<=" ? measured <= expected : comparator == "==" ? measured == expected : measured >= expected;
  }
};

/// `measured` must reach at least `expected` `unit`.
inline Measurement at_least(double measured, double expected, std::string unit)
{
  return {measured, expected, ">=", std::move(unit)};
}

/// `measured` must not exceed `expected` `unit`.
inline Measurement at_most(double measured, double expected, std::string unit)
{
  return {measured, expected, "<=", std::move(unit)};
}

/// `measured` must equal `expected` `unit`.
inline Measurement exactly(double measured, double expected, std::string unit)
{
  return {measured, expected, "==", std::move(unit)};
}

/// What one evaluation of a check concluded.
struct CheckOutcome
{
  Status status = Status::error;
  std::string message;                    ///< one line: measured value and expectation
  std::vector<std::string> details;       ///< extra lines (e.g. the values seen), bounded
  std::optional<Measurement> measurement; ///< the number judged, absent where none is meaningful

  /// This outcome with `m` attached (for `return outcome(...).with(at_least(n, min, "spans"))`).
  CheckOutcome with(Measurement m) &&
  {
    measurement = std::move(m);
    return std::move(*this);
  }
};

/// Parameters of a check module; each module reads the fields it documents.
struct CheckParams
{
  std::string span;              ///< span name to look for
  std::string ancestor;          ///< span the target must descend from
  std::string prefix;            ///< name prefix (span series, exposition metric names)
  std::string label;             ///< label name
  std::string value;             ///< label value
  std::string noun;              ///< what is counted, for messages ("series", "bucket series")
  double min = 0;                ///< lower bound the measured number must reach
  bool warn_only = false;        ///< non-blocking: report warn instead of fail
  std::int64_t tolerance_us = 0; ///< clock-skew slack for interval comparisons
  /// How verdicts over several traces combine: "latest" (most recent only), "all", "any", or a
  /// fraction in (0,1] of traces that must pass. Set by the runner from --traces/--quantifier.
  std::string quantifier = "latest";
};

/// A check module: a pure function of interpreted evidence and parameters. A module with typed
/// parameters of its own (read from a suite file) captures them and reads only `quantifier` here.
using CheckFn = std::function<CheckOutcome(const sources::Payload& evidence, const CheckParams& params)>;

/// How a failed check counts: `fail` fails the run, `warn` reports a warning instead.
enum class Severity { fail, warn };

/// One row of a suite: identity, evidence needed, module and its parameters.
struct CheckSpec
{
  std::string id;                       ///< stable id "area/name"; area is the group
  std::string description;              ///< one line: what passes
  sources::EvidenceRequest evidence;    ///< what must be fetched
  CheckFn fn = nullptr;                 ///< the module that judges it
  CheckParams params;                   ///< the module's parameters
  Severity severity = Severity::fail;   ///< warn: a failure is reported as a warning
  std::vector<std::string> tags;        ///< for --only/--skip, besides the id
  std::string skip_reason;              ///< when set, not run but reported skipped with this reason (no evidence)
  bool optional = false;                ///< runs only when --only names its id or one of its tags
  bool judges_received_metrics = false; ///< exposition evidence may be metrics received over OTLP (validate --receive)

  /// The area part of the id ("trace" for "trace/span-count").
  std::string group() const;
};

/// The human title of a group, e.g. "Trace hierarchy" for "trace".
std::string group_title(std::string_view group);

/// An outcome built with fmt-style arguments.
CheckOutcome outcome(Status status, std::string message, std::vector<std::string> details = {});

/// The payload alternative `T` of `evidence`, or nullptr (a check given the wrong evidence errors).
template <typename T> const T* evidence_as(const sources::Payload& evidence)
{
  return std::get_if<T>(&evidence);
}

/// The outcome for evidence of an unexpected kind (a suite table bug, reported not crashed).
CheckOutcome wrong_evidence(std::string_view expected);

} // namespace ttaobs::core
