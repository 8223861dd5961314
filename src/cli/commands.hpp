#pragma once

#include <src/config/config.hpp>

#include <string>

namespace ttaobs::cli {

/// `ttaobs validate`: resolves the config from `flags`, runs the suite, writes reports; returns the exit code.
int run_validate(const config::Layer& flags, const std::string& config_file);

/// `ttaobs checks list`: the checks of `suite` as a text or markdown table; returns the exit code.
int run_checks_list(const std::string& suite, const std::string& format);

/// `ttaobs config show`: every key with its value and origin; returns the exit code.
int run_config_show(const config::Layer& flags, const std::string& config_file);

/// Resolves flags > environment > file > defaults; prints the error and returns nullopt on failure.
std::optional<config::Config> load_config(const config::Layer& flags, const std::string& config_file);

} // namespace ttaobs::cli
