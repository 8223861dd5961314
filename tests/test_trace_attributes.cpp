#include <src/trace/attributes.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ttaobs;

TEST_CASE("trace::AttributeStore keeps runs per span and each distinct pair once")
{
  trace::AttributeStore store;
  const auto none = store.close_run(store.end()); // nothing added: no run
  CHECK(none == trace::AttributeStore::k_no_run);
  CHECK_FALSE(store.find(none, "http.method"));
  const auto a_begin = store.end();
  store.add("http.method", "GET");
  store.add("http.status_code", "200");
  const auto a_run = store.close_run(a_begin);
  const auto b_begin = store.end();
  for (int i = 0; i < 300; ++i) { // pair numbers past 127 take two varint bytes
    store.add("k" + std::to_string(i), "v");
  }
  store.add("http.method", "GET"); // a repeat is not stored again
  const auto b_run = store.close_run(b_begin);
  const auto c_run = store.close_run(store.end());
  store.seal();
  CHECK(store.pair_count() == 302);
  CHECK(store.find(a_run, "http.method") == "GET");
  CHECK(store.find(a_run, "http.status_code") == "200");
  CHECK_FALSE(store.find(a_run, "k1"));
  CHECK(store.find(b_run, "k299") == "v");
  CHECK(store.find(b_run, "http.method") == "GET");
  std::vector<std::string> keys;
  store.visit(a_run, [&](const trace::Attribute& a) {
    keys.emplace_back(a.key);
    return true;
  });
  CHECK(keys == std::vector<std::string>{"http.method", "http.status_code"});
  CHECK_FALSE(store.find(c_run, "http.method"));  // an empty run
  CHECK(store.find(a_run, "k5") == std::nullopt); // runs end where they end
}

TEST_CASE("trace::AttributeStore tells apart pairs that share a key or a value")
{
  trace::AttributeStore store;
  store.add("a", "bc");
  store.add("ab", "c");
  store.add("a", "");
  const auto run = store.close_run(0);
  CHECK(store.pair_count() == 3);
  CHECK(store.find(run, "ab") == "c");
}

TEST_CASE("trace::AttributeStore finds every pair again as its index grows, and after seal()")
{
  trace::AttributeStore store;
  std::vector<std::uint32_t> runs;
  for (int i = 0; i < 5000; ++i) { // the index doubles many times on the way
    const auto begin = store.end();
    store.add("id", std::to_string(i));
    store.add("http.method", i % 2 == 0 ? "GET" : "POST");
    runs.push_back(store.close_run(begin));
  }
  CHECK(store.pair_count() == 5002);
  store.seal(); // frees the index; adding afterwards builds it again from the pairs
  const auto begin = store.end();
  store.add("id", "4999");
  store.add("http.method", "POST");
  store.add("new", "pair");
  const auto again = store.close_run(begin);
  CHECK(store.pair_count() == 5003); // only new=pair was new
  CHECK(store.find(again, "id") == "4999");
  CHECK(store.find(runs[1234], "id") == "1234");
  CHECK(store.find(runs[1234], "http.method") == "GET");
  CHECK(store.find(runs[4999], "http.method") == "POST");
}
