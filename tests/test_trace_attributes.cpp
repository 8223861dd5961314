#include <src/trace/attributes.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ttaobs;

TEST_CASE("trace::AttributeStore keeps runs per span and each distinct pair once")
{
  trace::AttributeStore store;
  const auto a_begin = store.end();
  store.add("http.method", "GET");
  store.add("http.status_code", "200");
  const auto a_end = store.end();
  const auto b_begin = store.end();
  for (int i = 0; i < 300; ++i) { // pair numbers past 127 take two varint bytes
    store.add("k" + std::to_string(i), "v");
  }
  store.add("http.method", "GET"); // a repeat is not stored again
  const auto b_end = store.end();
  store.seal();
  CHECK(store.pair_count() == 302);
  CHECK(store.find(a_begin, a_end, "http.method") == "GET");
  CHECK(store.find(a_begin, a_end, "http.status_code") == "200");
  CHECK_FALSE(store.find(a_begin, a_end, "k1"));
  CHECK(store.find(b_begin, b_end, "k299") == "v");
  CHECK(store.find(b_begin, b_end, "http.method") == "GET");
  std::vector<std::string> keys;
  store.visit(a_begin, a_end, [&](const trace::Attribute& a) {
    keys.emplace_back(a.key);
    return true;
  });
  CHECK(keys == std::vector<std::string>{"http.method", "http.status_code"});
  CHECK_FALSE(store.find(a_end, a_end, "http.method")); // an empty run
  CHECK(store.find(0, 0xffffffffu, "k5") == "v");        // a run past the end stops at the end
}

TEST_CASE("trace::AttributeStore tells apart pairs that share a key or a value")
{
  trace::AttributeStore store;
  store.add("a", "bc");
  store.add("ab", "c");
  store.add("a", "");
  CHECK(store.pair_count() == 3);
  CHECK(store.find(0, store.end(), "ab") == "c");
}
