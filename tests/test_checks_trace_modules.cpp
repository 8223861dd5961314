#include <checks/module.hpp>
#include <checks/trace_modules.hpp>
#include <src/sources/jaeger.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

using namespace ttaobs;
using core::Status;

namespace {

const yaml::EnvLookup k_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };

std::vector<trace::Trace> traces_of(std::string_view fixture)
{
  auto set = sources::parse_jaeger_traces(test::read_fixture(fixture));
  REQUIRE(set);
  return std::move(set->traces);
}

// The checkout trace (healthy, one failed client call) and/or the broken one (orphan, two roots, overrun).
sources::Payload payload(bool checkout, bool broken)
{
  std::vector<trace::Trace> all;
  for (const auto& [wanted, name] :
       {std::pair{checkout, "jaeger/checkout-v1.json"}, {broken, "jaeger/checkout-broken-v1.json"}}) {
    if (wanted) {
      for (auto& t : traces_of(name)) {
        all.push_back(std::move(t));
      }
    }
  }
  return trace::make_trace_set(std::move(all));
}

// Binds one check entry written as YAML flow (`{kind: …, …}`); fails the test on problems.
core::CheckSpec bind(std::string_view entry)
{
  const auto none = [](std::string_view,
                       std::string_view) -> Expected<std::pair<std::string, std::string>, std::string> {
    return unexpected(std::string("none"));
  };
  const auto text = fmt::format("suite: s\nchecks:\n  - {}\n", entry);
  auto file = suite::read_suite(text, "my.yaml", none, k_env);
  REQUIRE(file);
  std::vector<yaml::Error> errors;
  const checks::ModuleContext context{k_env, errors, "checkout"};
  auto spec = checks::bind_check(file->checks.at(0), context);
  for (const auto& e : errors) {
    FAIL(e.describe("my.yaml"));
  }
  REQUIRE(spec);
  CHECK(spec->evidence.source == sources::Source::jaeger_traces);
  return std::move(*spec);
}

core::CheckOutcome run(std::string_view entry, const sources::Payload& evidence, std::string quantifier = "latest")
{
  const auto spec = bind(entry);
  core::CheckParams params;
  params.quantifier = std::move(quantifier);
  return spec.fn(evidence, params);
}

std::vector<std::string> problems(std::string_view entry)
{
  const auto none = [](std::string_view,
                       std::string_view) -> Expected<std::pair<std::string, std::string>, std::string> {
    return unexpected(std::string("none"));
  };
  auto file = suite::read_suite(fmt::format("suite: s\nchecks:\n  - {}\n", entry), "my.yaml", none, k_env);
  REQUIRE(file);
  std::vector<yaml::Error> errors;
  const checks::ModuleContext context{k_env, errors, "checkout"};
  CHECK_FALSE(checks::bind_check(file->checks.at(0), context));
  std::vector<std::string> out;
  for (const auto& e : errors) {
    out.push_back(e.describe("my.yaml"));
  }
  return out;
}

} // namespace

TEST_CASE("trace.spans: the count of selected spans")
{
  const auto checkout = payload(true, false);
  auto out = run("{id: t/db, kind: trace.spans, select: {name: db.query, child_of: {name: checkout.request}}, count: "
                 "{min: 2, max: 2}}",
                 checkout);
  CHECK(out.status == Status::pass);
  CHECK(out.message == "2 spans (name 'db.query', child of (name 'checkout.request')) in trace c0ffee0000000000… (5 "
                       "spans) (expected 2)");
  out = run("{id: t/db, kind: trace.spans, select: {name: db.query}, count: {max: 1}}", checkout);
  CHECK(out.status == Status::fail);
  CHECK(out.message.starts_with("2 spans (name 'db.query') in trace c0ffee0000000000… (5 spans) (expected ≤ 1)"));
  REQUIRE(out.measurement);
  CHECK(out.measurement->comparator == "<=");
  // without a count, at least one span must be selected
  out = run("{id: t/x, kind: trace.spans, select: {name: inventory.reserve}}", checkout);
  CHECK(out.status == Status::fail);
  CHECK(out.message.starts_with("0 spans (name 'inventory.reserve') in trace"));
  CHECK(run("{id: t/x, kind: trace.spans}", checkout).status == Status::pass);
}

TEST_CASE("trace.spans: no span has status error")
{
  const auto entry = "{id: t/errors, kind: trace.spans, select: {status: error}, count: {max: 0}}";
  const auto failing = run(entry, payload(true, false));
  CHECK(failing.status == Status::fail);
  CHECK(failing.message.starts_with("1 span (status error) in trace c0ffee0000000000… (5 spans) (expected ≤ 0)"));
  CHECK(std::any_of(failing.details.begin(), failing.details.end(),
                    [](const std::string& line) { return line.find("http.client POST") != std::string::npos; }));
  CHECK(run(entry, payload(false, true)).status == Status::pass);
}

TEST_CASE("trace.spans: span duration bounds")
{
  const auto checkout = payload(true, false);
  auto out = run("{id: t/db, kind: trace.spans, select: {name: db.query}, duration: {max: 250ms}}", checkout);
  CHECK(out.status == Status::fail);
  CHECK(out.message.ends_with("; 1 of 2 lasts outside ≤ 250ms: 'db.query' 260ms"));
  out = run("{id: t/db, kind: trace.spans, select: {name: db.query}, duration: {max: 300ms}}", checkout);
  CHECK(out.status == Status::pass);
  CHECK(out.message.ends_with("; every duration ≤ 300ms"));
  out = run("{id: t/db, kind: trace.spans, select: {name: db.query}, duration: {min: 150ms, max: 1s}}", checkout);
  CHECK(out.status == Status::fail);
  CHECK(out.message.ends_with("1 of 2 lasts outside 150ms–1s: 'db.query' 120ms"));
  CHECK(run("{id: t/db, kind: trace.spans, select: {kind: server}, duration: {min: 10ms}}", checkout).status ==
        Status::pass);
}

TEST_CASE("trace.span_count and trace.depth: ranges; a lone min keeps the built-in messages")
{
  const auto checkout = payload(true, false);
  auto out = run("{id: t/n, kind: trace.span_count, min: 5}", checkout);
  CHECK(out.status == Status::pass);
  CHECK(out.message == "5 spans in trace c0ffee0000000000… (expected ≥ 5)");
  CHECK(run("{id: t/n, kind: trace.span_count, min: 6}", checkout).status == Status::fail);
  out = run("{id: t/n, kind: trace.span_count, min: 1, max: 4}", checkout);
  CHECK(out.status == Status::fail);
  CHECK(out.message == "5 spans in trace c0ffee0000000000… (expected 1–4)");
  CHECK(run("{id: t/n, kind: trace.span_count, max: 5}", checkout).status == Status::pass);

  out = run("{id: t/d, kind: trace.depth, min: 3}", checkout);
  CHECK(out.status == Status::pass);
  CHECK(out.message.starts_with("depth 3 in trace c0ffee0000000000… (5 spans) (expected ≥ 3): checkout.request → "));
  CHECK(run("{id: t/d, kind: trace.depth, min: 4}", checkout).status == Status::fail);
  out = run("{id: t/d, kind: trace.depth, min: 1, max: 2}", checkout);
  CHECK(out.status == Status::fail);
  CHECK(out.message.starts_with("depth 3 in trace c0ffee0000000000… (5 spans) (expected 1–2): "));
  CHECK(run("{id: t/d, kind: trace.depth, max: 3}", checkout).status == Status::pass);
}

TEST_CASE("trace.links, trace.containment, trace.single_root: healthy and broken traces")
{
  const auto checkout = payload(true, false);
  const auto broken = payload(false, true);
  CHECK(run("{id: t/l, kind: trace.links}", checkout).status == Status::pass);
  auto out = run("{id: t/l, kind: trace.links}", broken);
  CHECK(out.status == Status::fail);
  CHECK(out.message.find("orphans: cache.get") != std::string::npos);
  CHECK(out.message.find("2 roots") != std::string::npos);
  CHECK(run("{id: t/l, kind: trace.links, min: 0.5}", broken).status == Status::fail); // still two roots

  CHECK(run("{id: t/c, kind: trace.containment}", checkout).status == Status::pass);
  out = run("{id: t/c, kind: trace.containment}", broken);
  CHECK(out.status == Status::fail);
  CHECK(out.message.find("'db.query' ends 40ms after 'checkout.request'") != std::string::npos);
  CHECK(run("{id: t/c, kind: trace.containment, tolerance: 50ms}", broken).status == Status::pass);

  out = run("{id: t/r, kind: trace.single_root}", checkout);
  CHECK(out.status == Status::pass);
  CHECK(out.message == "one root, 'checkout.request', in trace c0ffee0000000000… (5 spans)");
  out = run("{id: t/r, kind: trace.single_root}", broken);
  CHECK(out.status == Status::fail);
  CHECK(out.message.starts_with("2 roots (expected exactly one) in trace badbad0000000000… (4 spans): "));
  CHECK(run("{id: t/r, kind: trace.single_root, name: checkout.request}", checkout).status == Status::pass);
  out = run("{id: t/r, kind: trace.single_root, name: api.request}", checkout);
  CHECK(out.status == Status::fail);
  CHECK(out.message == "the root is 'checkout.request', expected 'api.request' in trace c0ffee0000000000… (5 spans)");
}

TEST_CASE("trace modules follow --traces N / --quantifier")
{
  const auto both = payload(true, true); // the broken trace starts at the same time: order by source
  const auto entry = "{id: t/r, kind: trace.single_root}";
  const auto all = run(entry, both, "all");
  CHECK(all.status == Status::fail);
  CHECK(all.message.starts_with("1/2 traces pass (expected all)"));
  CHECK(run(entry, both, "any").status == Status::pass);
  CHECK(run(entry, both, "0.5").status == Status::pass);
  const auto spans = run("{id: t/s, kind: trace.spans, select: {root: true}, count: {min: 1, max: 1}}", both, "all");
  CHECK(spans.status == Status::fail);
  CHECK(spans.message.find("2 spans (a root)") != std::string::npos);
}

TEST_CASE("trace modules: field problems are positioned")
{
  CHECK(problems("{id: t/n, kind: trace.span_count}") ==
        std::vector<std::string>{"my.yaml:3:5: trace.span_count needs \"min\" or \"max\""});
  CHECK(problems("{id: t/n, kind: trace.depth, min: 4, max: 2}") ==
        std::vector<std::string>{"my.yaml:3:5: trace.depth: max 2 is below min 4"});
  CHECK(problems("{id: t/s, kind: trace.spans, count: {min: 3, max: 1}}") ==
        std::vector<std::string>{"my.yaml:3:41: \"count\": max 1 is below min 3"});
  CHECK(problems("{id: t/s, kind: trace.spans, duration: {max: fast}}")
            .at(0)
            .starts_with("my.yaml:3:50: \"max\" of \"duration\" must be a duration"));
  CHECK(problems("{id: t/s, kind: trace.spans, select: {name: x, knd: server}}") ==
        std::vector<std::string>{"my.yaml:3:52: unknown key \"knd\" in \"select\" (did you mean \"kind\"?)"});
  CHECK(problems("{id: t/s, kind: trace.spans, selct: {name: x}}").at(0).find("(did you mean \"select\"?)") !=
        std::string::npos);
  CHECK(problems("{id: t/l, kind: trace.links, min: 2}")
            .at(0)
            .starts_with("my.yaml:3:39: \"min\" of check 't/l' must be between 0 and 1"));
  CHECK(problems("{id: t/c, kind: trace.containment, tolerance: soon}").at(0).find("must be a duration") !=
        std::string::npos);
}
