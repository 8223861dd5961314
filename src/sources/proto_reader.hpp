#pragma once

#include <src/json/limits.hpp>
#include <src/sources/span_fields.hpp>
#include <src/util/expected.hpp>

#include <protozero/pbf_reader.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// What the OTLP protobuf decoders share: a position-keeping walk over protozero readers, whose every
// refusal (protozero's own or ours) becomes one line naming the message path and the byte offset.
namespace ttaobs::sources::proto {

/// Where the decoder is: the message path (frames) and the start of the field being read.
class Context
{
public:
  /// Decoding `body`, whose top message is called `root` ("ExportTraceServiceRequest").
  Context(std::string_view body, std::string_view root, const json::JsonLimits& limits);

  /// Moves `message` to its next field (remembering where it starts); false at its end. Inline
  /// with the accessors below: they run for every field of every span (the receiver's hot path).
  bool next(protozero::pbf_reader& message)
  {
    m_at = message.data().data();
    if (static_cast<std::size_t>(m_at - m_body.data()) >= m_next_deadline_check) {
      check_deadline();
    }
    return message.next();
  }
  /// Enters field `name` (element `index` of a repeated field, or k_single).
  void enter(std::string_view name, std::size_t index = k_single)
  {
    if (m_depth < k_frames) {
      m_path[m_depth] = {name, index};
    }
    ++m_depth;
  }
  /// Leaves the field entered last.
  void leave() { --m_depth; }
  /// Refuses the input: throws, and run() turns it into "PATH.field at byte N: what".
  [[noreturn]] void fail(std::string_view field, const std::string& what) const;
  /// Fails unless the current field of `message` has wire type `type`.
  void expect(const protozero::pbf_reader& message, protozero::pbf_wire_type type, std::string_view field) const
  {
    if (message.wire_type() != type) {
      wrong_wire_type(message, type, field);
    }
  }
  /// The current length-delimited field's bytes (wire type checked).
  std::string_view bytes(protozero::pbf_reader& message, std::string_view field) const
  {
    expect(message, protozero::pbf_wire_type::length_delimited, field);
    const auto view = message.get_view();
    return {view.data(), view.size()};
  }
  /// The current varint field (wire type checked).
  std::uint64_t varint(protozero::pbf_reader& message, std::string_view field) const
  {
    expect(message, protozero::pbf_wire_type::varint, field);
    return message.get_uint64();
  }
  /// The current fixed64 field (wire type checked).
  std::uint64_t fixed64(protozero::pbf_reader& message, std::string_view field) const
  {
    expect(message, protozero::pbf_wire_type::fixed64, field);
    return message.get_fixed64();
  }
  /// The current field's nested message (wire type checked).
  protozero::pbf_reader message(protozero::pbf_reader& message, std::string_view field) const
  {
    const auto view = bytes(message, field);
    return protozero::pbf_reader(view.data(), view.size());
  }
  /// The most AnyValue levels allowed.
  std::size_t max_depth() const { return m_limits.max_depth; }
  /// "PATH.field at byte N: what" for the current position.
  std::string describe(std::string_view field, std::string_view what) const;

  static constexpr std::size_t k_single = static_cast<std::size_t>(-1); ///< not an element of a repeated field

private:
  struct Frame
  {
    std::string_view name;
    std::size_t index;
  };
  static constexpr std::size_t k_frames = 24; // a deeper path is shown cut ("…")

  void check_deadline();
  [[noreturn]] void wrong_wire_type(const protozero::pbf_reader& message, protozero::pbf_wire_type type,
                                    std::string_view field) const;

  std::string_view m_body;
  json::JsonLimits m_limits;
  std::array<Frame, k_frames> m_path{}; // a fixed array: entering a field is on the hot path
  std::size_t m_depth = 0;
  const char* m_at = nullptr;
  std::size_t m_next_deadline_check = 0;
};

/// The error run() reports (what Context::fail throws).
struct DecodeError
{
  std::string message; ///< one line
};

/// A protozero exception in words ("truncated: a length or value runs past the end", …).
std::string explain(const protozero::exception& error);

/// Runs `decode(context)`, turning a refusal (ours or protozero's) into a one-line error.
template <typename T, typename Decode> Expected<T, std::string> run(Context& context, Decode&& decode)
{
  try {
    return decode(context);
  } catch (const DecodeError& error) {
    return unexpected(error.message);
  } catch (const protozero::exception& error) {
    return unexpected(context.describe("", explain(error)));
  }
}

/// Lower-case hex of `bytes`, appended to `out` after clearing it.
void to_hex(std::string_view bytes, std::string& out);

/// One KeyValue: its key, and its value as the OTLP/JSON reader keeps it (strings as they are,
/// integers in decimal, doubles shortest, booleans "true"/"false"; arrays, maps and bytes ""). False
/// for a key-less attribute (dropped, as the JSON reader does). Nesting deeper than the limit fails.
bool read_key_value(protozero::pbf_reader message, Context& context, std::string& key, std::string& value);

/// KeyValue bytes of the common shape {key, value: {string_value}} as views of `bytes`; false for
/// any other shape (then read_key_value reads it).
bool read_string_attribute(std::string_view bytes, std::string_view& key, std::string_view& value);

/// The current field of `message` (a KeyValue, element `index` of `attributes`) into a fresh slot of `out`.
void read_attribute(protozero::pbf_reader& message, Context& context, std::size_t index, PendingAttributes& out);

} // namespace ttaobs::sources::proto
