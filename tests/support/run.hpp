#pragma once

#include <string>

namespace ttaobs::test {

/// What a run of the built ttaobs binary produced.
struct RunResult
{
  int exit_code = -1;
  std::string out; ///< stdout
  std::string err; ///< stderr
};

/// Runs `ttaobs ARGS` through the shell with `env` (e.g. "NO_COLOR=1 ") prefixed, stdin from
/// /dev/null unless ARGS redirects it, and no inherited TTAOBS_* settings.
RunResult run_ttaobs(const std::string& args, const std::string& env = "");

/// Reads a whole file ("" if it does not exist).
std::string slurp(const std::string& path);

} // namespace ttaobs::test
