#pragma once

#include <src/core/suite.hpp>
#include <src/suite/file.hpp>
#include <src/util/expected.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::checks {

/// Every built-in suite (checks/suites/*.yaml, compiled in), read and bound once, in display order.
const std::vector<core::Suite>& suites();

/// The built-in suite called `name`, or nullptr.
const core::Suite* find_suite(std::string_view name);

/// The YAML text of the built-in suite `name` (for `suite show`), or nullopt.
std::optional<std::string_view> builtin_suite_text(std::string_view name);

/// Resolves `extends: NAME` to a built-in suite's text, named "built-in NAME" in messages.
suite::SuiteSource builtin_suite_source();

/// Reads and binds the built-in suite `name` afresh; an error lists every "FILE:LINE:COL: what".
Expected<core::Suite, std::string> load_builtin_suite(std::string_view name);

} // namespace ttaobs::checks
