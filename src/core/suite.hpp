#pragma once

#include <src/config/defaults.hpp>
#include <src/core/check.hpp>
#include <src/util/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::core {

/// A named list of checks.
struct Suite
{
  std::string name;              ///< e.g. "foundation"
  std::string description;       ///< one line
  std::vector<CheckSpec> checks; ///< in report order
};

/// Errors unless every id in `ids` names a check of `suite`; suggests the closest id.
Expected<bool, std::string> validate_ids(const Suite& suite, const std::vector<std::string>& ids,
                                         std::string_view flag);

/// True when `values` (--only/--skip) name `check` by its id or by one of its tags.
bool selected_by(const CheckSpec& check, const std::vector<std::string>& values);

/// Errors unless every value in `values` is a check id or a tag of `suite` (--only/--skip);
/// suggests the closest id or tag.
Expected<bool, std::string> validate_selection(const Suite& suite, const std::vector<std::string>& values,
                                               std::string_view flag);

/// A copy of `suite` with `overrides` ("id.key=value": min, tolerance_us, span, ancestor, prefix,
/// label, value) applied and `traces`/`quantifier` set on every trace check; errors name the override.
Expected<Suite, std::string> customise(const Suite& suite, const std::vector<std::string>& overrides, int traces,
                                       const std::string& quantifier,
                                       const std::string& job = std::string(config::k_default_job));

/// The closest check id of `suite` to `id`, or "" when nothing is close.
std::string closest_id(const Suite& suite, std::string_view id);

} // namespace ttaobs::core
