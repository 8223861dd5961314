#pragma once

#include <checks/module.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::test {

/// The check one suite entry binds to: `entry` is the entry's text as a YAML flow mapping
/// ("{id: a/b, kind: …}"), `job` the configured job; `problems` (when given) receives the
/// positioned problems ("s.yaml:L:C: …") and the spec is then empty.
core::CheckSpec bind_entry(std::string_view entry, std::string job = "tta-primitives",
                           std::vector<std::string>* problems = nullptr);

} // namespace ttaobs::test
