#include "suite_load.hpp"

#include "common.hpp"

#include <checks/module.hpp>
#include <checks/registry.hpp>
#include <src/config/defaults.hpp>
#include <src/core/exit_code.hpp>
#include <src/util/read_fd.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

constexpr std::chrono::seconds k_read_timeout{5}; // a FIFO that never writes is an error, not a hang

// The text of the file at `path`, at most a suite file's size; the error names no file (the
// caller positions it).
Expected<std::string, std::string> read_text(const std::string& path)
{
  const auto fd = util::open_for_reading(path);
  if (!fd) {
    return unexpected(fd.error());
  }
  const auto max = yaml::Limits{}.max_bytes;
  auto text = util::read_all_fd(*fd, path, k_read_timeout, max);
  ::close(*fd);
  if (!text) {
    const auto prefix = path + ": ";
    auto why = util::starts_with(text.error(), prefix) ? text.error().substr(prefix.size()) : text.error();
    return unexpected(util::starts_with(why, "more than")
                          ? fmt::format("{} (a suite file is at most {} KiB)", why, max / 1024)
                          : why);
  }
  return text;
}

// `extends:` targets: a built-in suite by name, else a path relative to the extending file.
Expected<std::pair<std::string, std::string>, std::string> find_base(std::string_view reference,
                                                                     std::string_view from_file)
{
  if (!is_suite_file(reference)) {
    return checks::builtin_suite_source()(reference, from_file); // "built-in NAME" in messages
  }
  namespace fs = std::filesystem;
  const fs::path target(reference);
  const auto path = target.is_absolute() ? target : (fs::path(from_file).parent_path() / target).lexically_normal();
  TTAOBS_TRY_ASSIGN(text, read_text(path.string()));
  return std::pair{std::move(text), path.string()};
}

std::optional<std::string> process_env(std::string_view name)
{
  const char* value = std::getenv(std::string(name).c_str());
  return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
}

// The config key closest to `key` (a typo), or "".
std::string closest_key(std::string_view key)
{
  std::string best;
  std::size_t best_distance = 3; // farther than a typo or two
  for (const auto& info : config::keys()) {
    if (const auto d = util::edit_distance(key, info.key);
        (info.commands & config::k_validate) != 0 && d < best_distance) {
      best_distance = d;
      best = std::string(info.key);
    }
  }
  return best;
}

} // namespace

bool is_suite_file(std::string_view reference)
{
  if (reference.find('/') != std::string_view::npos || reference.ends_with(".yaml") || reference.ends_with(".yml")) {
    return true;
  }
  std::error_code ec; // a built-in name wins over a file of that name in the working directory
  return checks::find_suite(reference) == nullptr && std::filesystem::is_regular_file(std::string(reference), ec);
}

Expected<suite::SuiteFile, Problems> read_suite_file(const std::string& path)
{
  const auto text = read_text(path);
  if (!text) {
    return unexpected(Problems{yaml::Error{{}, text.error()}.describe(path)});
  }
  auto file = suite::read_suite(*text, path, find_base, process_env);
  if (!file) {
    Problems problems;
    for (const auto& problem : file.error()) {
      problems.push_back(problem.describe());
    }
    return unexpected(std::move(problems));
  }
  return std::move(*file);
}

Expected<config::Layer, Problems> defaults_layer(const suite::SuiteFile& file)
{
  config::Layer layer{"suite file", {}, {}};
  const config::Layer none{"", {}, {}};
  Problems problems;
  for (const auto& entry : file.defaults) {
    const auto* info = config::find_key(entry.key);
    const auto where = [&](const std::string& what) {
      return yaml::Error{entry.origin.mark, what}.describe(entry.origin.file);
    };
    if (entry.key == "suite") {
      problems.push_back(where("\"suite\" cannot be a default of a suite (choose the suite with --suite)"));
    } else if (info == nullptr || (info->commands & config::k_validate) == 0) {
      const auto best = closest_key(entry.key);
      problems.push_back(where(fmt::format("unknown default \"{}\"{}", util::one_line(entry.key, 40),
                                           best.empty() ? " (defaults are config keys: see 'ttaobs validate --help')"
                                                        : fmt::format(" (did you mean \"{}\"?)", best))));
    } else if (const auto alone = config::resolve(
                   none, none, config::Layer{"suite file", {{entry.key, entry.value}}, {{entry.key, "defaults"}}},
                   none);
               !alone) {
      problems.push_back(where(alone.error())); // the value on its own: "invalid timeout 'x' (from defaults): why"
    } else {
      layer.values[entry.key] = entry.value;
      layer.where[entry.key] = entry.origin.describe();
    }
  }
  if (!problems.empty()) {
    return unexpected(std::move(problems));
  }
  return layer;
}

Expected<core::Suite, Problems> bind_suite(const suite::SuiteFile& file, const std::string& job)
{
  const yaml::EnvLookup env = process_env;
  core::Suite out{file.name, file.description, {}};
  Problems problems;
  for (const auto& entry : file.checks) {
    std::vector<yaml::Error> errors;
    const checks::ModuleContext context{env, errors, job};
    if (auto spec = checks::bind_check(entry, context); spec && errors.empty()) {
      out.checks.push_back(std::move(*spec));
    }
    for (const auto& error : errors) {
      problems.push_back(error.describe(entry.origin.file));
    }
  }
  if (!problems.empty()) {
    return unexpected(std::move(problems));
  }
  return out;
}

Expected<core::Suite, Problems> load_suite_file(const std::string& path)
{
  auto file = read_suite_file(path);
  if (!file) {
    return unexpected(std::move(file).error());
  }
  const auto layer = defaults_layer(*file);
  if (!layer) {
    return unexpected(layer.error());
  }
  const auto job = layer->values.find("job");
  return bind_suite(*file, job != layer->values.end() ? job->second : std::string(config::k_default_job));
}

Expected<Configured, ConfigureError> configure(const config::Layer& flags, const std::string& config_file)
{
  const auto outer = read_layers(config_file);
  if (!outer) {
    return unexpected(ConfigureError{{}, outer.error()});
  }
  std::string reference(config::find_key("suite")->default_value);
  for (const auto* layer : {&outer->file, &outer->env, &flags}) { // lowest first: the last found wins
    if (const auto it = layer->values.find("suite"); it != layer->values.end()) {
      reference = std::string(util::trim(it->second));
    }
  }
  if (!is_suite_file(reference)) {
    auto config = resolve_layers(flags, *outer, config::Layer{"suite file", {}, {}});
    if (!config) {
      return unexpected(ConfigureError{{}, config.error()});
    }
    return Configured{std::move(*config), std::nullopt};
  }
  auto file = read_suite_file(reference);
  if (!file) {
    return unexpected(ConfigureError{std::move(file).error(), {}});
  }
  auto layer = defaults_layer(*file);
  if (!layer) {
    return unexpected(ConfigureError{std::move(layer).error(), {}});
  }
  auto config = resolve_layers(flags, *outer, *layer);
  if (!config) {
    return unexpected(ConfigureError{{}, config.error()});
  }
  auto suite = bind_suite(*file, config->job);
  if (!suite) {
    return unexpected(ConfigureError{std::move(suite).error(), {}});
  }
  return Configured{std::move(*config), std::move(*suite)};
}

int print_problems(const Problems& problems)
{
  for (const auto& problem : problems) {
    fmt::print(stderr, "{}\n", problem);
  }
  return core::to_int(core::ExitCode::usage);
}

} // namespace ttaobs::cli
