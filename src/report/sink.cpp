#include "sink.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace ttaobs::report {

namespace {

namespace fs = std::filesystem;

constexpr int k_max_links = 40;                               // as the kernel's ELOOP limit
constexpr auto k_fifo_reader_wait = std::chrono::seconds(10); // for a FIFO nobody reads yet

// The descriptor of ours that `path` names: /dev/stdout, /dev/stderr, /dev/stdin, /dev/fd/N,
// /proc/self/fd/N, /proc/thread-self/fd/N or /proc/<our pid>/fd/N. Written through the
// descriptor, so a redirected stdout keeps its offset and what the console wrote before.
std::optional<int> own_descriptor(const std::string& path)
{
  if (path == "/dev/stdin" || path == "/dev/stdout" || path == "/dev/stderr") {
    return path == "/dev/stdin" ? 0 : path == "/dev/stdout" ? 1 : 2;
  }
  std::string_view rest;
  for (const std::string& prefix : {std::string("/dev/fd/"), std::string("/proc/self/fd/"),
                                    std::string("/proc/thread-self/fd/"), fmt::format("/proc/{}/fd/", ::getpid())}) {
    if (util::starts_with(path, prefix)) {
      rest = std::string_view(path).substr(prefix.size());
      break;
    }
  }
  int fd = -1;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), fd);
  if (rest.empty() || ec != std::errc{} || end != rest.data() + rest.size()) {
    return std::nullopt;
  }
  return fd;
}

struct Resolved
{
  std::string target;    // the path at the end of the symlink chain
  std::optional<int> fd; // set when a link in the chain is one of our descriptors
};

// Follows `path` through symlinks (each hop resolved against the link's directory).
Expected<Resolved, std::string> resolve(const std::string& path)
{
  fs::path current = path;
  for (int hop = 0; hop <= k_max_links; ++hop) {
    const auto lexical = current.lexically_normal().string();
    if (const auto fd = own_descriptor(lexical)) {
      return Resolved{lexical, fd};
    }
    struct stat st
    {};
    if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) {
      return Resolved{current.string(), std::nullopt};
    }
    std::error_code ec;
    const fs::path next = fs::read_symlink(current, ec);
    if (ec) {
      return unexpected(ec.message());
    }
    current = next.is_absolute() ? next : current.parent_path() / next;
  }
  return unexpected(std::string(std::strerror(ELOOP)));
}

// Writes all of `content` to `fd`.
bool write_all(int fd, const std::string& content)
{
  std::size_t done = 0;
  while (done < content.size()) {
    const auto n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Opens a FIFO, device or other non-regular file for writing; a FIFO waits a while for a reader
// rather than for ever.
int open_through(const std::string& target)
{
  const auto deadline = std::chrono::steady_clock::now() + k_fifo_reader_wait;
  for (;;) {
    const int fd = ::open(target.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd >= 0) {
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      return fd;
    }
    if (errno != ENXIO || std::chrono::steady_clock::now() >= deadline) {
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

} // namespace

Sink::Sink(std::string path, std::string flag, Mode mode)
  : m_path(std::move(path)), m_flag(std::move(flag)), m_mode(mode)
{
}

Sink::~Sink()
{
  if (m_fd >= 0) {
    ::close(m_fd);
  }
  if (m_file != nullptr && m_mode == Mode::atomic) {
    std::fclose(m_file);
    std::remove(m_temp.c_str()); // never leave a partial report behind
  }
}

Expected<std::unique_ptr<Sink>, std::string> Sink::open(const std::string& path, const std::string& flag)
{
  if (path == "-") {
    std::unique_ptr<Sink> sink(new Sink(path, flag, Mode::stream));
    sink->m_file = stdout;
    sink->m_stdout = true;
    return sink;
  }
  const auto resolved = resolve(path);
  if (!resolved) {
    return unexpected(fmt::format("{} {}: cannot write there ({})", flag, path, resolved.error()));
  }
  if (resolved->fd) {
    const int fd = *resolved->fd;
    std::unique_ptr<Sink> sink(new Sink(path, flag, Mode::stream));
    if (fd == STDOUT_FILENO || fd == STDERR_FILENO) {
      sink->m_file = fd == STDOUT_FILENO ? stdout : stderr;
      sink->m_stdout = fd == STDOUT_FILENO;
      return sink;
    }
    sink->m_fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    const int flags = sink->m_fd < 0 ? -1 : ::fcntl(sink->m_fd, F_GETFL);
    if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY) {
      return unexpected(
          fmt::format("{} {}: cannot write there (descriptor {} is not open for writing)", flag, path, fd));
    }
    return sink;
  }
  const std::string& target = resolved->target;
  struct stat st
  {};
  if (::stat(target.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return unexpected(fmt::format("{} {}: is a directory", flag, path));
  }
  if (::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    // a FIFO, a device, a socket…: written as is, never replaced
    if (::access(target.c_str(), W_OK) != 0) {
      return unexpected(fmt::format("{} {}: cannot write there ({})", flag, path, std::strerror(errno)));
    }
    std::unique_ptr<Sink> sink(new Sink(path, flag, Mode::through));
    sink->m_target = target;
    return sink;
  }
  // a regular file or a new one: a temporary in the target's own directory, renamed over it
  std::unique_ptr<Sink> sink(new Sink(path, flag, Mode::atomic));
  sink->m_target = target;
  sink->m_temp = fmt::format("{}.tmp.{}", target, ::getpid());
  sink->m_file = std::fopen(sink->m_temp.c_str(), "wb");
  if (sink->m_file == nullptr) {
    return unexpected(fmt::format("{} {}: cannot write there ({})", flag, path, std::strerror(errno)));
  }
  if (::stat(target.c_str(), &st) == 0) {
    ::fchmod(::fileno(sink->m_file), st.st_mode & 07777); // the report keeps the file's permissions
  }
  return sink;
}

Expected<bool, std::string> Sink::write(const std::string& content)
{
  if (m_done) {
    return unexpected(fmt::format("{} {}: already written", m_flag, m_path));
  }
  m_done = true;
  const auto failed = [&](const char* why) {
    return unexpected(fmt::format("{} {}: cannot write ({})", m_flag, m_path, why));
  };
  switch (m_mode) {
  case Mode::stream:
    if (m_file != nullptr) {
      const bool written = std::fwrite(content.data(), 1, content.size(), m_file) == content.size();
      const bool flushed = std::fflush(m_file) == 0;
      return written && flushed ? Expected<bool, std::string>(true) : failed(std::strerror(errno));
    }
    return write_all(m_fd, content) ? Expected<bool, std::string>(true) : failed(std::strerror(errno));
  case Mode::through: {
    m_fd = open_through(m_target);
    if (m_fd < 0) {
      return failed(errno == ENXIO ? "no process reads the FIFO" : std::strerror(errno));
    }
    return write_all(m_fd, content) ? Expected<bool, std::string>(true) : failed(std::strerror(errno));
  }
  case Mode::atomic:
    break;
  }
  const bool written = std::fwrite(content.data(), 1, content.size(), m_file) == content.size();
  const bool closed = std::fclose(m_file) == 0;
  m_file = nullptr;
  if (!written || !closed || std::rename(m_temp.c_str(), m_target.c_str()) != 0) {
    const auto why = std::strerror(errno);
    std::remove(m_temp.c_str());
    return failed(why);
  }
  return true;
}

} // namespace ttaobs::report
