#pragma once

#include <src/util/expected.hpp>
#include <src/util/noncopyable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace ttaobs::util {

/// A command run as a child process, with the environment of this one plus some variables.
class ChildProcess : NonCopyable
{
public:
  /// Starts `argv` (looked up in PATH) with `env` added to (or replacing in) this process'
  /// environment; the error names the command and why it could not start.
  static Expected<ChildProcess, std::string> spawn(const std::vector<std::string>& argv,
                                                   const std::vector<std::pair<std::string, std::string>>& env);
  /// Moves the process handle.
  ChildProcess(ChildProcess&& other) noexcept : m_pid(std::exchange(other.m_pid, -1)), m_status(other.m_status) {}
  /// Kills and reaps a child still running (never leaves one behind).
  ~ChildProcess();

  /// Its exit status when it has ended (reaping it), else nullopt; never blocks.
  std::optional<int> poll();
  /// Asks it to stop (SIGTERM), waits up to `grace`, then kills it (SIGKILL); its exit status.
  int stop(std::chrono::milliseconds grace);
  /// The process id.
  pid_t pid() const { return m_pid; }

private:
  explicit ChildProcess(pid_t pid) : m_pid(pid) {}
  pid_t m_pid = -1;
  std::optional<int> m_status; // raw waitpid status once reaped
};

/// The exit code a shell reports for waitpid status `status`: the code, or 128 + the signal.
int exit_code_of(int status);

/// "exited 0", "exited 3", "was killed by signal 9 (exit code 137)".
std::string describe_exit(int status);

} // namespace ttaobs::util
