#include <src/sources/otlp_ids.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;

TEST_CASE("sources::base64_to_hex")
{
  std::string hex;
  CHECK(sources::base64_to_hex("AAAAAAAAAAE=", hex));
  CHECK(hex == "0000000000000001");
  CHECK(sources::base64_to_hex("g6nv0VwcmKl34HEcyT7iiw==", hex)); // python3 base64 of the id below
  CHECK(hex == "83a9efd15c1c98a977e0711cc93ee28b");
  CHECK(sources::base64_to_hex("g6nv0VwcmKl34HEcyT7iiw", hex)); // padding is optional
  CHECK(hex == "83a9efd15c1c98a977e0711cc93ee28b");
  CHECK_FALSE(sources::base64_to_hex("a", hex));
  CHECK_FALSE(sources::base64_to_hex("@@@@", hex));
}

TEST_CASE("sources::id_to_hex: hex ids are lower-cased, other ids read as base64")
{
  std::string hex;
  CHECK(sources::id_to_hex("", hex));
  CHECK(hex.empty());
  CHECK(sources::id_to_hex("00000000000000AB", hex));
  CHECK(hex == "00000000000000ab");
  CHECK(sources::id_to_hex("AAAAAAAAAAE=", hex));
  CHECK(hex == "0000000000000001");
  CHECK_FALSE(sources::id_to_hex("!!", hex));
}

TEST_SUITE_END();
