#include "common.hpp"

#include <src/core/exit_code.hpp>
#include <src/util/strings.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

// CLI11 echoes unexpected arguments: the value of any credential or header option is *** there.
std::string redact_secret_args(std::string message, int argc, char** argv)
{
  const auto secret_option = [](std::string_view arg) {
    return util::starts_with(arg, "--") &&
           (arg.find("token") != std::string_view::npos || arg.find("basic-auth") != std::string_view::npos ||
            arg.find("header") != std::string_view::npos || arg.find("proxy") != std::string_view::npos);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    std::string value;
    if (secret_option(arg) && arg.find('=') != std::string_view::npos) {
      value = std::string(arg.substr(arg.find('=') + 1));
    } else if (i > 1 && secret_option(argv[i - 1]) &&
               std::string_view(argv[i - 1]).find('=') == std::string_view::npos) {
      value = std::string(arg);
    }
    for (auto at = value.empty() ? std::string::npos : message.find(value); at != std::string::npos;
         at = message.find(value, at + 3)) {
      message.replace(at, value.size(), "***");
    }
  }
  return message;
}

// The closest of `names` to `word` (a typo or a prefix), or "" when nothing is close.
std::string closest(const std::vector<std::string>& names, std::string_view word)
{
  std::string best;
  std::size_t best_distance = std::min<std::size_t>(3, word.size() / 2 + 1); // farther is not a typo
  for (const auto& name : names) {
    const auto d = word.size() >= 3 && util::starts_with(name, word) ? 0 : util::edit_distance(word, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

// The (sub)command the arguments reach, e.g. "lint-metrics" or "checks list", and a "did you
// mean" for the first word or --flag it does not know.
struct Reached
{
  std::string path;
  std::string hint;
};

// A " (did you mean '--x'?)" for a --flag `cmd` does not know, or "".
std::string flag_hint(const CLI::App& cmd, const std::string& arg)
{
  const auto name = arg.substr(2, arg.find('=') - 2);
  std::vector<std::string> names;
  for (const auto* option : cmd.get_options()) {
    for (const auto& lname : option->get_lnames()) {
      if (lname == name) {
        return {};
      }
      names.push_back(lname);
    }
  }
  const auto best = closest(names, name);
  return best.empty() ? std::string() : fmt::format(" (did you mean '--{}'?)", best);
}

Reached reached(CLI::App& app, int argc, char** argv)
{
  Reached out;
  CLI::App* cmd = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string arg(argv[i]);
    if (arg == "--") {
      break;
    }
    if (util::starts_with(arg, "--")) {
      out.hint = out.hint.empty() ? flag_hint(*cmd, arg) : out.hint;
      continue;
    }
    const auto subs = cmd->get_subcommands([](CLI::App*) { return true; });
    if (util::starts_with(arg, "-") || subs.empty()) {
      continue; // an option's value, or a positional argument
    }
    std::vector<std::string> names;
    CLI::App* next = nullptr;
    for (auto* sub : subs) {
      names.push_back(sub->get_name());
      next = sub->get_name() == arg ? sub : next;
    }
    if (next != nullptr) {
      out.path += (out.path.empty() ? "" : " ") + arg;
      cmd = next;
      continue;
    }
    if (const auto best = closest(names, arg); out.hint.empty()) {
      out.hint = best.empty()
                     ? fmt::format(" ('{}' is not a command: {})", util::one_line(arg, 40), util::join(names, ", "))
                     : fmt::format(" ('{}' is not a command; did you mean '{}'?)", util::one_line(arg, 40), best);
    }
    break;
  }
  return out;
}

} // namespace

std::string env_or_empty(const char* name)
{
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

Expected<OuterLayers, std::string> read_layers(const std::string& config_file,
                                               const std::vector<std::string>& flag_only)
{
  OuterLayers out{config::environment_layer(env_or_empty), {"config file", {}, {}}};
  const auto path = !config_file.empty() ? config_file : env_or_empty("TTAOBS_CONFIG");
  if (!path.empty()) {
    TTAOBS_TRY_ASSIGN(loaded, config::file_layer(path));
    out.file = std::move(loaded);
  }
  for (const auto& key : flag_only) {
    out.env.values.erase(key);
    out.file.values.erase(key);
  }
  return out;
}

Expected<config::Config, std::string> resolve_layers(const config::Layer& flags, const OuterLayers& outer,
                                                     const config::Layer& suite)
{
  TTAOBS_TRY_ASSIGN(resolved, config::resolve(flags, outer.env, suite, outer.file));
  if (resolved.insecure_skip_verify) {
    fmt::print(stderr, "ttaobs: WARNING: --insecure-skip-verify: TLS certificates and host names are NOT verified; "
                       "anyone on the network path can read the credentials and forge the answers\n");
  }
  return resolved;
}

Expected<config::Config, std::string> load_config(const config::Layer& flags, const std::string& config_file,
                                                  const std::vector<std::string>& flag_only)
{
  TTAOBS_TRY_ASSIGN(outer, read_layers(config_file, flag_only));
  return resolve_layers(flags, outer, config::Layer{"suite file", {}, {}});
}

bool use_color(bool no_color, int fd)
{
  return !no_color && env_or_empty("NO_COLOR").empty() && env_or_empty("TERM") != "dumb" && ::isatty(fd) == 1;
}

int usage_error(std::string_view message)
{
  fmt::print(stderr, "ttaobs: {}\n", message);
  return core::to_int(core::ExitCode::usage);
}

std::optional<int> parse(CLI::App& app, int argc, char** argv)
{
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 uses codes from 100 up; every usage problem is exit 2 here.
    const auto where = reached(app, argc, argv);
    return usage_error(
        fmt::format("{}{}\nRun 'ttaobs {}--help' for usage.", util::one_line(redact_secret_args(e.what(), argc, argv)),
                    redact_secret_args(where.hint, argc, argv), where.path.empty() ? "" : where.path + " "));
  }
  return std::nullopt;
}

} // namespace ttaobs::cli
