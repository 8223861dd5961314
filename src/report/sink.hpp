#pragma once

#include <src/util/expected.hpp>
#include <src/util/noncopyable.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace ttaobs::report {

/// Where one report goes: "-" is stdout, anything else a file written atomically
/// (a temporary file beside it, renamed over it once complete).
class Sink : util::NonCopyable
{
public:
  /// Opens `path` for `flag` before any work starts, so a bad path fails early; the error
  /// names the flag and the path.
  static Expected<std::unique_ptr<Sink>, std::string> open(const std::string& path, const std::string& flag);
  ~Sink();

  /// Writes `content` and, for a file, moves it into place; the error names the path.
  Expected<bool, std::string> write(const std::string& content);

  /// True when this sink is stdout.
  bool is_stdout() const { return m_path == "-"; }

private:
  Sink(std::string path, std::string flag, std::string temp, std::FILE* file);
  std::string m_path;
  std::string m_flag;
  std::string m_temp;
  std::FILE* m_file = nullptr;
};

} // namespace ttaobs::report
