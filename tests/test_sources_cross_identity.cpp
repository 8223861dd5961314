#include <src/sources/cross_identity.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using sources::resource_identities;
using sources::ResourceIdentity;

TEST_CASE("sources::resource_identities: the service's resources in OTLP/JSON and Jaeger v1 answers")
{
  const std::vector<ResourceIdentity> sdk{{"", "e556ee51-3d13-47db-afde-dba2edb3bdc5"}}; // the real captures
  CHECK(resource_identities(test::read_fixture("cross/jaeger-v3-by-id.json"), "checkout") == sdk);
  CHECK(resource_identities(test::read_fixture("cross/jaeger-v1-checkout.json"), "checkout") ==
        sdk); // 3 traces, 1 kept
  CHECK(resource_identities(test::read_fixture("cross/jaeger-v1-checkout.json"), "payments").empty());
  const auto otlp = R"({"resourceSpans":[
      {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}},
                                 {"key":"service.namespace","value":{"stringValue":"shop"}},
                                 {"key":"service.instance.id","value":{"stringValue":"i-1"}}]}},
      {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}},
                                 {"key":"service.namespace","value":{"stringValue":"shop"}},
                                 {"key":"service.instance.id","value":{"stringValue":"i-2"}}]}},
      {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"db"}}]}}]})";
  CHECK(resource_identities(otlp, "api") == std::vector<ResourceIdentity>{{"shop", "i-1"}, {"shop", "i-2"}});
}

TEST_CASE("sources::resource_identities: odd or hostile bodies give none, never a throw")
{
  for (const std::string_view body :
       {"", "not json", "[]", R"({"data":5})", R"({"data":[{"processes":[]}]})", R"({"resourceSpans":{}})",
        R"({"data":[{"processes":{"p":{"serviceName":5,"tags":[{"key":1,"value":{}}]}}}]})",
        R"({"result":{"resourceSpans":[{"resource":{"attributes":{"key":"service.name"}}}]}})"}) {
    CAPTURE(body);
    CHECK(resource_identities(body, "checkout").empty());
  }
  CHECK(resource_identities(std::string(1000, '[') + std::string(1000, ']'), "checkout").empty()); // too deep
}
