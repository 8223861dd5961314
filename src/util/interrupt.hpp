#pragma once

#include <chrono>

namespace ttaobs::util {

/// Catches SIGINT and SIGTERM: the first one is recorded (see `interrupted`) so the run can stop
/// its requests and still write complete reports; another one a second or more later ends the
/// process at once (the same signal sent twice together, as `timeout` and CI runners do, is one).
/// Blocking calls are not restarted (they return EINTR).
void catch_interrupts();

/// The signal that asked the run to stop (SIGINT or SIGTERM), or 0. Async-signal-safe.
int interrupted() noexcept;

/// Records `signal` as if it had arrived (tests; 0 clears).
void set_interrupted(int signal) noexcept;

/// The exit status a shell gives a process ended by `signal`: 128 + its number (130, 143).
int interrupted_exit_code(int signal) noexcept;

/// "SIGINT", "SIGTERM" or "signal N".
const char* signal_name(int signal) noexcept;

/// Sleeps for `d`, returning early (false) when interrupted.
bool sleep_unless_interrupted(std::chrono::milliseconds d);

} // namespace ttaobs::util
