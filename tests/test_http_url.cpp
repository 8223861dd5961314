#include <src/http/url.hpp>

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("http");

using namespace ttaobs::http;

TEST_CASE("http::parse_url")
{
  SUBCASE("defaults and explicit ports")
  {
    const auto url = parse_url("http://localhost:16686");
    REQUIRE(url);
    CHECK(url->host == "localhost");
    CHECK(url->port == 16686);
    CHECK(url->path == "/");
    CHECK(parse_url("https://example.org/x")->port == 443);
    CHECK(parse_url("HTTP://h/")->scheme == "http");
  }
  SUBCASE("IPv6 and query")
  {
    const auto url = parse_url("http://[::1]:9090/prom/?a=b");
    REQUIRE(url);
    CHECK(url->host == "::1");
    CHECK(url->path == "/prom/");
    CHECK(url->query == "a=b");
    CHECK(url->origin() == "http://[::1]:9090");
  }
  SUBCASE("rejections say why")
  {
    CHECK(parse_url("").error() == "empty URL");
    CHECK(parse_url("localhost:9090").error() == "missing scheme (expected http:// or https://)");
    CHECK(parse_url("ftp://h").error() == "unsupported scheme 'ftp' (expected http or https)");
    CHECK(parse_url("http://:80").error() == "missing host");
    CHECK(parse_url("http://h:99999").error() == "invalid port '99999'");
    CHECK(parse_url("http://h:abc").error() == "invalid port 'abc'");
    CHECK(parse_url("http://user:pw@h").error() == "credentials in URLs are not supported");
    CHECK(parse_url("http://h /x").error() == "URL contains white space or a control character");
    CHECK(parse_url("http://[::1").error() == "unterminated IPv6 address");
  }
}

TEST_CASE("http::with_path_and_query")
{
  const auto base = parse_url("http://prom:9090/prefix/").value();
  CHECK(with_path_and_query(base, "/api/v1/query", {{"query", "up{job=\"a b\"}"}})
        == "http://prom:9090/prefix/api/v1/query?query=up%7Bjob%3D%22a%20b%22%7D");
  const auto bare = parse_url("http://j:16686").value();
  CHECK(with_path_and_query(bare, "/api/traces", {{"service", "svc"}, {"limit", "1"}})
        == "http://j:16686/api/traces?service=svc&limit=1");
}

TEST_CASE("http::canonical_request")
{
  const auto a = parse_url("http://localhost:16686/api/traces?service=x&limit=1").value();
  const auto b = parse_url("http://localhost:16686/api/traces?limit=1&service=x").value();
  CHECK(canonical_request("GET", a) == canonical_request("GET", b));
  CHECK(canonical_request("GET", a) == "GET http://localhost:16686/api/traces?limit=1&service=x");
  const auto encoded = parse_url("http://h:1/q?query=a%2Bb").value();
  const auto plus = parse_url("http://h:1/q?query=a+b").value();
  CHECK(canonical_request("GET", encoded) != canonical_request("GET", plus));
}

TEST_SUITE_END();
