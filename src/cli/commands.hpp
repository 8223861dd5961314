#pragma once

#include <src/config/config.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ttaobs::cli {

/// `ttaobs validate`: resolves the config from `flags`, runs the suite, writes reports; returns the exit code.
int run_validate(const config::Layer& flags, const std::string& config_file);

/// `ttaobs checks list`: the checks of `suite` as a text or markdown table; returns the exit code.
int run_checks_list(const std::string& suite, const std::string& format);

/// `ttaobs config show`: every key with its value and origin; returns the exit code.
int run_config_show(const config::Layer& flags, const std::string& config_file);

/// What `ttaobs trace` shows.
struct TraceOptions
{
  std::string trace_id;          ///< one trace by id
  std::string operation;         ///< search filter
  std::string format = "tree";   ///< tree | waterfall | json
  int limit = 1;                 ///< how many recent traces (search)
  std::int64_t tolerance_us = 1000; ///< containment slack before a span is marked (trace::k_containment_tolerance_us)
};

/// `ttaobs trace`: fetches or loads traces and draws them; returns the exit code.
int run_trace(const config::Layer& flags, const std::string& config_file, const TraceOptions& options);

/// What `ttaobs lint-metrics` reads and prints.
struct LintMetricsOptions
{
  std::string input;                    ///< URL, file or "-"; empty: the configured metrics URL
  std::string format = "text";          ///< text | json (stdout)
  std::string input_format = "auto";    ///< auto | text | openmetrics
  bool extended = false;                ///< the rules beyond promtool, and the cardinality report
  std::size_t top = 10;                 ///< cardinality rows
  std::size_t max_line_bytes = 64 * 1024; ///< longer lines are an error
  std::size_t max_series_per_family = 1'000'000; ///< series remembered per family (extended)
};

/// `ttaobs lint-metrics`: parses and lints one exposition; 0 clean, 1 unreadable or invalid, 3 problems.
int run_lint_metrics(const config::Layer& flags, const std::string& config_file, const LintMetricsOptions& options);

/// Whether to colour output on `fd`: never with --no-color, NO_COLOR set, TERM=dumb or off a TTY.
bool use_color(bool no_color, int fd);

/// Resolves flags > environment > file > defaults; prints the error and returns nullopt on failure.
/// Keys in `flag_only` are taken from `flags` alone (another command's environment and file
/// settings for them do not apply).
std::optional<config::Config> load_config(const config::Layer& flags, const std::string& config_file,
                                          const std::vector<std::string>& flag_only = {});

} // namespace ttaobs::cli
