#include <src/util/url.hpp>

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("http");

using namespace ttaobs::util;

TEST_CASE("util::parse_url")
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

TEST_CASE("util::with_path_and_query")
{
  const auto base = parse_url("http://prom:9090/prefix/").value();
  CHECK(with_path_and_query(base, "/api/v1/query", {{"query", "up{job=\"a b\"}"}}) ==
        "http://prom:9090/prefix/api/v1/query?query=up%7Bjob%3D%22a%20b%22%7D");
  const auto bare = parse_url("http://j:16686").value();
  CHECK(with_path_and_query(bare, "/api/traces", {{"service", "svc"}, {"limit", "1"}}) ==
        "http://j:16686/api/traces?service=svc&limit=1");
}

TEST_CASE("util::with_path_and_query keeps the base URL's path prefix and query")
{
  const auto gw = parse_url("http://gw/prom/?tenant=a").value();
  CHECK(with_path_and_query(gw, "/api/v1/query", {{"query", "up"}}) ==
        "http://gw:80/prom/api/v1/query?tenant=a&query=up");
  CHECK(with_path_and_query(gw, "/api/v1/targets", {}) == "http://gw:80/prom/api/v1/targets?tenant=a");
  const auto keyed = parse_url("https://j.example/base?api_key=s3cret&").value();
  CHECK(with_path_and_query(keyed, "/api/traces", {{"service", "svc"}}) ==
        "https://j.example:443/base/api/traces?api_key=s3cret&service=svc");
}

TEST_CASE("util::is_secret_param")
{
  for (const char* name :
       {"token", "api_key", "apikey", "APIKEY", "access_token", "X-Amz-Signature", "sig", "secret", "password",
        "passwd", "pwd", "auth", "authorization", "client_credential", "session_id", "jwt", "key"}) {
    CAPTURE(name);
    CHECK(is_secret_param(name));
  }
  for (const char* name : {"query", "service", "limit", "tenant", "state", "operation", "query.service_name",
                           "query.start_time_min", "query.num_traces", "lookback", "job"}) {
    CAPTURE(name);
    CHECK_FALSE(is_secret_param(name));
  }
}

TEST_CASE("util::redact_url: passwords and secret query values become ***")
{
  SUBCASE("parsed URLs")
  {
    const auto url = parse_url("http://prom:9090/p/?tenant=a&api_key=s3cret&api%5Fkey=x2&token").value();
    CHECK(url.redacted() == "http://prom:9090/p/?tenant=a&api_key=***&api%5Fkey=***&token");
    CHECK(url.str() == "http://prom:9090/p/?tenant=a&api_key=s3cret&api%5Fkey=x2&token"); // the wire keeps it
    CHECK(parse_url("http://h:1/x").value().redacted() == "http://h:1/x");
  }
  SUBCASE("raw text, parsable or not")
  {
    CHECK(redact_url("http://user:s3cret@prom:9090/x") == "http://user:***@prom:9090/x");
    CHECK(redact_url("https://ghp_t0ken@h/x?a=1") == "https://***@h/x?a=1");
    CHECK(redact_url("user:s3cret@prom:9090") == "user:***@prom:9090");
    CHECK(redact_url("http://u:pa/ss@h/x") == "http://u:***@h/x");
    CHECK(redact_url("http://h /x?access_token=s3cret#id_token=t2") == "http://h /x?access_token=***#id_token=***");
    CHECK(redact_url("http://h/x?q=1&SECRET=") == "http://h/x?q=1&SECRET=***");
    CHECK(redact_url("") == "");
    CHECK(redact_url("http://h/@me?tenant=a") == "http://***@me?tenant=a"); // over-redacting is the safe side
  }
  SUBCASE("every URL in free text")
  {
    CHECK(redact_urls("GET http://h:1/api?api_key=s3cret&query=up: HTTP 500, see 'https://u:pw@x/'.") ==
          "GET http://h:1/api?api_key=***&query=up: HTTP 500, see 'https://u:***@x/'.");
    CHECK(redact_urls("no url here: token=abc") == "no url here: token=abc");
    CHECK(redact_urls("HTTP://A:B@h and http://") == "HTTP://A:***@h and http://");
  }
}

TEST_CASE("util::canonical_request")
{
  const auto a = parse_url("http://localhost:16686/api/traces?service=x&limit=1").value();
  const auto b = parse_url("http://localhost:16686/api/traces?limit=1&service=x").value();
  CHECK(canonical_request("GET", a) == canonical_request("GET", b));
  CHECK(canonical_request("GET", a) == "GET http://localhost:16686/api/traces?limit=1&service=x");
  const auto encoded = parse_url("http://h:1/q?query=a%2Bb").value();
  const auto plus = parse_url("http://h:1/q?query=a+b").value();
  CHECK(canonical_request("GET", encoded) != canonical_request("GET", plus));
  SUBCASE("secret values read *** so recordings hold none and replay matches any secret")
  {
    const auto one = parse_url("http://h:1/api/v1/query?api_key=s3cret&query=up").value();
    const auto other = parse_url("http://h:1/api/v1/query?query=up&api_key=other").value();
    CHECK(canonical_request("GET", one) == "GET http://h:1/api/v1/query?api_key=***&query=up");
    CHECK(canonical_request("GET", one) == canonical_request("GET", other));
    CHECK(canonical_request("GET", parse_url(canonical_request("GET", one).substr(4)).value()) ==
          canonical_request("GET", one));
  }
}

TEST_SUITE_END();
