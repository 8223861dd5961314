#pragma once

// Parsing and printing one key by its row of the table (config.hpp `KeyInfo`). Internal to src/config.

#include "access.hpp"

#include <src/config/config.hpp>
#include <src/util/expected.hpp>

#include <string>
#include <string_view>

namespace ttaobs::config {

/// "invalid KEY 'VALUE' (from ORIGIN): WHY", the value redacted and cut to one line.
std::string bad(const Picked& p, std::string_view key, std::string_view why);

/// Parses `p` by `info`'s kind and bounds into its member of `config`; an access flag's value is
/// normalised to "true"/"false" in `p` for access.cpp. Unset keys without a default are left alone.
Expected<bool, std::string> apply(const KeyInfo& info, Picked& p, Config& config);

/// The text `config show` prints for `info`'s member of `config` ("" for an access key).
std::string show(const KeyInfo& info, const Config& config);

} // namespace ttaobs::config
