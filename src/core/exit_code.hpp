#pragma once

namespace ttaobs::core {

/// The process exit contract, defined once. When several apply: usage > failed > could_not_look > ok.
enum class ExitCode : int {
  ok = 0,             ///< every check passed (warnings allowed unless --strict)
  failed = 1,         ///< the telemetry is wrong: a check failed (or warned under --strict)
  usage = 2,          ///< bad flags, config, URL or report path; nothing was fetched
  could_not_look = 3, ///< nothing failed, but some check could not be evaluated
};

} // namespace ttaobs::core
