// util/clock: FakeClock only moves when slept on or advanced, its wall time with it.
#include <src/util/clock.hpp>

#include <doctest/doctest.h>

#include <chrono>

TEST_SUITE_BEGIN("util");

using namespace std::chrono_literals;

TEST_CASE("util::FakeClock moves only when slept on or advanced, wall time alongside")
{
  const auto start = std::chrono::system_clock::time_point{} + 1000s;
  ttaobs::util::FakeClock clock(start);
  CHECK(clock.now().time_since_epoch() == 0ms);
  CHECK(clock.wall_now() == start);
  clock.sleep_for(1500ms);
  clock.advance(500ms);
  CHECK(clock.now().time_since_epoch() == 2000ms);
  CHECK(clock.wall_now() == start + 2s);
}

TEST_CASE("util::SteadyClock is monotonic")
{
  ttaobs::util::SteadyClock clock;
  const auto before = clock.now();
  clock.sleep_for(1ms);
  CHECK(clock.now() >= before + 1ms);
}

TEST_SUITE_END();
