#include "trace_file.hpp"

#include <src/util/read_fd.hpp>

#include <src/sources/jaeger.hpp>
#include <src/sources/otlp.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ttaobs::sources {

namespace {

constexpr std::size_t k_sniff_bytes = 1u << 20;

// The first top-level key of a JSON object, read without parsing the whole document.
std::string_view first_key(std::string_view body)
{
  const auto open = body.find_first_not_of(" \t\r\n");
  if (open == std::string_view::npos || body[open] != '{') {
    return {};
  }
  const auto quote = body.find_first_not_of(" \t\r\n", open + 1);
  if (quote == std::string_view::npos || body[quote] != '"') {
    return {};
  }
  const auto end = body.find('"', quote + 1);
  return end == std::string_view::npos ? std::string_view() : body.substr(quote + 1, end - quote - 1);
}

bool contains_key(std::string_view body, std::string_view key)
{
  return body.find(fmt::format("\"{}\"", key)) != std::string_view::npos;
}

} // namespace

Expected<trace::TraceSet, std::string> parse_trace_document(std::string_view body,
                                                            const std::function<void(std::size_t)>& on_progress)
{
  const auto key = first_key(body);
  for (const std::string_view otlp : {"resourceSpans", "batches", "result", "trace", "error"}) {
    if (key == otlp) {
      return parse_otlp_traces(body, json::JsonLimits{}, on_progress);
    }
  }
  // otherwise the keys near the top tell; never scan a whole file for them (its pages would all be
  // read before parsing starts, and a huge file of anything else would cost its size)
  const auto head = body.substr(0, k_sniff_bytes);
  if (key == "data" ||
      (contains_key(head, "data") && !contains_key(head, "resourceSpans") && !contains_key(head, "batches"))) {
    return parse_jaeger_traces(body, on_progress);
  }
  if (key == "traceID" || (contains_key(head, "traceID") && contains_key(head, "operationName"))) {
    // a bare Jaeger trace object: wrap it in the API envelope, and speak of it as the file's top
    auto parsed = parse_jaeger_traces(fmt::format("{{\"data\":[{}]}}", body));
    if (!parsed && parsed.error().rfind("data[0]", 0) == 0) {
      return unexpected("$" + parsed.error().substr(7));
    }
    return parsed;
  }
  return parse_otlp_traces(body, json::JsonLimits{}, on_progress);
}

namespace {

// A read-only mapping of a whole file; pages already parsed can be handed back to the kernel, so a
// large trace file costs its spans, not its bytes.
class MappedFile
{
public:
  static Expected<std::unique_ptr<MappedFile>, std::string> open(const std::string& path)
  {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return unexpected(fmt::format("{}: cannot read file", path));
    }
    struct stat info
    {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd);
      return unexpected(fmt::format("{}: not a regular file", path));
    }
    auto file = std::unique_ptr<MappedFile>(new MappedFile());
    file->m_size = static_cast<std::size_t>(info.st_size);
    if (file->m_size > 0) {
      void* at = ::mmap(nullptr, file->m_size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (at == MAP_FAILED) {
        ::close(fd);
        return unexpected(fmt::format("{}: cannot map file", path));
      }
      file->m_data = static_cast<const char*>(at);
      ::madvise(at, file->m_size, MADV_SEQUENTIAL);
    }
    ::close(fd);
    return file;
  }
  ~MappedFile()
  {
    if (m_data != nullptr) {
      ::munmap(const_cast<char*>(m_data), m_size);
    }
  }
  std::string_view text() const { return {m_data != nullptr ? m_data : "", m_size}; }
  /// Gives the pages before `offset` back (they are read again from the file if ever touched).
  void release_before(std::size_t offset)
  {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const auto end = offset / page * page;
    if (end > m_released) {
      ::madvise(const_cast<char*>(m_data) + m_released, end - m_released, MADV_DONTNEED);
      m_released = end;
    }
  }

private:
  MappedFile() = default;
  const char* m_data = nullptr;
  std::size_t m_size = 0;
  std::size_t m_released = 0;
};

} // namespace

Expected<trace::TraceSet, std::string> load_trace_file(const std::string& path, std::chrono::milliseconds timeout)
{
  constexpr std::size_t k_max_streamed = std::size_t{2} << 30; // stdin and pipes are held whole
  const auto from_stream = [&](int fd, const std::string& name) -> Expected<trace::TraceSet, std::string> {
    TTAOBS_TRY_ASSIGN(body, util::read_all_fd(fd, name, timeout, k_max_streamed));
    auto parsed = parse_trace_document(body);
    return parsed ? std::move(parsed)
                  : unexpected(fmt::format("{}: {}", name == "-" ? "<stdin>" : name, parsed.error()));
  };
  if (path == "-") {
    return from_stream(STDIN_FILENO, path); // a stdin that never writes is an error after --timeout
  }
  { // a FIFO or device is read with the deadline too; only regular files are mapped
    TTAOBS_TRY_ASSIGN(fd, util::open_for_reading(path));
    struct stat info
    {};
    const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
    if (!regular) {
      auto loaded = from_stream(fd, path);
      ::close(fd);
      return loaded;
    }
    ::close(fd);
  }
  TTAOBS_TRY_ASSIGN(file, MappedFile::open(path));
  auto* mapped = file.get();
  auto parsed = parse_trace_document(file->text(), [mapped](std::size_t offset) { mapped->release_before(offset); });
  if (!parsed) {
    return unexpected(fmt::format("{}: {}", path, parsed.error()));
  }
  return parsed;
}

} // namespace ttaobs::sources
