// Lint: promtool 2.42 parity (recorded expectations, and promtool itself when installed) and the
// extended rules.
#include <src/metrics/lint.hpp>
#include <src/util/strings.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/skip.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

using namespace ttaobs::metrics;

namespace {

LintReport lint(std::string_view text, Format format = Format::prometheus_text, LintOptions options = {})
{
  Linter linter(format, options);
  ExpositionParser parser(format, linter);
  if (parser.feed(text)) {
    parser.finish();
  }
  return linter.finish(parser, "test");
}

// promtool's verdict in our terms: the "metric: problem" lines and the exit code.
struct Verdict
{
  std::vector<std::string> lines;
  int exit_code = 0;
  bool operator==(const Verdict&) const = default;
};

Verdict ours(std::string_view text)
{
  const auto report = lint(text);
  Verdict v;
  v.exit_code = report.parse_error ? 1 : report.problems.empty() ? 0 : 3;
  if (!report.parse_error) {
    for (const auto& p : report.problems) {
      for (std::size_t i = 0; i < p.count; ++i) {
        v.lines.push_back(p.metric + ": " + p.text);
      }
    }
  }
  return v;
}

// promtool prints "metric problem" lines or one "error while linting: …", then we append "exit N".
Verdict from_promtool(const std::string& output)
{
  Verdict v;
  std::istringstream in(output);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) {
    lines.push_back(line);
  }
  REQUIRE(!lines.empty());
  REQUIRE(ttaobs::util::starts_with(lines.back(), "exit "));
  v.exit_code = std::stoi(lines.back().substr(5));
  lines.pop_back();
  if (v.exit_code == 3) {
    for (const auto& l : lines) {
      const auto space = l.find(' ');
      v.lines.push_back(l.substr(0, space) + ": " + l.substr(space + 1));
    }
  }
  return v;
}

std::vector<std::pair<std::string, std::string>> manifest()
{
  std::vector<std::pair<std::string, std::string>> rows;
  std::istringstream in(ttaobs::test::read_fixture("exposition/promtool-2.42/MANIFEST.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') {
      rows.emplace_back(line.substr(0, line.find('\t')), line.substr(line.find('\t') + 1));
    }
  }
  return rows;
}

Verdict run_promtool(const std::string& path)
{
  const auto out = ttaobs::test::temp_dir("promtool") + "/out";
  std::system(fmt::format("promtool check metrics < '{}' > /dev/null 2> '{}'; echo \"exit $?\" >> '{}'", path, out, out)
                  .c_str());
  return from_promtool(ttaobs::test::slurp(out));
}

std::vector<std::string> texts(const LintReport& report)
{
  std::vector<std::string> out;
  for (const auto& p : report.problems) {
    for (std::size_t i = 0; i < p.count; ++i) {
      out.push_back(p.metric + ": " + p.text);
    }
  }
  return out;
}

} // namespace

namespace doctest {
template <> struct StringMaker<Verdict>
{
  static String convert(const Verdict& v)
  {
    return fmt::format("exit {} [{}]", v.exit_code, fmt::join(v.lines, " | ")).c_str();
  }
};
} // namespace doctest

TEST_SUITE_BEGIN("metrics");

TEST_CASE("promtool parity: the same problems, order and exit code on every recorded fixture")
{
  const auto rows = manifest();
  REQUIRE(rows.size() >= 80);
  std::size_t parse_errors = 0;
  for (const auto& row : rows) { // no structured binding: clang 14 cannot capture one (CAPTURE)
    const std::string& input = row.first;
    const std::string& expected = row.second;
    CAPTURE(input);
    const auto want = from_promtool(ttaobs::test::read_fixture("exposition/promtool-2.42/" + expected));
    CHECK(ours(ttaobs::test::read_fixture("exposition/" + input)) == want);
    parse_errors += want.exit_code == 1 ? 1 : 0;
  }
  CHECK(parse_errors >= 30); // the recorded set exercises the error paths, not just clean input
}

TEST_CASE("promtool differential: promtool itself on every fixture and on mutated variants")
{
  if (!ttaobs::test::have_tool("promtool")) {
    TTAOBS_SKIP("promtool is not installed: the live differential test has nothing to compare with");
    return;
  }
  for (const auto& row : manifest()) {
    const std::string& input = row.first;
    CAPTURE(input);
    const auto path = ttaobs::test::fixture_path("exposition/" + input);
    CHECK(ours(ttaobs::test::slurp(path)) == run_promtool(path));
  }
  // Deterministic mutations of real expositions: a byte deleted, duplicated or replaced by one of
  // the format's delimiters, or two lines swapped; promtool decides, ttaobs must agree.
  std::mt19937 rng(20261125);
  const std::vector<std::string> seeds = {
      ttaobs::test::read_fixture("exposition/expfmt/prometheus-common/fuzz-corpus/valid/from_test_parse_3"),
      ttaobs::test::read_fixture("exposition/edge-cases/merged-labels.txt"),
      ttaobs::test::read_fixture("exposition/edge-cases/types-in-names.txt"),
      ttaobs::test::read_fixture("exposition/samples/otel-js-9464.txt").substr(0, 3000),
  };
  const std::string delimiters = "{}\",= \t\\#\n_:e.+-";
  const auto dir = ttaobs::test::temp_dir("promtool-mutations");
  for (int i = 0; i < 300; ++i) {
    std::string text = seeds[static_cast<std::size_t>(i) % seeds.size()];
    const std::size_t at = rng() % text.size();
    switch (rng() % 4) {
    case 0:
      text.erase(at, 1);
      break;
    case 1:
      text.insert(at, 1, text[at]);
      break;
    case 2:
      text[at] = delimiters[rng() % delimiters.size()];
      break;
    default: {
      const auto a = text.rfind('\n', at);
      const auto b = text.find('\n', at);
      if (a != std::string::npos && b != std::string::npos) {
        const auto line = text.substr(a + 1, b - a);
        text.erase(a + 1, b - a);
        text.insert(0, line);
      }
    }
    }
    const auto path = fmt::format("{}/m{}.txt", dir, i);
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    CAPTURE(path);
    CHECK(ours(text) == run_promtool(path));
  }
}

TEST_CASE("promtool differential: a NUL byte at every position of a small exposition")
{
  // promtool 2.42 takes NUL in label values, HELP text and comments, and refuses it elsewhere
  if (!ttaobs::test::have_tool("promtool")) {
    TTAOBS_SKIP("promtool is not installed: the NUL differential has nothing to compare with");
    return;
  }
  const std::string seed = "# HELP a_total Some \\help.\n# TYPE a_total counter\na_total{x=\"v\",y=\"\\\\w\"} 1 17\n"
                           "# a comment\nb{le=\"1\"} 2.5\n";
  const auto dir = ttaobs::test::temp_dir("promtool-nul");
  for (std::size_t at = 0; at <= seed.size(); ++at) {
    std::string text = seed;
    text.insert(at, 1, '\0');
    const auto path = fmt::format("{}/n{}.txt", dir, at);
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    CAPTURE(at);
    CHECK(ours(text) == run_promtool(path));
  }
}

TEST_CASE("promlint rules: names, units, suffixes, types, labels")
{
  const auto report = lint(ttaobs::test::read_fixture("exposition/edge-cases/merged-labels.txt"));
  // expfmt merges a histogram's or summary's lines by label set, so camelCase labels count once
  // per merged metric, but once per line for gauges.
  CHECK(texts(report) == std::vector<std::string>{
                             "g: label names should be written in 'snake_case' not 'camelCase'",
                             "g: label names should be written in 'snake_case' not 'camelCase'",
                             "g: label names should be written in 'snake_case' not 'camelCase'",
                             "g: label names should be written in 'snake_case' not 'camelCase'",
                             "g: non-histogram metrics should not have \"le\" label",
                             "g: non-summary metrics should not have \"quantile\" label",
                             "lat: label names should be written in 'snake_case' not 'camelCase'",
                             "lat: label names should be written in 'snake_case' not 'camelCase'",
                             "lat_other: no help text",
                             "q: label names should be written in 'snake_case' not 'camelCase'",
                             "q: label names should be written in 'snake_case' not 'camelCase'",
                             "q: non-histogram metrics should not have \"le\" label",
                         });
  CHECK(report.families == 4);
  CHECK(non_base_unit("http_request_duration_microseconds") ==
        std::make_pair(std::string("seconds"), std::string("microseconds")));
  CHECK_FALSE(non_base_unit("node_memory_bytes").has_value());
  CHECK(camel_case("node_memory_MemFree_bytes"));
  CHECK_FALSE(camel_case("ALL_CAPS_total"));
}

TEST_CASE("lint of OpenMetrics: counters keep their family name, and a clean file is clean")
{
  const auto report = lint("# TYPE rpc counter\n# HELP rpc Calls.\nrpc_total{codeName=\"ok\"} 1\n"
                           "rpc_created{codeName=\"ok\"} 1\n# EOF\n",
                           Format::openmetrics);
  REQUIRE_FALSE(report.parse_error.has_value());
  // no "counter metrics should have _total": OpenMetrics names the family without it; and the
  // _total and _created lines are one metric, so the camelCase label is reported once
  CHECK(texts(report) ==
        std::vector<std::string>{"rpc: label names should be written in 'snake_case' not 'camelCase'"});
}

TEST_CASE("extended: histogram consistency, duplicates, counter values, UNIT and cardinality")
{
  const LintOptions extended{true, 3};
  const auto report =
      lint("# HELP h x\n# TYPE h histogram\n"
           "h_bucket{a=\"1\",le=\"1\"} 5\nh_bucket{a=\"1\",le=\"0.5\"} 3\nh_bucket{a=\"1\",le=\"+Inf\"} 9\n"
           "h_count{a=\"1\"} 10\n"
           "h_bucket{a=\"2\",le=\"1\"} 1\n"
           "# HELP c_total x\n# TYPE c_total counter\n"
           "c_total{x=\"1\",y=\"2\"} -1\nc_total{y=\"2\",x=\"1\"} NaN\nc_total{x=\"1\",y=\"2\"} 3 1000\n",
           Format::prometheus_text, extended);
  REQUIRE_FALSE(report.parse_error.has_value());
  CHECK(texts(report) ==
        std::vector<std::string>{
            "c_total: c_total{x=\"1\",y=\"2\"} is negative (-1) at line 10 (counters only go up from 0)",
            "c_total: c_total{y=\"2\",x=\"1\"} is NaN at line 11 (counters only go up from 0)",
            "c_total: duplicate series c_total{y=\"2\",x=\"1\"} (line 11 repeats an earlier sample)",
            "h: histogram {a=\"1\"}: bucket counts decrease (le=\"0.5\" has 3 < 5) at line 4",
            "h: histogram {a=\"1\"}: buckets out of order (le=\"0.5\" after le=\"1\") at line 4",
            "h: histogram {a=\"1\"}: le=\"+Inf\" bucket (9) differs from _count (10)",
            "h: histogram {a=\"1\"}: no _sum sample",
            "h: histogram {a=\"2\"}: no _count sample",
            "h: histogram {a=\"2\"}: no _sum sample",
            "h: histogram {a=\"2\"}: no le=\"+Inf\" bucket",
        });
  REQUIRE(report.cardinality.size() == 2);
  CHECK(report.cardinality[0].family == "h");
  CHECK(report.cardinality[0].series == 5);
  CHECK(report.cardinality[1].series == 3);
  CHECK(report.series_total == 8);

  // without --extended only promtool's rules run: this input is clean for promtool
  CHECK(lint("# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 5\n").problems.empty());

  const auto om = lint("# TYPE job_seconds gauge\n# HELP job_seconds x\njob_seconds 1\n"
                       "# TYPE up_bytes gauge\n# HELP up_bytes x\n# UNIT up_bytes bytes\nup_bytes 1\n# EOF\n",
                       Format::openmetrics, extended);
  CHECK(texts(om) ==
        std::vector<std::string>{
            "job_seconds: name ends in \"_seconds\" but no \"# UNIT job_seconds seconds\" line declares it"});
}

TEST_CASE("extended: '# UNIT' comments in 0.0.4 text must match the name, as OpenMetrics demands")
{
  const auto text = "# HELP d_seconds x\n# UNIT d_seconds s\n# TYPE d_seconds gauge\nd_seconds 1\n"
                    "# HELP e_bytes x\n# TYPE e_bytes gauge\n# UNIT e_bytes bytes\ne_bytes 1\n"
                    "# UNIT ghost_seconds s\n";
  CHECK(lint(text).problems.empty()); // promtool: comments
  CHECK(texts(lint(text, Format::prometheus_text, {true, 10})) ==
        std::vector<std::string>{"d_seconds: # UNIT says \"s\" but the name does not end in \"_s\" (for this name: "
                                 "\"# UNIT d_seconds seconds\")"});
}

TEST_CASE("extended: a flood of one finding is capped per family and counted")
{
  std::string text = "# HELP c_total x\n# TYPE c_total counter\n";
  for (int i = 0; i < 25; ++i) {
    text += fmt::format("c_total{{i=\"{}\"}} -1\n", i);
  }
  const auto report = lint(text, Format::prometheus_text, {true, 10});
  REQUIRE(report.problems.size() == 11);
  CHECK(report.problems.front().text == "(15 more counter-value findings not shown)");
}

TEST_CASE("extended: series are remembered per family run and at most max_series_per_family of them")
{
  LintOptions capped{true, 10};
  capped.max_series_per_family = 3;
  const auto text =
      "# HELP a x\n# TYPE a gauge\na{i=\"1\"} 1\na{i=\"2\"} 1\na{i=\"1\"} 1\n" // a duplicate within the cap
      "a{i=\"3\"} 1\na{i=\"4\"} 1\na{i=\"4\"} 1\n"                             // beyond it: not seen
      "# HELP b x\n# TYPE b gauge\nb 1\nb{j=\"1\"} 2\n";
  const auto report = lint(text, Format::prometheus_text, capped);
  CHECK(texts(report) == std::vector<std::string>{"a: duplicate series a{i=\"1\"} (line 5 repeats an earlier sample)"});
  CHECK(report.notes == std::vector<std::string>{"a: more than 3 series; duplicate-series and histogram checks stopped "
                                                 "there (raise --max-series-per-family to check them all)"});
  CHECK(report.series_total == 8);
  CHECK(lint(text, Format::prometheus_text, {true, 10}).problems.size() == 2); // the default cap sees both

  // a histogram's label sets count against the cap too; the groups it did see are still judged
  capped.max_series_per_family = 1;
  const auto histograms = lint("# HELP h x\n# TYPE h histogram\nh_bucket{a=\"1\",le=\"+Inf\"} 1\nh_count{a=\"1\"} 1\n"
                               "h_bucket{a=\"2\",le=\"+Inf\"} 1\n",
                               Format::prometheus_text, capped);
  CHECK(texts(histograms) == std::vector<std::string>{"h: histogram {a=\"1\"}: no _sum sample"});
  CHECK(histograms.notes.size() == 1);
}

TEST_CASE("lint-metrics --extended --max-series-per-family says when it stopped checking")
{
  const auto dir = ttaobs::test::temp_dir("lint-cap");
  {
    std::ofstream out(dir + "/m.txt");
    out << "# HELP a x\n# TYPE a gauge\n";
    for (int i = 0; i < 5; ++i) {
      out << "a{i=\"" << i << "\"} 1\n";
    }
  }
  const auto r = ttaobs::test::run_ttaobs("lint-metrics --extended --max-series-per-family 2 " + dir + "/m.txt");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("note: a: more than 2 series; duplicate-series and histogram checks stopped there") !=
        std::string::npos);
  const auto json =
      ttaobs::test::run_ttaobs("lint-metrics --extended --max-series-per-family 2 --format json " + dir + "/m.txt");
  CHECK(json.out.find("\"notes\": [\n    \"a: more than 2 series;") != std::string::npos);
}

TEST_CASE("a parse error leaves no lint problems, as promtool reports only the error")
{
  const auto report = lint("a 1\nb{ 2\n");
  REQUIRE(report.parse_error.has_value());
  CHECK(report.problems.empty());
  CHECK(report.parse_error->line == 2);
}

TEST_SUITE_END();
