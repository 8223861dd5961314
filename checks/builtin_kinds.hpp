#pragma once

#include "module.hpp"

#include <vector>

namespace ttaobs::checks {

/// The `builtin.*` kinds: the checks the built-in suites (checks/suites/*.yaml) have always run,
/// each with typed fields that fill the `CheckParams` its function reads (so `--set` still applies).
const std::vector<Module>& builtin_kind_modules();

} // namespace ttaobs::checks
