#pragma once

#include <src/core/suite.hpp>

#include <string_view>
#include <vector>

namespace ttaobs::checks {

/// Every built-in suite, in display order.
const std::vector<core::Suite>& suites();

/// The built-in suite called `name`, or nullptr.
const core::Suite* find_suite(std::string_view name);

} // namespace ttaobs::checks
