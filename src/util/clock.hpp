#pragma once

#include <chrono>

namespace ttaobs::util {

/// Time source for the poller, so tests can jump forward instead of sleeping.
class Clock
{
public:
  virtual ~Clock() = default;
  /// The current monotonic time.
  virtual std::chrono::steady_clock::time_point now() const = 0;
  /// Blocks (or pretends to) for `d`.
  virtual void sleep_for(std::chrono::milliseconds d) = 0;
};

/// The real monotonic clock.
class SteadyClock final : public Clock
{
public:
  std::chrono::steady_clock::time_point now() const override;
  void sleep_for(std::chrono::milliseconds d) override;
};

/// A clock that only moves when slept on or advanced (tests).
class FakeClock final : public Clock
{
public:
  std::chrono::steady_clock::time_point now() const override { return m_now; }
  void sleep_for(std::chrono::milliseconds d) override { m_now += d; }
  /// Moves the clock forward by `d` without sleeping.
  void advance(std::chrono::milliseconds d) { m_now += d; }

private:
  std::chrono::steady_clock::time_point m_now{};
};

} // namespace ttaobs::util
