#include "secret_files.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace ttaobs::config {

namespace {

constexpr std::size_t k_max_secret_file = 64 * 1024;
constexpr std::size_t k_max_pem_scan = 1024 * 1024;

} // namespace

// Everything about one failure but the value: the key, where it came from, and why.
std::string fail(std::string_view key, const Picked& p, std::string_view why)
{
  return fmt::format("invalid {} (from {}): {}", key, p.origin, why);
}

// A secret file's one line: trailing newlines and blanks dropped; never echoed.
Expected<std::string, std::string> read_secret_file(const std::string& path, std::string_view key, const Picked& p)
{
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return unexpected(fail(key, p, fmt::format("'{}' is a directory, not a file", util::one_line(path, 200))));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(
        fail(key, p, fmt::format("cannot read '{}': {}", util::one_line(path, 200), std::strerror(errno))));
  }
  std::string text(k_max_secret_file + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > k_max_secret_file) {
    return unexpected(
        fail(key, p, fmt::format("'{}' is larger than 64 KiB (its content is not shown)", util::one_line(path, 200))));
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) {
    text.pop_back();
  }
  if (text.empty()) {
    return unexpected(fail(key, p, fmt::format("'{}' is empty", util::one_line(path, 200))));
  }
  const bool control = std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 && c != '\t'; });
  if (control) {
    return unexpected(fail(key, p,
                           fmt::format("'{}' must hold one line without control characters (its content is not shown)",
                                       util::one_line(path, 200))));
  }
  return text;
}

// ${VAR} from the environment, ${file:PATH} from a file, $${ a literal "${".
Expected<std::string, std::string> interpolate(const Picked& p, std::string_view key, Getenv getenv)
{
  const std::string& in = p.value;
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 2;
      continue;
    }
    if (in.compare(i, 2, "${") != 0) {
      out += in[i];
      continue;
    }
    const auto close = in.find('}', i + 2);
    if (close == std::string::npos) {
      return unexpected(fail(key, p, "unterminated ${ (write $${ for a literal one)"));
    }
    const std::string name = in.substr(i + 2, close - i - 2);
    if (util::starts_with(name, "file:")) {
      TTAOBS_TRY_ASSIGN(content, read_secret_file(name.substr(5), key, p));
      out += content;
    } else {
      const bool valid =
          !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
          std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) != 0 || c == '_'; });
      if (!valid) {
        return unexpected(fail(key, p, "expected ${NAME} (an environment variable) or ${file:PATH}"));
      }
      const auto value = getenv(name.c_str());
      if (value.empty()) {
        return unexpected(fail(key, p, fmt::format("environment variable {} is not set", name)));
      }
      out += value;
    }
    i = close;
  }
  return out;
}

bool header_name_ok(std::string_view name)
{
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
  });
}

bool has_control(std::string_view s)
{
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; });
}

// A PEM file holding `marker` (e.g. "CERTIFICATE-----"); a CA may also be a hashed directory.
Expected<bool, std::string> check_pem(const std::string& path, std::string_view key, const Picked& p,
                                      std::string_view marker, bool directory_ok)
{
  std::error_code ec;
  const auto shown = util::one_line(path, 200);
  if (std::filesystem::is_directory(path, ec)) {
    if (directory_ok) {
      return true;
    }
    return unexpected(fail(key, p, fmt::format("'{}' is a directory, not a PEM file", shown)));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fail(key, p, fmt::format("cannot read '{}': {}", shown, std::strerror(errno))));
  }
  std::string text(k_max_pem_scan, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.find("-----BEGIN ") == std::string::npos || text.find(marker) == std::string::npos) {
    return unexpected(fail(key, p,
                           fmt::format("'{}' is not a PEM file with a {} (its content is not shown)", shown,
                                       marker.substr(0, marker.find('-')))));
  }
  return text.find("PRIVATE KEY-----") != std::string::npos;
}

} // namespace ttaobs::config
