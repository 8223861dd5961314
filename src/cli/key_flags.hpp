#pragma once

#include <src/config/config.hpp>

#include <map>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace ttaobs::cli {

/// A command's options that map onto config keys; their values become the command-line layer.
struct KeyFlags
{
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> lists; ///< repeatable keys (--header)
  std::map<std::string, CLI::Option*> options;           ///< by key, to adjust one's help
  std::string config_file;                               ///< --config

  /// Adds an option per config key that `command` takes (config::k_validate, k_trace, ...), and --config.
  void add_to(CLI::App& cmd, config::Commands command);

  /// The keys given on the command line, as the "command line" layer.
  config::Layer layer() const;
};

} // namespace ttaobs::cli
