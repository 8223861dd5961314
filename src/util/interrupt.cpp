#include "interrupt.hpp"

#include <atomic>
#include <csignal>
#include <thread>

namespace ttaobs::util {

namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only touch lock-free atomics");

extern "C" void on_signal(int signal)
{
  g_signal.store(signal);
  std::signal(signal, SIG_DFL); // a second one ends the process: the user means it
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
