#include "interrupt.hpp"

#include <atomic>
#include <csignal>
#include <ctime>
#include <thread>
#include <unistd.h>

namespace ttaobs::util {

namespace {

std::atomic<int> g_signal{0};
std::atomic<long long> g_first_ns{0}; // when the first signal arrived (CLOCK_MONOTONIC)
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<long long>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

long long monotonic_ns() noexcept
{
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts); // async-signal-safe
  return static_cast<long long>(ts.tv_sec) * 1'000'000'000LL + ts.tv_nsec;
}

// The first signal asks the run to stop. The same request often arrives twice at once (`timeout`
// and CI runners signal the process and its group), so only a signal a second or more after the
// first means "stop now": the process ends at once with 128 + the signal.
extern "C" void on_signal(int signal)
{
  const auto now = monotonic_ns();
  int none = 0;
  if (g_signal.compare_exchange_strong(none, signal)) {
    g_first_ns.store(now);
    return;
  }
  if (now - g_first_ns.load() >= 1'000'000'000LL) {
    _exit(128 + signal);
  }
}

} // namespace

void catch_interrupts()
{
  struct sigaction action = {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0; // no SA_RESTART: a blocked read or poll returns EINTR and sees the flag
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int interrupted() noexcept
{
  return g_signal.load(std::memory_order_relaxed);
}

void set_interrupted(int signal) noexcept
{
  g_signal.store(signal);
}

int interrupted_exit_code(int signal) noexcept
{
  return 128 + signal;
}

const char* signal_name(int signal) noexcept
{
  switch (signal) {
  case SIGINT:
    return "SIGINT";
  case SIGTERM:
    return "SIGTERM";
  default:
    return "a signal";
  }
}

bool sleep_unless_interrupted(std::chrono::milliseconds d)
{
  const auto until = std::chrono::steady_clock::now() + d;
  while (interrupted() == 0) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
      return true;
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(20)));
  }
  return false;
}

} // namespace ttaobs::util
