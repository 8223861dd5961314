#include <checks/trace_select.hpp>
#include <src/sources/jaeger.hpp>
#include <src/sources/otlp.hpp>

#include "support/fixtures.hpp"
#include "support/synthetic.hpp"

#include <doctest/doctest.h>

using namespace ttaobs;

namespace {

const yaml::EnvLookup k_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };

// The problems of reading `text` as a selector, "LINE:COL: message" each.
std::vector<std::string> problems(std::string_view text)
{
  auto node = yaml::parse(text);
  REQUIRE(node);
  std::vector<yaml::Error> errors;
  CHECK_FALSE(checks::read_span_selector(*node, "\"select\"", k_env, errors));
  std::vector<std::string> out;
  for (const auto& e : errors) {
    out.push_back(fmt::format("{}:{}: {}", e.mark.line, e.mark.column, e.message));
  }
  return out;
}

checks::SpanSelector selector(std::string_view text)
{
  auto node = yaml::parse(text);
  REQUIRE(node);
  std::vector<yaml::Error> errors;
  auto out = checks::read_span_selector(*node, "\"select\"", k_env, errors);
  for (const auto& e : errors) {
    FAIL(e.message);
  }
  REQUIRE(out);
  return std::move(*out);
}

// The names of the spans `text` selects in the checkout fixture, as Jaeger v1 and as OTLP (the same).
std::vector<std::string> picked(std::string_view text)
{
  const auto sel = selector(text);
  const auto v1 = sources::parse_jaeger_traces(test::read_fixture("jaeger/checkout-v1.json"));
  const auto v3 = sources::parse_otlp_traces(test::read_fixture("otlp/checkout-api-v3.json"), json::JsonLimits{});
  REQUIRE(v1);
  REQUIRE(v3);
  std::vector<std::string> names[2];
  for (int k = 0; k < 2; ++k) {
    const auto& set = k == 0 ? *v1 : *v3;
    for (const auto i : checks::select_spans(sel, set.traces[0], set.trees[0])) {
      names[k].push_back(set.traces[0].spans[i].name);
    }
    std::sort(names[k].begin(), names[k].end());
  }
  CHECK(names[0] == names[1]);
  return names[0];
}

using Names = std::vector<std::string>;

} // namespace

TEST_CASE("checks::select_spans by name: exact, glob, regex")
{
  CHECK(picked("{name: db.query}") == Names{"db.query", "db.query"});
  CHECK(picked("{name: db.querry}").empty());
  CHECK(picked("{name: {exact: payment.charge}}") == Names{"payment.charge"});
  CHECK(picked("{name: {glob: 'db.*'}}") == Names{"db.query", "db.query"});
  CHECK(picked("{name: {glob: '*.request'}}") == Names{"checkout.request"});
  CHECK(picked("{name: {glob: 'db'}}").empty()); // a glob matches the whole name
  CHECK(picked("{name: {glob: 'db?query'}}") == Names{"db.query", "db.query"});
  CHECK(picked("{name: {glob: 'db?quer'}}").empty());
  CHECK(picked("{name: {regex: '(db|http)\\..*'}}") == Names{"db.query", "db.query", "http.client POST"});
  CHECK(picked("{name: {regex: 'query'}}").empty()); // whole-name match, as PromQL's =~
  CHECK(picked("{}").size() == 5);
}

TEST_CASE("checks::select_spans by attributes: exists, equals, matches, numeric compare")
{
  CHECK(picked("{attributes: {db.system: {exists: true}}}") == Names{"db.query", "db.query"});
  CHECK(picked("{attributes: {db.system: {exists: false}}}") ==
        Names{"checkout.request", "http.client POST", "payment.charge"});
  CHECK(picked("{attributes: {http.method: GET}}") == Names{"checkout.request"});
  CHECK(picked("{attributes: {http.method: POST}}").empty());
  CHECK(picked("{attributes: {http.method: {equals: GET}}}") == Names{"checkout.request"});
  CHECK(picked("{attributes: {http.route: {matches: '/api/.*'}}}") == Names{"checkout.request"});
  CHECK(picked("{attributes: {http.route: {matches: '/web/.*'}}}").empty());
  CHECK(picked("{attributes: {db.rows: {compare: '> 10'}}}") == Names{"db.query"});
  CHECK(picked("{attributes: {db.rows: {compare: '>= 7'}}}") == Names{"db.query", "db.query"});
  CHECK(picked("{attributes: {http.status_code: {compare: '>= 500'}}}") == Names{"http.client POST"});
  CHECK(picked("{attributes: {amount: {compare: '< 20'}}}") == Names{"payment.charge"});
  CHECK(picked("{attributes: {db.system: {compare: '> 0'}}}").empty()); // not a number: never holds
  CHECK(picked("{attributes: {db.system: postgresql, db.rows: {compare: '< 10'}}}") == Names{"db.query"});
}

TEST_CASE("checks::select_spans by kind, status, service and being a root")
{
  CHECK(picked("{kind: server}") == Names{"checkout.request", "payment.charge"});
  CHECK(picked("{kind: client}") == Names{"db.query", "db.query", "http.client POST"});
  CHECK(picked("{kind: consumer}").empty());
  CHECK(picked("{status: error}") == Names{"http.client POST"});
  CHECK(picked("{status: ok}") == Names{"payment.charge"});
  CHECK(picked("{status: unset}").size() == 3);
  CHECK(picked("{service: payments}") == Names{"payment.charge"});
  CHECK(picked("{service: inventory}").empty());
  CHECK(picked("{root: true}") == Names{"checkout.request"});
  CHECK(picked("{root: false}").size() == 4);
}

TEST_CASE("checks::select_spans by relation: child of, descendant of")
{
  CHECK(picked("{name: db.query, child_of: {name: checkout.request}}") == Names{"db.query", "db.query"});
  CHECK(picked("{name: payment.charge, child_of: {name: checkout.request}}").empty());
  CHECK(picked("{child_of: {kind: client}}") == Names{"payment.charge"});
  CHECK(picked("{name: payment.charge, descendant_of: {name: checkout.request}}") == Names{"payment.charge"});
  CHECK(picked("{name: checkout.request, descendant_of: {name: db.query}}").empty());
  CHECK(picked("{descendant_of: {root: true}}").size() == 4);
  CHECK(picked("{service: payments, descendant_of: {status: error, child_of: {root: true}}}") ==
        Names{"payment.charge"});
}

TEST_CASE("checks::select_mask: cycles and orphans are never descendants, deep chains do not recurse")
{
  const auto cyclic = trace::make_trace_set({test::synthetic::cyclic()});
  const auto any_root = selector("{descendant_of: {root: true}}");
  const auto mask = checks::select_mask(any_root, cyclic.traces[0], cyclic.trees[0]);
  for (const auto i : cyclic.trees[0].in_cycle) {
    CHECK(mask[i] == 0);
  }
  const auto orphaned = trace::make_trace_set({test::synthetic::orphaned()});
  for (const auto i : orphaned.trees[0].orphans) {
    CHECK(checks::select_mask(any_root, orphaned.traces[0], orphaned.trees[0])[i] == 0);
  }
  const auto chain = trace::make_trace_set({test::synthetic::chain(100'000)});
  CHECK(checks::select_spans(any_root, chain.traces[0], chain.trees[0]).size() == 99'999);
}

TEST_CASE("checks::SpanSelector::describe names every condition")
{
  CHECK(selector("{}").describe() == "any span");
  CHECK(selector("{name: {glob: 'db.*'}, kind: client, status: error, service: checkout, root: false}").describe() ==
        "name 'db.*' (glob), kind client, status error, service 'checkout', not a root");
  CHECK(
      selector("{attributes: {a: x, b: {exists: false}, c: {matches: 'x.*'}, d: {compare: '>= 5'}, e: {exists: true}}}")
          .describe() == "a=\"x\", no b, c ~ /x.*/, d ≥ 5, with e");
  CHECK(selector("{name: {regex: 'a|b'}, child_of: {name: x}, descendant_of: {root: true}}").describe() ==
        "name /a|b/, child of (name 'x'), descendant of (a root)");
}

TEST_CASE("checks::read_span_selector: every problem is positioned")
{
  CHECK(problems("{nmae: x}") ==
        std::vector<std::string>{"1:2: unknown key \"nmae\" in \"select\" (did you mean \"name\"?)"});
  CHECK(problems("{name: {regex: '('}}").at(0).starts_with("1:16: \"regex\" of \"name\" of \"select\": "));
  // a glob that is not UTF-8 cannot compile: a positioned problem, never a crash (fuzz_suite found it)
  CHECK(problems("{name: {glob: \"\xff\xff\xff#\"}}").at(0).starts_with("1:8: \"glob\" of \"select\": "));
  CHECK(problems("{name: {glob: a, regex: b}}") ==
        std::vector<std::string>{"1:8: \"name\" of \"select\" takes exactly one of exact, glob or regex"});
  CHECK(problems("{kind: sever}")
            .at(0)
            .starts_with("1:8: \"kind\" of \"select\" must be one of unspecified, internal, server"));
  CHECK(
      problems("{status: failed}").at(0).starts_with("1:10: \"status\" of \"select\" must be one of unset, ok, error"));
  CHECK(problems("{root: maybe}").at(0).starts_with("1:8: \"root\" of \"select\" must be true or false"));
  CHECK(problems("{attributes: [a, b]}") ==
        std::vector<std::string>{
            "1:14: \"attributes\" of \"select\" must be a mapping of attribute keys to tests, not a sequence"});
  CHECK(problems("{attributes: {a: {compare: '>> 5'}}}")
            .at(0)
            .starts_with("1:28: \"compare\": \">> 5\" is not a comparison"));
  CHECK(problems("{attributes: {a: {exists: false, equals: x}}}") ==
        std::vector<std::string>{"1:18: attribute \"a\": exists: false takes no other test"});
  CHECK(problems("{attributes: {a: {equal: x}}}")
            .at(0)
            .starts_with("1:19: unknown key \"equal\" in attribute \"a\" of \"select\""));
  CHECK(problems("{child_of: {name: {regex: '['}}}").at(0).find("\"name\" of \"child_of\" of \"select\"") !=
        std::string::npos);
  std::string deep = "x";
  for (int i = 0; i < 10; ++i) {
    deep = "{descendant_of: " + deep + "}";
  }
  const auto nested = problems(deep);
  REQUIRE(nested.size() == 1);
  CHECK(nested[0].find("selectors nest at most 8 deep") != std::string::npos);
}
