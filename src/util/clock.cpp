#include "clock.hpp"

#include <src/util/interrupt.hpp>

namespace ttaobs::util {

std::chrono::steady_clock::time_point SteadyClock::now() const
{
  return std::chrono::steady_clock::now();
}

std::chrono::system_clock::time_point SteadyClock::wall_now() const
{
  return std::chrono::system_clock::now();
}

void SteadyClock::sleep_for(std::chrono::milliseconds d)
{
  sleep_unless_interrupted(d); // a stop request ends the pause; the caller sees interrupted()
}

} // namespace ttaobs::util
