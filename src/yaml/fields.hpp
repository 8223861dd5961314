#pragma once

#include <src/util/regex.hpp>
#include <src/yaml/document.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::yaml {

/// Looks up an environment variable for `${VAR}` (injected: tests pass a map, main passes getenv).
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// `text` with `${VAR}` and `${VAR:-default}` replaced from `env` and `$$` made `$`; an unset
/// variable without a default, or a malformed reference, is an error (message only).
Expected<std::string, std::string> interpolate(std::string_view text, const EnvLookup& env);

/// Reads one mapping's fields as typed values, collecting positioned errors: wrong types, bad
/// values, missing required fields, and (on finish) unknown keys with a "did you mean".
class MapReader
{
public:
  /// Reads `map` (an error is recorded unless it is a mapping); `what` names it in messages
  /// ("check 'trace/root'"); scalars are interpolated through `env`.
  MapReader(const Node& map, std::string what, const EnvLookup& env, std::vector<Error>& errors);

  /// The value node of `key`, marked as known; nullptr when absent (an error if `required`).
  const Node* node(std::string_view key, bool required = false);
  /// A string scalar (numbers and booleans are accepted as their text).
  std::optional<std::string> string(std::string_view key, bool required = false);
  /// A number within [min, max].
  std::optional<double> number(std::string_view key, double min, double max, bool required = false);
  /// A whole number within [min, max].
  std::optional<long long> integer(std::string_view key, long long min, long long max, bool required = false);
  /// `true` or `false`.
  std::optional<bool> boolean(std::string_view key, bool required = false);
  /// A duration such as "500ms", "2s", "1.5m" or a bare number of seconds.
  std::optional<std::chrono::microseconds> duration(std::string_view key, bool required = false);
  /// A regular expression (RE2 syntax, as in PromQL); a bad one is an error naming the problem.
  std::optional<util::Regex> regex(std::string_view key, bool required = false);
  /// One of `choices` (an error lists them).
  std::optional<std::string> choice(std::string_view key, const std::vector<std::string_view>& choices,
                                    bool required = false);
  /// A list of strings; a single string is a list of one.
  std::optional<std::vector<std::string>> strings(std::string_view key, bool required = false);
  /// Marks `key` as known without reading it (fields another reader handles).
  void allow(std::string_view key) { m_known.emplace_back(key); }
  /// Records an error at `at` (for checks across fields).
  void error(const Mark& at, std::string message);
  /// Where the mapping starts.
  const Mark& mark() const { return m_map.mark; }
  /// Records every key that no accessor asked for as unknown, suggesting the closest known one.
  void finish();

private:
  const Node* scalar(std::string_view key, bool required, std::string_view expected);

  const Node& m_map;
  std::string m_what;
  const EnvLookup& m_env;
  std::vector<Error>& m_errors;
  std::vector<std::string> m_known;
};

/// A scalar's text with `${VAR}` expanded, or an error recorded at its mark.
std::optional<std::string> scalar_text(const Node& node, const EnvLookup& env, std::vector<Error>& errors);

} // namespace ttaobs::yaml
