#include <checks/registry.hpp>
#include <src/cli/sources_settings.hpp>
#include <src/config/config.hpp>
#include <src/core/runner.hpp>
#include <src/http/replay_client.hpp>
#include <src/report/html.hpp>
#include <src/util/strings.hpp>

#include "support/fixtures.hpp"

#include "support/run.hpp"
#include "support/synthetic.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

TEST_SUITE_BEGIN("report");

using namespace ttaobs;
using core::Status;

namespace {

const std::string k_hostile = "</script><script>alert(1)</script><!-- \xff\xfe \xe2\x80\xae";

// One summary with every status, hostile server text, and `traces` judged by trace/span-count.
core::RunSummary html_summary(std::vector<trace::Trace> traces = {})
{
  core::RunSummary s;
  s.version = "0.1.0";
  s.suite = "foundation";
  s.service = "svc <b>";
  s.endpoints = {{"jaeger", "http://user:***@localhost:16686/"}, {"prometheus", "http://localhost:9090/"}};
  s.started_at = "2026-11-25T12:00:00Z";
  s.hostname = "ci";
  s.duration = std::chrono::milliseconds(1234);
  s.checks = {
      {"trace/span-count",
       "trace",
       "≥ 5 spans",
       Status::pass,
       "15 spans",
       {},
       "http://localhost:16686/api/traces",
       std::chrono::milliseconds(12)},
      {"trace/root-span",
       "trace",
       "root",
       Status::fail,
       "no span " + k_hostile,
       {"detail <img src=x onerror=alert(1)>"},
       "http://localhost:16686/api/traces?x=\"><script>",
       std::chrono::milliseconds(3)},
      {"metrics/requests-total",
       "metrics",
       "series",
       Status::error,
       std::string("HTTP 500: bad\x01\x1b[31m\xff"),
       {},
       "http://x/",
       {}},
      {"health/collector", "health", "collector", Status::warn, "no answer", {}, "http://localhost:13133/", {}},
      {"health/jaeger", "health", "jaeger", Status::skip, "skipped by --skip", {}, "", {}},
  };
  core::summarise(s);
  if (!traces.empty()) {
    s.traces.push_back({"http://localhost:16686/api/traces",
                        {"trace/span-count", "trace/root-span"},
                        trace::make_trace_set(std::move(traces))});
  }
  return s;
}

// The trace data block of `html`, parsed.
nlohmann::json trace_data(const std::string& html)
{
  const std::string open = "<script type=\"application/json\" id=\"ttaobs-traces\">";
  const auto begin = html.find(open);
  REQUIRE(begin != std::string::npos);
  const auto end = html.find("</script>", begin);
  REQUIRE(end != std::string::npos);
  return nlohmann::json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

// Every src/href/action attribute value of every tag outside <script> bodies.
std::vector<std::string> link_attributes(const std::string& html)
{
  std::vector<std::string> out;
  for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    const auto close = html.find('>', at);
    REQUIRE(close != std::string::npos);
    const auto tag = html.substr(at, close - at);
    for (const std::string name : {" src=", " href=", " action=", " srcset=", " poster="}) {
      for (auto p = tag.find(name); p != std::string::npos; p = tag.find(name, p + 1)) {
        const auto quote = tag[p + name.size()];
        const auto value_end = tag.find(quote, p + name.size() + 1);
        out.push_back(tag.substr(p + name.size() + 1, value_end - p - name.size() - 1));
      }
    }
    if (tag.rfind("<script", 0) == 0) { // script bodies hold JS and JSON, not markup
      at = html.find("</script>", close);
      REQUIRE(at != std::string::npos);
    }
  }
  return out;
}

bool valid_utf8(const std::string& s)
{
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const auto len = util::utf8_sequence(s, i, cp);
    if (len == 0) {
      return false;
    }
    i += len;
  }
  return true;
}

std::size_t occurrences(const std::string& text, const std::string& what)
{
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

trace::Trace hostile_trace()
{
  auto t = test::synthetic::orphaned();
  t.spans[0].name = k_hostile;
  t.spans[2].name = "leaf & <i>";
  t.spans[1].links = {"11aa", "</script>"};
  t.spans[2].error = true;
  return t;
}

} // namespace

TEST_CASE("report::render_html: summary and every check with message, details and evidence")
{
  const auto html = report::render_html(html_summary());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  for (const auto& check : html_summary().checks) {
    CHECK(html.find("id=\"check-" + check.id + "\" data-status=\"" + std::string(core::to_string(check.status)) +
                    "\"") != std::string::npos);
  }
  CHECK(html.find("<tr class=\"check fail problem\" id=\"check-trace/root-span\"") != std::string::npos);
  CHECK(html.find("<tr class=\"check pass\" id=\"check-trace/span-count\"") != std::string::npos);
  CHECK(html.find("exit code <b>1</b>: the telemetry is wrong") != std::string::npos);
  CHECK(html.find("<span class=\"badge fail\" data-count=\"1\">1 failed</span>") != std::string::npos);
  CHECK(html.find("<dd>http://user:***@localhost:16686/</dd>") != std::string::npos);
  CHECK(html.find("<li>detail &lt;img src=x onerror=alert(1)&gt;</li>") != std::string::npos);
  CHECK(html.find("evidence: <code>http://localhost:16686/api/traces?x=&quot;&gt;&lt;script&gt;</code>") !=
        std::string::npos);
  CHECK(html.find("No trace was judged in this run.") != std::string::npos);
  CHECK(trace_data(html).empty());
}

TEST_CASE("report::render_html: hostile text cannot break out, and the page stays valid UTF-8")
{
  const auto html = report::render_html(html_summary({hostile_trace()}));
  CHECK(valid_utf8(html));
  CHECK(html.find("alert(1)</script>") == std::string::npos);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<!-- ") == std::string::npos);
  CHECK(occurrences(html, "<script") == 2); // the JSON block and the report's own script
  CHECK(occurrences(html, "</script>") == 2);
  CHECK(html.find('\x01') == std::string::npos);
  CHECK(html.find('\x1b') == std::string::npos);
  CHECK(html.find("\xe2\x80\xae") == std::string::npos); // no right-to-left override
  CHECK(html.find("<title>ttaobs: svc &lt;b&gt; (") != std::string::npos);
  const auto data = trace_data(html);
  REQUIRE(data.size() == 1);
  const auto& rows = data[0]["rows"];
  REQUIRE(rows.size() == 3);
  CHECK(rows[0][1] == util::printable(k_hostile)); // the name arrives intact, only made printable
  CHECK(rows[0][1].get<std::string>().find("</script>") != std::string::npos);
  CHECK(rows[1][7] == nlohmann::json::array({"11aa", "</script>"})); // links, shown on hover
  CHECK(rows[2][5] == nlohmann::json::array({"status ERROR"}));      // a span with status ERROR is a problem
  CHECK(rows[0][5].empty());
}

TEST_CASE("report::render_html: no external asset, no network reference")
{
  const auto html = report::render_html(html_summary({hostile_trace(), test::synthetic::cyclic()}));
  const auto links = link_attributes(html);
  CHECK(links.size() == 4); // the badges linking to their checks, two per trace
  for (const auto& link : links) {
    INFO(link);
    CHECK(link.rfind("#check-", 0) == 0);
  }
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<iframe") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("fetch(") == std::string::npos);
  CHECK(html.find("XMLHttpRequest") == std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  // only the report's own script runs, by its hash (check_html.py checks the hash is the script's)
  CHECK(html.find("script-src 'sha256-" + std::string(report::html_script_sha256()) + "'") != std::string::npos);
  CHECK(html.find("<script>" + std::string(report::html_script()) + "</script>") != std::string::npos);
  CHECK(html.find("script-src 'unsafe-inline'") == std::string::npos);
}

TEST_CASE("report::render_html: each judged trace's rows in tree order with its problems marked")
{
  const auto html = report::render_html(
      html_summary({test::synthetic::orphaned(), test::synthetic::cyclic(), test::synthetic::skewed(3000, 5000)}));
  CHECK(occurrences(html, "<article class=\"trace failing\"") == 3); // judged by a failing check
  CHECK(html.find("judged by <a class=\"badge pass\" href=\"#check-trace/span-count\">") != std::string::npos);
  const auto data = trace_data(html);
  REQUIRE(data.size() == 3);
  const auto all_marks = [&](std::size_t t) {
    std::string marks;
    for (const auto& row : data[t]["rows"]) {
      for (const auto& mark : row[5]) {
        marks += mark.get<std::string>() + "\n";
      }
    }
    return marks;
  };
  std::map<std::string, std::size_t> by_id;
  for (std::size_t t = 0; t < data.size(); ++t) {
    by_id[data[t]["trace_id"]] = t;
  }
  CHECK(all_marks(by_id.at("0f")).find("orphan: parent zz not in trace") != std::string::npos);
  CHECK(all_marks(by_id.at("0f")).find("one of") == std::string::npos); // an orphan is not a second root
  const auto cyclic = all_marks(by_id.at(test::synthetic::cyclic().trace_id));
  CHECK(occurrences(cyclic, "in a reference cycle") == 3);
  const auto skewed = all_marks(by_id.at(test::synthetic::skewed(3000, 5000).trace_id));
  CHECK(skewed.find("starts 3ms before its parent") != std::string::npos);
  CHECK(skewed.find("ends 5ms after its parent") != std::string::npos);
  // rows: [level, name, offset, duration, self, problems, id]; children follow their parent
  const auto& orphan_rows = data[by_id.at("0f")]["rows"];
  CHECK(orphan_rows[0][0] == 0);
  CHECK(orphan_rows[1][1] == "lost");
  CHECK(orphan_rows[1][0] == 0);
  CHECK(orphan_rows[2][1] == "leaf");
  CHECK(orphan_rows[2][0] == 1);
  CHECK(orphan_rows[2][2] == 20);
  CHECK(orphan_rows[2][7].empty());
}

TEST_CASE("report::render_html: a 10,000-span trace draws every span; a 10⁵-deep chain is cut, not recursed")
{
  const auto wide = report::render_html(html_summary({test::synthetic::wide(10000)}));
  CHECK(trace_data(wide)[0]["rows"].size() == 10000);
  CHECK(wide.find("more spans not drawn") == std::string::npos);
  report::HtmlOptions options;
  options.max_spans = 1000;
  const auto chain = report::render_html(html_summary({test::synthetic::chain(100000)}), options);
  CHECK(trace_data(chain)[0]["rows"].size() == 1000);
  CHECK(trace_data(chain)[0]["spans"] == 100000);
  CHECK(chain.find("… 99000 more spans not drawn (the first 1000 are)") != std::string::npos);
  options.max_total_spans = 1500; // over all traces: the first drawn whole, the second in part, the third not
  const auto many = report::render_html(
      html_summary({test::synthetic::wide(1000), test::synthetic::chain(1000), test::synthetic::cyclic()}), options);
  std::vector<std::size_t> drawn;
  for (const auto& trace : trace_data(many)) {
    drawn.push_back(trace["rows"].size());
  }
  CHECK(drawn == std::vector<std::size_t>{1000, 500, 0});
  CHECK(many.find("… 500 more spans not drawn (the first 500 are)") != std::string::npos);
}

TEST_CASE("core::Runner keeps the judged traces for the HTML report only when --html asks, none when the read failed")
{
  const auto run = [](const std::string& scenario, std::map<std::string, std::string> flags) {
    flags["jaeger-api"] = "v1";
    const auto config = config::resolve({"flags", std::move(flags), {}}, {"env", {}, {}}, {"file", {}, {}}).value();
    auto client = http::ReplayClient::open(test::fixture_path("replay/" + scenario)).value();
    util::FakeClock clock;
    core::Runner runner(*client, clock, config, cli::sources_settings(config));
    return runner.run(*checks::find_suite("foundation"));
  };
  CHECK(run("healthy", {}).traces.empty()); // no copy of the traces without --html
  const auto kept = run("healthy", {{"html", "r.html"}, {"skip", "trace/step-spans"}});
  REQUIRE(kept.traces.size() == 1);
  CHECK(kept.traces[0].check_ids ==
        std::vector<std::string>{"trace/span-count", "trace/root-span", "trace/sequential-span"});
  CHECK(kept.traces[0].evidence_url.find("/api/traces?") != std::string::npos);
  REQUIRE(kept.traces[0].set.traces.size() == 1); // the one judged, not the ones passed over
  CHECK(kept.traces[0].set.trees.size() == 1);
  const auto html = report::render_html(kept);
  CHECK(trace_data(html)[0]["rows"].size() == kept.traces[0].set.traces[0].spans.size());
  CHECK(run("jaeger-timeout", {{"html", "r.html"}}).traces.empty());
}

TEST_CASE("validate --html writes the report with the judged trace; TTAOBS_HTML and the config key too; a bad path is "
          "exit 2 first")
{
  const auto dir = std::filesystem::temp_directory_path() / ("ttaobs-html-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto out = (dir / "r.html").string();
  const std::string base = "validate --from-file fixtures/jaeger/jaeger__otlp2jaeger-out.json --settle 0 "
                           "--only trace/span-count,trace/root-span --jaeger-url http://127.0.0.1:1 ";
  const auto flag = test::run_ttaobs(base + "--html " + out);
  CHECK(flag.exit_code != 2);
  const auto html = test::slurp(out);
  REQUIRE(!html.empty());
  CHECK(html.find("id=\"check-trace/span-count\"") != std::string::npos);
  CHECK(html.find("<article class=\"trace") != std::string::npos);
  REQUIRE(trace_data(html).size() == 1);
  CHECK(!trace_data(html)[0]["rows"].empty());
  std::filesystem::remove(out);
  const auto env = test::run_ttaobs(base, "TTAOBS_HTML=" + out + " ");
  CHECK(env.exit_code == flag.exit_code);
  CHECK(test::slurp(out).find("<article class=\"trace") != std::string::npos);
  std::filesystem::remove(out);
  std::ofstream((dir / "t.conf").string()) << "html = " << out << "\n";
  const auto file = test::run_ttaobs(base + "--config " + (dir / "t.conf").string());
  CHECK(file.exit_code == flag.exit_code);
  CHECK(test::slurp(out).find("<article class=\"trace") != std::string::npos);
  const auto shown = test::run_ttaobs("config show --config " + (dir / "t.conf").string());
  CHECK(shown.out.find(out) != std::string::npos);
  const auto bad = test::run_ttaobs(base + "--html " + (dir / "no/such/dir/r.html").string());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--html") != std::string::npos);
  const auto both = test::run_ttaobs(base + "--html - --json -");
  CHECK(both.exit_code == 2);
  // one file for two reports would lose one of them: refused before any request
  std::filesystem::create_symlink(out, dir / "link.xml");
  const auto same = test::run_ttaobs(base + "--html " + out + " --junit " + (dir / "link.xml").string());
  CHECK(same.exit_code == 2);
  CHECK(same.err.find("--html '" + out + "' and --junit '") != std::string::npos);
  CHECK(same.err.find("name the same file") != std::string::npos);
  std::filesystem::remove_all(dir);
}
