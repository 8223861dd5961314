#include "key_flags.hpp"

#include <src/util/strings.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace ttaobs::cli {

void KeyFlags::add_to(CLI::App& cmd, config::Commands command)
{
  for (const auto& info : config::keys()) {
    const std::string key(info.key);
    if ((info.commands & command) == 0) {
      continue;
    }
    const auto help =
        fmt::format("{} [{}{}]", info.help, info.env.empty() ? "" : fmt::format("env {}, ", info.env),
                    info.default_value.empty() ? "no default" : fmt::format("default {}", info.default_value));
    if (info.is_flag) {
      options[key] = cmd.add_flag("--" + key, help);
    } else if (config::is_repeatable(key)) {
      options[key] = cmd.add_option("--" + key, lists[key], help)->allow_extra_args(false);
    } else {
      options[key] = cmd.add_option("--" + key, values[key], help);
    }
    if (info.kind == config::Kind::access) {
      options[key]->group("Endpoint access (headers, credentials, TLS, proxy; see README)");
    }
  }
  cmd.add_option("--config", config_file, "read settings from a 'key = value' file [env TTAOBS_CONFIG]");
}

config::Layer KeyFlags::layer() const
{
  config::Layer layer{"command line", {}, {}};
  for (const auto& [key, option] : options) {
    if (option->count() > 0) {
      // a flag is "true" bare, or what follows its '=' (--strict=false), checked as a boolean later
      layer.values[key] = config::find_key(key)->is_flag ? option->results().back()
                          : config::is_repeatable(key)   ? util::join(lists.at(key), "\n")
                                                         : values.at(key);
    }
  }
  return layer;
}

} // namespace ttaobs::cli
