#include "sink.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace ttaobs::report {

Sink::Sink(std::string path, std::string flag, std::string temp, std::FILE* file)
  : m_path(std::move(path)), m_flag(std::move(flag)), m_temp(std::move(temp)), m_file(file)
{
}

Sink::~Sink()
{
  if (m_file != nullptr && m_file != stdout) {
    std::fclose(m_file);
    std::remove(m_temp.c_str()); // never leave a partial report behind
  }
}

Expected<std::unique_ptr<Sink>, std::string> Sink::open(const std::string& path, const std::string& flag)
{
  if (path == "-") {
    return std::unique_ptr<Sink>(new Sink(path, flag, {}, stdout));
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return unexpected(fmt::format("{} {}: is a directory", flag, path));
  }
  const auto temp = fmt::format("{}.tmp.{}", path, ::getpid());
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) {
    return unexpected(fmt::format("{} {}: cannot write there ({})", flag, path, std::strerror(errno)));
  }
  return std::unique_ptr<Sink>(new Sink(path, flag, temp, file));
}

Expected<bool, std::string> Sink::write(const std::string& content)
{
  if (m_file == nullptr) {
    return unexpected(fmt::format("{} {}: already written", m_flag, m_path));
  }
  const bool written = std::fwrite(content.data(), 1, content.size(), m_file) == content.size();
  if (m_file == stdout) {
    std::fflush(stdout);
    m_file = nullptr;
    return written ? Expected<bool, std::string>(true) : unexpected(fmt::format("{} -: cannot write to stdout", m_flag));
  }
  const bool closed = std::fclose(m_file) == 0;
  m_file = nullptr;
  if (!written || !closed || std::rename(m_temp.c_str(), m_path.c_str()) != 0) {
    const auto why = std::strerror(errno);
    std::remove(m_temp.c_str());
    return unexpected(fmt::format("{} {}: cannot write ({})", m_flag, m_path, why));
  }
  return true;
}

} // namespace ttaobs::report
