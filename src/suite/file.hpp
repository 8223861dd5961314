#pragma once

#include <src/yaml/fields.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

/// Suite files: the YAML a user writes to say what their telemetry must look like (docs/suites.md).
namespace ttaobs::suite {

/// How a failed check counts: `fail` fails the run, `warn` only warns.
enum class Severity { fail, warn };

/// Where something was written: "FILE:LINE" for messages and `config show` origins.
struct Origin
{
  std::string file; ///< as given (or "built-in NAME")
  yaml::Mark mark;  ///< 1-based line and column

  /// "FILE:LINE".
  std::string describe() const;
};

/// One entry of `checks:`, with the common fields read and the rest left to its module.
struct CheckEntry
{
  std::string id;          ///< "area/name"; area is the group
  std::string kind;        ///< the module, e.g. "trace.spans"
  std::string description; ///< one line: what passes (empty: the module words one)
  Severity severity = Severity::fail;
  std::vector<std::string> tags; ///< for --only/--skip
  bool optional = false;         ///< runs only when --only names its id or a tag
  std::string after;             ///< place right after this earlier check id ("" = in file order)
  yaml::Node node;               ///< the whole entry, for the module's own parameters
  Origin origin;                 ///< where the entry starts
};

/// One `defaults:` entry: a config key (service, job, endpoints, …) and its value.
struct DefaultEntry
{
  std::string key;   ///< a config key name, checked by the config layer
  std::string value; ///< interpolated text
  Origin origin;     ///< where the value is written
};

/// A suite file after `extends` is followed: the inherited checks first, each later entry with
/// the same id replacing the earlier one in place, and an entry with `after: ID` moved to just
/// after check ID (inherited or earlier in its file); defaults likewise (later wins).
struct SuiteFile
{
  std::string name;                   ///< `suite:`
  std::string description;            ///< `description:`
  std::vector<std::string> chain;     ///< the files/built-ins read, base first
  std::vector<DefaultEntry> defaults; ///< in order, unique keys
  std::vector<CheckEntry> checks;     ///< in order, unique ids
};

/// A problem in a suite file: where, and what (`describe` gives "FILE:LINE:COL: what").
struct Problem
{
  std::string file;  ///< the file (or "built-in NAME") it is in
  yaml::Error error; ///< position and message

  /// "FILE:LINE:COL: message".
  std::string describe() const { return error.describe(file); }
};

/// How to find the text of an `extends:` target: a built-in suite name, or a path relative to the
/// extending file. Returns the text and its display name, or a one-line reason.
using SuiteSource = std::function<Expected<std::pair<std::string, std::string>, std::string>(
    std::string_view reference, std::string_view from_file)>;

/// Reads the suite in `text` (named `file` in messages), following `extends` through `source`
/// (at most 8 levels, no cycles), interpolating `${VAR}` through `env`. Every problem found is
/// returned, not only the first.
Expected<SuiteFile, std::vector<Problem>> read_suite(std::string_view text, const std::string& file,
                                                     const SuiteSource& source, const yaml::EnvLookup& env);

} // namespace ttaobs::suite
