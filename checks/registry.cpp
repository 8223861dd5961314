#include "registry.hpp"

#include "builtin_suites.hpp"
#include "module.hpp"

#include <src/config/defaults.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

namespace ttaobs::checks {

namespace {

// Built-in suites interpolate nothing: a `${VAR}` in one is left unset (and so an error).
const yaml::EnvLookup k_no_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };

} // namespace

std::optional<std::string_view> builtin_suite_text(std::string_view name)
{
  for (const auto& embedded : embedded_suites()) {
    if (embedded.name == name) {
      return std::string_view(embedded.text);
    }
  }
  return std::nullopt;
}

suite::SuiteSource builtin_suite_source()
{
  return
      [](std::string_view reference, std::string_view) -> Expected<std::pair<std::string, std::string>, std::string> {
        if (const auto text = builtin_suite_text(reference)) {
          return std::pair{std::string(*text), fmt::format("built-in {}", reference)};
        }
        return unexpected(fmt::format("no built-in suite '{}'", util::one_line(reference, 80)));
      };
}

// The suite named `name`, read from its embedded file and bound to the modules, with every problem
// (there should be none: tests/test_checks_registry.cpp reads both) as "FILE:LINE:COL: what" lines.
Expected<core::Suite, std::string> load_builtin_suite(std::string_view name)
{
  const auto text = builtin_suite_text(name);
  if (!text) {
    return unexpected(fmt::format("no built-in suite '{}'", util::one_line(name, 80)));
  }
  auto file = suite::read_suite(*text, fmt::format("built-in {}", name), builtin_suite_source(), k_no_env);
  if (!file) {
    std::vector<std::string> lines;
    for (const auto& problem : file.error()) {
      lines.push_back(problem.describe());
    }
    return unexpected(util::join(lines, "\n"));
  }
  std::vector<yaml::Error> errors;
  const ModuleContext context{k_no_env, errors, std::string(config::k_default_job)};
  core::Suite out{file->name, file->description, {}};
  for (const auto& entry : file->checks) {
    if (auto spec = bind_check(entry, context)) {
      out.checks.push_back(std::move(*spec));
    }
  }
  if (!errors.empty()) {
    std::vector<std::string> lines;
    for (const auto& error : errors) {
      lines.push_back(error.describe(fmt::format("built-in {}", name)));
    }
    return unexpected(util::join(lines, "\n"));
  }
  return out;
}

const std::vector<core::Suite>& suites()
{
  static const std::vector<core::Suite> k_suites = [] {
    std::vector<core::Suite> all;
    for (const auto& embedded : embedded_suites()) {
      auto suite = load_builtin_suite(embedded.name);
      if (!suite) { // a bug in checks/suites/*.yaml, which the unit tests catch first
        std::fprintf(stderr, "ttaobs: internal: built-in suite '%.*s' does not load:\n%s\n",
                     static_cast<int>(embedded.name.size()), embedded.name.data(), suite.error().c_str());
        std::abort();
      }
      all.push_back(std::move(*suite));
    }
    return all;
  }();
  return k_suites;
}

const core::Suite* find_suite(std::string_view name)
{
  for (const auto& suite : suites()) {
    if (suite.name == name) {
      return &suite;
    }
  }
  return nullptr;
}

} // namespace ttaobs::checks
