#pragma once

#include "prometheus_query.hpp"

#include <src/trace/model.hpp>
#include <src/util/regex.hpp>
#include <src/yaml/fields.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ttaobs::checks {

/// One attribute condition of a selector: the key exists (or not), its value equals a text,
/// matches a regex, or compares as a number.
struct AttributeTest
{
  std::string key;
  bool exists = true;                 ///< false: the span must not have the key
  std::optional<std::string> equals;  ///< exact text
  std::optional<util::Regex> matches; ///< whole value matches (RE2)
  std::optional<Comparison> compare;  ///< the value parsed as a number
};

/// Which spans of a trace a check is about; every stated condition must hold (unset ones don't count).
struct SpanSelector
{
  std::optional<std::string> name;       ///< exact name
  std::optional<util::Regex> name_regex; ///< name matches (a glob is compiled to one)
  std::string name_text;                 ///< the name condition as written, for messages
  std::vector<AttributeTest> attributes;
  std::optional<trace::SpanKind> kind;
  std::optional<trace::SpanStatus> status;
  std::optional<std::string> service;
  std::optional<bool> root;                          ///< true: has no parent reference; false: has one
  std::shared_ptr<const SpanSelector> child_of;      ///< the parent matches this selector
  std::shared_ptr<const SpanSelector> descendant_of; ///< some ancestor matches this selector

  /// The selector in a few words, e.g. "spans named 'db.*' (glob), kind client, child of (name 'x')".
  std::string describe() const;
};

/// `glob` ("db.*", "step_?") as an RE2 pattern matching the whole name.
std::string glob_to_regex(std::string_view glob);

/// True when `span`'s own conditions hold (name, attributes, kind, status, service, root), relations aside.
bool matches_own(const SpanSelector& selector, const trace::Trace& trace, std::size_t span);

/// Per span of `trace`, whether it is selected (relations resolved through `tree`, in linear time).
std::vector<char> select_mask(const SpanSelector& selector, const trace::Trace& trace, const trace::SpanTree& tree);

/// The indices of the selected spans of `trace`, in source order.
std::vector<std::size_t> select_spans(const SpanSelector& selector, const trace::Trace& trace,
                                      const trace::SpanTree& tree);

/// Reads a selector mapping (`name`, `attributes`, `kind`, `status`, `service`, `root`, `child_of`,
/// `descendant_of`); problems go to `errors` with their positions; nullopt once one is recorded.
std::optional<SpanSelector> read_span_selector(const yaml::Node& node, const std::string& what,
                                               const yaml::EnvLookup& env, std::vector<yaml::Error>& errors);

} // namespace ttaobs::checks
