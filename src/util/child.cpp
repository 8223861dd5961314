#include "child.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace ttaobs::util {

Expected<ChildProcess, std::string> ChildProcess::spawn(const std::vector<std::string>& argv,
                                                        const std::vector<std::pair<std::string, std::string>>& env)
{
  if (argv.empty()) {
    return unexpected(std::string("no command given"));
  }
  std::vector<std::string> entries;
  for (char** at = environ; *at != nullptr; ++at) {
    const std::string_view entry(*at);
    const auto name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& [key, value] : env) {
      replaced = replaced || key == name;
    }
    if (!replaced) {
      entries.emplace_back(entry);
    }
  }
  for (const auto& [key, value] : env) {
    entries.push_back(key + "=" + value);
  }
  std::vector<char*> envp;
  for (auto& entry : entries) {
    envp.push_back(entry.data());
  }
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (const auto& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));
  }
  args.push_back(nullptr);
  // the child gets the default signal mask and dispositions, whatever this process set up
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigset_t defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], nullptr, &attr, args.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    return unexpected(fmt::format("cannot start '{}': {}", argv[0], std::strerror(rc)));
  }
  return ChildProcess(pid);
}

ChildProcess::~ChildProcess()
{
  if (m_pid > 0 && !m_status) {
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
  }
}

std::optional<int> ChildProcess::poll()
{
  if (m_status || m_pid <= 0) {
    return m_status;
  }
  int status = 0;
  pid_t got = -1;
  do {
    got = ::waitpid(m_pid, &status, WNOHANG);
  } while (got < 0 && errno == EINTR);
  if (got == m_pid) {
    m_status = status;
  }
  return m_status;
}

int ChildProcess::stop(std::chrono::milliseconds grace)
{
  if (auto done = poll()) {
    return *done;
  }
  ::kill(m_pid, SIGTERM);
  const auto until = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < until) {
    if (auto done = poll()) {
      return *done;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(m_pid, SIGKILL);
  int status = 0;
  while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
  }
  m_status = status;
  return status;
}

int exit_code_of(int status)
{
  return WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}

std::string describe_exit(int status)
{
  if (WIFSIGNALED(status)) {
    return fmt::format("was killed by signal {} (exit code {})", WTERMSIG(status), exit_code_of(status));
  }
  return fmt::format("exited {}", exit_code_of(status));
}

} // namespace ttaobs::util
