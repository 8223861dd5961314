#include "read_fd.hpp"

#include <src/util/interrupt.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ttaobs::util {

namespace {

std::string seconds(std::chrono::milliseconds timeout)
{
  return fmt::format("{:.3g}s", static_cast<double>(timeout.count()) / 1000.0);
}

std::string timed_out(std::string_view name, std::chrono::milliseconds timeout, std::size_t total)
{
  return total == 0 ? fmt::format("{}: no data within {}", input_name(name), seconds(timeout))
                    : fmt::format("{}: not finished within {} ({} bytes read; raise --timeout if it is slow)",
                                  input_name(name), seconds(timeout), total);
}

} // namespace

std::string input_name(std::string_view name)
{
  return name == "-" ? std::string("stdin") : std::string(name);
}

Expected<int, std::string> open_for_reading(const std::string& path)
{
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return unexpected(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  return fd;
}

bool can_stall(int fd)
{
  struct stat st
  {};
  return ::fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode) || S_ISDIR(st.st_mode));
}

Expected<std::size_t, std::string> read_fd(int fd, std::string_view name, std::chrono::milliseconds timeout,
                                           const std::function<bool(std::string_view)>& piece, std::size_t chunk)
{
  using clock = std::chrono::steady_clock;
  const bool timed = can_stall(fd);
  const auto deadline = clock::now() + timeout;
  std::string buffer(chunk, '\0');
  std::size_t total = 0;
  for (;;) {
    if (const int signal = interrupted(); signal != 0) { // SIGINT/SIGTERM: stop reading, say why
      return unexpected(fmt::format("{}: interrupted by {}", input_name(name), signal_name(signal)));
    }
    if (timed) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
      if (left.count() <= 0) {
        return unexpected(timed_out(name, timeout, total));
      }
      pollfd p{fd, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count() + 1, 1 << 30)));
      if (ready < 0 && errno == EINTR) {
        continue;
      }
      if (ready < 0) {
        return unexpected(fmt::format("cannot read {}: {}", input_name(name), std::strerror(errno)));
      }
      if (ready == 0) {
        return unexpected(timed_out(name, timeout, total));
      }
    }
    const auto got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) {
      continue; // EAGAIN: a non-blocking descriptor poll woke too early for
    }
    if (got < 0) {
      return unexpected(fmt::format("cannot read {}: {}", input_name(name), std::strerror(errno)));
    }
    if (got == 0) {
      return total;
    }
    total += static_cast<std::size_t>(got);
    if (!piece(std::string_view(buffer.data(), static_cast<std::size_t>(got)))) {
      return total;
    }
    if (timed && clock::now() >= deadline) {
      return unexpected(timed_out(name, timeout, total));
    }
  }
}

Expected<std::string, std::string> read_all_fd(int fd, std::string_view name, std::chrono::milliseconds timeout,
                                               std::size_t max_bytes)
{
  std::string out;
  bool too_large = false;
  const auto read = read_fd(fd, name, timeout, [&](std::string_view bytes) {
    if (out.size() + bytes.size() > max_bytes) {
      too_large = true;
      return false;
    }
    out.append(bytes);
    return true;
  });
  if (!read) {
    return unexpected(read.error());
  }
  if (too_large) {
    return unexpected(fmt::format("{}: more than {} bytes", input_name(name), max_bytes));
  }
  return out;
}

} // namespace ttaobs::util
