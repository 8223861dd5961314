#pragma once

// The values behind the access keys: ${VAR} / ${file:PATH} interpolation, secret files and PEM
// files, each read and checked before any request; errors never show a secret. Internal to src/config.

#include "access.hpp"

#include <src/util/expected.hpp>

#include <string>
#include <string_view>

namespace ttaobs::config {

/// "invalid KEY (from ORIGIN): WHY" (the value is never part of it).
std::string fail(std::string_view key, const Picked& p, std::string_view why);

/// A secret file's one line: trailing newlines and blanks dropped; at most 64 KiB, never echoed.
Expected<std::string, std::string> read_secret_file(const std::string& path, std::string_view key, const Picked& p);

/// `p`'s value with ${VAR} from the environment, ${file:PATH} from a file and $${ a literal "${".
Expected<std::string, std::string> interpolate(const Picked& p, std::string_view key, Getenv getenv);

/// A header name of letters, digits and -_.!#$%&'*+^`|~.
bool header_name_ok(std::string_view name);

/// True when `s` holds a control character other than tab.
bool has_control(std::string_view s);

/// Checks a PEM file holding `marker` (e.g. "CERTIFICATE-----"; a CA may be a hashed directory when
/// `directory_ok`); true when it also holds a private key.
Expected<bool, std::string> check_pem(const std::string& path, std::string_view key, const Picked& p,
                                      std::string_view marker, bool directory_ok);

} // namespace ttaobs::config
