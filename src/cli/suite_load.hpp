#pragma once

#include <src/config/config.hpp>
#include <src/core/suite.hpp>
#include <src/suite/file.hpp>
#include <src/util/expected.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::cli {

/// Problems with a suite file, each "FILE:LINE:COL: what" (or "FILE: what" without a position).
using Problems = std::vector<std::string>;

/// True when `reference` (--suite) names a YAML file rather than a built-in suite: it has a '/',
/// ends in .yaml or .yml, or is an existing file that is not named like a built-in suite.
bool is_suite_file(std::string_view reference);

/// Reads the suite file at `path` (at most 1 MiB), following `extends` (a built-in name, or a path
/// relative to the extending file) and interpolating ${VAR} from the environment.
Expected<suite::SuiteFile, Problems> read_suite_file(const std::string& path);

/// The suite's `defaults:` as the config layer between the environment and the config file, each
/// value's origin "FILE:LINE"; a key that is not a `validate` config key is a problem (with a
/// "did you mean"), and so is `suite` itself.
Expected<config::Layer, Problems> defaults_layer(const suite::SuiteFile& file);

/// Binds every check of `file` to its module, `job` being the resolved Prometheus job.
Expected<core::Suite, Problems> bind_suite(const suite::SuiteFile& file, const std::string& job);

/// Reads, checks and binds the suite file at `path` without a run's configuration: its own
/// `defaults:` are checked, and its `job` default (else the built-in one) reaches the modules.
Expected<core::Suite, Problems> load_suite_file(const std::string& path);

/// The configuration of a run and, when --suite names a file, that file's checks bound to it.
struct Configured
{
  config::Config config;                 ///< flags > env > suite defaults > config file > defaults
  std::optional<core::Suite> file_suite; ///< nullopt: --suite names a built-in suite
};

/// Why `configure` failed: a suite file's positioned problems, or else one usage line.
struct ConfigureError
{
  Problems problems; ///< each "FILE:LINE:COL: what"
  std::string usage; ///< when `problems` is empty
};

/// Resolves the configuration of `validate` and `config show`: the suite reference first (flags >
/// env > config file > "foundation"); a suite file is read, its defaults layered and its checks
/// bound with the resolved job.
Expected<Configured, ConfigureError> configure(const config::Layer& flags, const std::string& config_file);

/// Prints each problem on stderr, one a line, and returns the usage exit code (2).
int print_problems(const Problems& problems);

} // namespace ttaobs::cli
