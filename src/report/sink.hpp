#pragma once

#include <src/util/expected.hpp>
#include <src/util/noncopyable.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace ttaobs::report {

/// Where one report goes: "-" is stdout; a path is written as the user named it: through a
/// symlink to where it leads, into a FIFO or device as is, into one of our own descriptors for
/// /dev/stdout, /dev/fd/N or /proc/self/fd/N, and atomically (a temporary file beside the real
/// target, renamed over it once complete) where the final target is a regular file or new.
class Sink : util::NonCopyable
{
public:
  /// Opens `path` for `flag` before any work starts, so a bad path fails early; the error
  /// names the flag and the path.
  static Expected<std::unique_ptr<Sink>, std::string> open(const std::string& path, const std::string& flag);
  ~Sink();

  /// Writes `content` and, for a file, moves it into place; the error names the path.
  Expected<bool, std::string> write(const std::string& content);

  /// True when this sink is the process's stdout ("-", /dev/stdout, /proc/self/fd/1, …).
  bool is_stdout() const { return m_stdout; }

  /// How a sink reaches its target.
  enum class Mode {
    stream,  ///< one of our own streams or descriptors, written as is
    through, ///< a FIFO, device or other non-regular file, opened and written as is
    atomic,  ///< a regular file: a temporary beside it, renamed over it
  };

private:
  Sink(std::string path, std::string flag, Mode mode);
  std::string m_path; // as the user wrote it (for messages)
  std::string m_flag;
  Mode m_mode;
  std::string m_target; // the final path (symlinks followed) for `through` and `atomic`
  std::string m_temp;   // the temporary file (`atomic`)
  std::FILE* m_file = nullptr;
  int m_fd = -1; // a descriptor of ours (`stream`, other than stdout/stderr)
  bool m_stdout = false;
  bool m_done = false;
};

} // namespace ttaobs::report
