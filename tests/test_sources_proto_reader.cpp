#include <src/sources/proto_reader.hpp>

#include <doctest/doctest.h>
#include <protozero/pbf_writer.hpp>

#include <functional>
#include <string>
#include <utility>

using namespace ttaobs;
using namespace ttaobs::sources;

namespace {

// A KeyValue message whose fields `write` writes.
std::string key_value(const std::function<void(protozero::pbf_writer&)>& write)
{
  std::string buffer;
  protozero::pbf_writer message(buffer);
  write(message);
  return buffer;
}

// KeyValue{key, value: AnyValue{string_value}}, the shape the fast path reads.
std::string string_attribute(std::string_view key, std::string_view value)
{
  return key_value([&](protozero::pbf_writer& message) {
    message.add_string(1, key.data(), key.size());
    protozero::pbf_writer any(message, 2);
    any.add_string(1, value.data(), value.size());
  });
}

// What the general walk (read_key_value) makes of `bytes`: {key, value}, or {"", ""} when it drops it.
std::pair<std::string, std::string> general(const std::string& bytes)
{
  proto::Context context(bytes, "KeyValue", json::JsonLimits{});
  std::string key;
  std::string value;
  auto read = proto::run<bool>(context, [&](proto::Context& at) {
    return proto::read_key_value(protozero::pbf_reader(bytes.data(), bytes.size()), at, key, value);
  });
  REQUIRE(read);
  return *read ? std::pair{key, value} : std::pair<std::string, std::string>{};
}

} // namespace

TEST_CASE("proto::read_string_attribute reads the common shape as views, as the general walk does")
{
  const std::string long_value(300, 'v'); // a two-byte length
  for (const auto& attribute : {std::pair<std::string, std::string>{"http.route", "/checkout"},
                                {"k", ""},
                                {"", "no key"},
                                {"long", long_value},
                                {std::string(200, 'k'), "x"}}) {
    const std::string& key = attribute.first;
    const std::string& value = attribute.second;
    CAPTURE(key);
    const auto bytes = string_attribute(key, value);
    std::string_view fast_key;
    std::string_view fast_value;
    REQUIRE(proto::read_string_attribute(bytes, fast_key, fast_value));
    CHECK(fast_key == key);
    CHECK(fast_value == value);
    CHECK(fast_value.data() >= bytes.data()); // a view of the body, not a copy
    CHECK(fast_value.data() + fast_value.size() <= bytes.data() + bytes.size());
    if (!key.empty()) {
      CHECK(general(bytes) == std::pair{key, value});
    }
  }
}

TEST_CASE("proto::read_string_attribute leaves every other shape to the general walk")
{
  const auto int_value = key_value([](protozero::pbf_writer& message) {
    message.add_string(1, "n");
    protozero::pbf_writer any(message, 2);
    any.add_int64(3, 42);
  });
  const auto value_first = key_value([](protozero::pbf_writer& message) {
    {
      protozero::pbf_writer any(message, 2);
      any.add_string(1, "v");
    }
    message.add_string(1, "k");
  });
  const auto key_twice = key_value([](protozero::pbf_writer& message) {
    message.add_string(1, "first");
    message.add_string(1, "k");
    protozero::pbf_writer any(message, 2);
    any.add_string(1, "v");
  });
  const auto unknown_field = key_value([](protozero::pbf_writer& message) {
    message.add_string(1, "k");
    {
      protozero::pbf_writer any(message, 2);
      any.add_string(1, "v");
    }
    message.add_uint32(9, 1);
  });
  const auto string_then_bool = key_value([](protozero::pbf_writer& message) {
    message.add_string(1, "k");
    protozero::pbf_writer any(message, 2);
    any.add_string(1, "v");
    any.add_bool(2, true); // the last value field wins: "true"
  });
  const auto no_value = key_value([](protozero::pbf_writer& message) { message.add_string(1, "k"); });
  const auto truncated = string_attribute("key", "value").substr(0, 9);
  const std::pair<std::string, std::pair<std::string, std::string>> cases[] = {
      {int_value, {"n", "42"}},    {value_first, {"k", "v"}},         {key_twice, {"k", "v"}},
      {unknown_field, {"k", "v"}}, {string_then_bool, {"k", "true"}}, {no_value, {"k", ""}},
  };
  for (const auto& shape : cases) {
    const auto& bytes = shape.first;
    const auto& expected = shape.second;
    CAPTURE(expected.second);
    std::string_view key;
    std::string_view value;
    CHECK_FALSE(proto::read_string_attribute(bytes, key, value));
    CHECK(general(bytes) == expected);
  }
  std::string_view key;
  std::string_view value;
  CHECK_FALSE(proto::read_string_attribute(truncated, key, value));
  CHECK_FALSE(proto::read_string_attribute("", key, value));
  CHECK_FALSE(proto::read_string_attribute(std::string("\x0a\xff\xff\xff\xff\xff\x01", 7), key, value));
}
