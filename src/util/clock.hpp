#pragma once

#include <chrono>
#include <mutex>

namespace ttaobs::util {

/// Time source for the poller, so tests can jump forward instead of sleeping.
class Clock
{
public:
  virtual ~Clock() = default;
  /// The current monotonic time.
  virtual std::chrono::steady_clock::time_point now() const = 0;
  /// The current wall-clock time (compared with span timestamps).
  virtual std::chrono::system_clock::time_point wall_now() const = 0;
  /// Blocks (or pretends to) for `d`.
  virtual void sleep_for(std::chrono::milliseconds d) = 0;
};

/// The real clocks.
class SteadyClock final : public Clock
{
public:
  std::chrono::steady_clock::time_point now() const override;
  std::chrono::system_clock::time_point wall_now() const override;
  void sleep_for(std::chrono::milliseconds d) override;
};

/// A clock that only moves when slept on or advanced (tests); its wall time starts at the real
/// time of its construction, or at `wall_start`, and moves with it. Safe to use from threads.
class FakeClock final : public Clock
{
public:
  FakeClock() : m_wall_start(std::chrono::system_clock::now()) {}
  /// A clock whose wall time starts at `wall_start`.
  explicit FakeClock(std::chrono::system_clock::time_point wall_start) : m_wall_start(wall_start) {}

  std::chrono::steady_clock::time_point now() const override
  {
    std::lock_guard lock(m_mutex);
    return std::chrono::steady_clock::time_point{} + m_elapsed;
  }
  std::chrono::system_clock::time_point wall_now() const override
  {
    std::lock_guard lock(m_mutex);
    return m_wall_start + std::chrono::duration_cast<std::chrono::system_clock::duration>(m_elapsed);
  }
  void sleep_for(std::chrono::milliseconds d) override { advance(d); }
  /// Moves the clock forward by `d` without sleeping.
  void advance(std::chrono::milliseconds d)
  {
    std::lock_guard lock(m_mutex);
    m_elapsed += d;
  }

private:
  mutable std::mutex m_mutex;
  std::chrono::system_clock::time_point m_wall_start;
  std::chrono::milliseconds m_elapsed{0};
};

} // namespace ttaobs::util
