#pragma once

#include <src/config/config.hpp>

#include <cstdint>
#include <optional>
#include <string>

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
  std::int64_t tolerance_us = 0; ///< containment slack before a span is marked
};

/// `ttaobs trace`: fetches or loads traces and draws them; returns the exit code.
int run_trace(const config::Layer& flags, const std::string& config_file, const TraceOptions& options);

/// Resolves flags > environment > file > defaults; prints the error and returns nullopt on failure.
std::optional<config::Config> load_config(const config::Layer& flags, const std::string& config_file);

} // namespace ttaobs::cli
