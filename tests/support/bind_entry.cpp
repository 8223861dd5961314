#include "bind_entry.hpp"

#include <doctest/doctest.h>

namespace ttaobs::test {

core::CheckSpec bind_entry(std::string_view entry, std::string job, std::vector<std::string>* problems)
{
  const yaml::EnvLookup env = [](std::string_view name) -> std::optional<std::string> {
    return name == "SECRET" ? std::optional<std::string>("hunter2") : std::nullopt;
  };
  const auto none = [](std::string_view,
                       std::string_view) -> Expected<std::pair<std::string, std::string>, std::string> {
    return unexpected(std::string("none"));
  };
  const auto text = "suite: s\nchecks:\n  - " + std::string(entry) + "\n";
  auto file = suite::read_suite(text, "s.yaml", none, env);
  REQUIRE(file);
  REQUIRE(file->checks.size() == 1);
  std::vector<yaml::Error> errors;
  const checks::ModuleContext context{env, errors, std::move(job)};
  auto spec = checks::bind_check(file->checks.front(), context);
  if (problems != nullptr) {
    for (const auto& e : errors) {
      problems->push_back(e.describe("s.yaml"));
    }
    CHECK_FALSE(spec);
    return {};
  }
  for (const auto& e : errors) {
    FAIL_CHECK(e.describe("s.yaml"));
  }
  REQUIRE(spec);
  return std::move(*spec);
}

} // namespace ttaobs::test
