#pragma once

#include <src/config/config.hpp>
#include <src/util/expected.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace ttaobs::cli {

/// The value of environment variable `name`, or "" when unset.
std::string env_or_empty(const char* name);

/// The environment and --config/TTAOBS_CONFIG file layers, keys in `flag_only` left out.
struct OuterLayers
{
  config::Layer env;  ///< TTAOBS_* variables
  config::Layer file; ///< the config file, or empty
};

/// Reads the environment and the config file (`config_file`, else TTAOBS_CONFIG); one-line error.
Expected<OuterLayers, std::string> read_layers(const std::string& config_file,
                                               const std::vector<std::string>& flag_only = {});

/// Resolves flags > environment > suite file defaults > config file > defaults (`suite` may be
/// empty); the error is one line. Warns on stderr about --insecure-skip-verify.
Expected<config::Config, std::string> resolve_layers(const config::Layer& flags, const OuterLayers& outer,
                                                     const config::Layer& suite);

/// Resolves flags > environment > file > defaults; the error is one line for `usage_error`.
/// Keys in `flag_only` are taken from `flags` alone (another command's environment and file
/// settings for them do not apply). Warns on stderr about --insecure-skip-verify.
Expected<config::Config, std::string> load_config(const config::Layer& flags, const std::string& config_file,
                                                  const std::vector<std::string>& flag_only = {});

/// The one colour decision of every subcommand: colour output written to `fd` only when `fd` is
/// a TTY, and never with --no-color (`no_color`), NO_COLOR set to anything non-empty, or TERM=dumb.
bool use_color(bool no_color, int fd);

/// Prints "ttaobs: MESSAGE" on stderr and returns the usage exit code (2).
int usage_error(std::string_view message);

/// Parses `argv` into `app`: nullopt to go on, or the exit code when parsing ended the run
/// (--help and --version print and give 0; a usage error is printed with a "did you mean" and 2).
std::optional<int> parse(CLI::App& app, int argc, char** argv);

} // namespace ttaobs::cli
