#include <src/json/limits.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

TEST_SUITE_BEGIN("sources");

TEST_CASE("json::check_json_limits: the pre-scan for DOM parsers gives a JsonReader's answer without building anything")
{
  const auto nested = [](std::size_t n) { return std::string(n, '[') + std::string(n, ']'); };
  CHECK(ttaobs::json::check_json_limits(nested(128), {}).empty());
  CHECK(ttaobs::json::check_json_limits(nested(129), {}) == "nesting deeper than 128 levels at byte 129");
  CHECK(ttaobs::json::check_json_limits("[\"[[[[\\\"[[\"," + nested(128) + "]", {}) ==
        "nesting deeper than 128 levels at byte 140");
}

TEST_CASE("json::check_json_limits stops when the deadline has passed (--timeout bounds parsing)")
{
  const std::string big = "[" + std::string(1u << 20, ' ') + "1]"; // over 64 KiB: the deadline is looked at
  const ttaobs::json::JsonLimits past{ttaobs::json::k_max_json_depth,
                                      std::chrono::steady_clock::now() - std::chrono::seconds(1)};
  CHECK(ttaobs::json::check_json_limits(big, past).rfind("timed out parsing JSON at byte ", 0) == 0);
}

TEST_CASE("json limit messages: one wording each")
{
  CHECK(ttaobs::json::too_deep_message(128, 129) == "nesting deeper than 128 levels at byte 129");
  CHECK(ttaobs::json::timeout_message(65537) == "timed out parsing JSON at byte 65537 (--timeout)");
  CHECK(ttaobs::json::deadline_after(std::chrono::hours(1)) > std::chrono::steady_clock::now());
}

TEST_SUITE_END();
