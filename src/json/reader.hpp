#pragma once

#include <src/json/limits.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::json {

/// A forward-only JSON pull reader over bytes: one pass, no document tree, no structural index,
/// no recursion (skipping nested values keeps an explicit bracket stack). Memory is the caller's
/// buffer plus what the caller keeps, so a 500 MB trace file costs what its spans cost. Nesting is
/// bounded by `JsonLimits::max_depth` and time by its deadline. The first problem wins and is kept
/// as a one-line message with the byte offset or the JSON path.
class JsonReader
{
public:
  /// Reads `text`; `on_progress(offset)` is called about every 16 MiB consumed (to release pages).
  explicit JsonReader(std::string_view text, std::function<void(std::size_t)> on_progress = {},
                      const JsonLimits& limits = {});

  /// True once anything went wrong; every read then fails.
  bool failed() const { return !m_error.empty(); }
  /// The first problem: "malformed JSON at byte N: …" or "FIELD: …" (see shape_field()).
  const std::string& error() const { return m_error; }
  /// True when the first problem is a well-formed value of the wrong kind (not a syntax error).
  bool shape_failure() const { return m_shape; }
  /// For a shape failure: the field it concerns ("" for the value itself) and what is wrong.
  const std::string& shape_field() const { return m_field; }
  /// For a shape failure: what is wrong, e.g. "expected integer, found string".
  const std::string& shape_what() const { return m_what; }
  /// Records a shape problem at `field` (the value is well-formed JSON of the wrong kind).
  void shape_error(std::string_view field, std::string_view what);
  /// "object", "array", "string", "number", "boolean", "null", "end of input" or "invalid".
  std::string_view next_type();

  /// Consumes `null` if it is next.
  bool null_next();
  /// Enters an object (false and a shape error at `path` if the next value is not one).
  bool begin_object(std::string_view path);
  /// Reads the next member key; false at the closing brace (or on error).
  bool next_key(std::string_view& key);
  /// Enters an array (false and a shape error at `path` if the next value is not one).
  bool begin_array(std::string_view path);
  /// True while the array has another element (consumes separators).
  bool next_element();
  /// Reads a string value into `out` (escapes decoded).
  bool read_string(std::string_view path, std::string& out);
  /// Reads a string value; the view points into the input unless it had escapes (then into scratch).
  bool read_string_view(std::string_view path, std::string_view& out);
  /// Reads an integer value that fits in 64 bits.
  bool read_int64(std::string_view path, std::int64_t& out);
  /// Reads a number value as its JSON text (a view into the input), for callers with own rules.
  bool read_number_view(std::string_view path, std::string_view& out);
  /// Reads `true` or `false`.
  bool read_bool(std::string_view path, bool& out);
  /// Skips any value, validating its syntax.
  bool skip_value();
  /// Errors unless only white space remains.
  bool finish();

private:
  char peek()
  {
    while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t')) {
      ++m_at;
    }
    return m_at < m_end ? *m_at : '\0';
  }
  bool syntax_error(std::string_view what);
  bool wrong_kind(std::string_view field, std::string_view expected);
  bool enter(char open, std::string_view field, std::string_view kind);
  bool scan_string(std::string_view& out, std::string& scratch);
  bool scan_escaped(const char* start, const char* p, std::string_view& out, std::string& scratch);
  bool scan_scalar();
  void advance_to(const char* at)
  {
    m_at = at;
    if (static_cast<std::size_t>(m_at - m_begin) >= m_next_check) {
      checkpoint();
    }
  }
  void checkpoint();
  bool too_deep(std::size_t depth);

  const char* m_begin;
  const char* m_at;
  const char* m_end;
  std::string m_error;
  std::string m_field;
  std::string m_what;
  bool m_shape = false;
  std::string m_scratch;
  std::string m_key_scratch;
  std::vector<bool> m_first; // per open container: no element read yet
  std::function<void(std::size_t)> m_on_progress;
  JsonLimits m_limits;
  std::size_t m_next_check = 0;
  std::size_t m_next_progress = 0;
};

} // namespace ttaobs::json
