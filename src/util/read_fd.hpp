#pragma once

// Reading a file descriptor to its end with a deadline: a pipe, FIFO, terminal or socket that
// never writes (or never finishes) is an error after the timeout, never a hang.

#include <src/util/expected.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace ttaobs::util {

/// Pieces are read at most this large.
inline constexpr std::size_t k_read_chunk = 256 * 1024;

/// "stdin" for "-", else `name` (how read errors name an input).
std::string input_name(std::string_view name);

/// Opens `path` for reading without blocking on a FIFO that has no writer yet (the wait is then
/// read_fd's, bounded by its timeout); the error is "cannot open PATH: why".
Expected<int, std::string> open_for_reading(const std::string& path);

/// True when reading `fd` can stall (a pipe, FIFO, terminal, socket or character device);
/// regular files and block devices cannot, so they are not timed.
bool can_stall(int fd);

/// Reads `fd` to its end, handing each piece (at most `chunk` bytes) to `piece`; `piece` returns
/// false to stop early. Where `fd` can stall, the whole read, `piece`'s work included, must end
/// within `timeout`: otherwise the error is "NAME: no data within 5s" (nothing came) or
/// "NAME: not finished within 5s (N bytes read)". A read failure is "cannot read NAME: why".
/// Returns the bytes read. `name` is "-" for stdin.
Expected<std::size_t, std::string> read_fd(int fd, std::string_view name, std::chrono::milliseconds timeout,
                                           const std::function<bool(std::string_view)>& piece,
                                           std::size_t chunk = k_read_chunk);

/// Reads all of `fd` into memory, as read_fd; more than `max_bytes` is the error
/// "NAME: more than MAX bytes".
Expected<std::string, std::string> read_all_fd(int fd, std::string_view name, std::chrono::milliseconds timeout,
                                               std::size_t max_bytes);

} // namespace ttaobs::util
