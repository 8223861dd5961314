// util/interrupt: the recorded signal, its exit status and name, and sleeps that end on it.
#include <src/util/interrupt.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <string>

TEST_SUITE_BEGIN("util");

using namespace std::chrono_literals;
namespace util = ttaobs::util;

TEST_CASE("util::interrupted: a recorded signal, its exit status and name; a sleep ends at once")
{
  CHECK(util::interrupted_exit_code(SIGINT) == 130);
  CHECK(util::interrupted_exit_code(SIGTERM) == 143);
  CHECK(std::string(util::signal_name(SIGINT)) == "SIGINT");
  CHECK(std::string(util::signal_name(SIGTERM)) == "SIGTERM");
  CHECK(util::sleep_unless_interrupted(1ms));
  util::set_interrupted(SIGTERM);
  CHECK(util::interrupted() == SIGTERM);
  const auto before = std::chrono::steady_clock::now();
  CHECK_FALSE(util::sleep_unless_interrupted(10s));
  CHECK(std::chrono::steady_clock::now() - before < 5s);
  util::set_interrupted(0);
  CHECK(util::interrupted() == 0);
}

TEST_SUITE_END();
