#include "clock.hpp"

#include <thread>

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
  std::this_thread::sleep_for(d);
}

} // namespace ttaobs::util
