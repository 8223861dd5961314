#include "support/fixtures.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>

#include <fstream>

using ttaobs::test::run_ttaobs;
using ttaobs::test::slurp;

TEST_CASE("cli suite init: a starter suite from the healthy replay, on stdout or atomically in --out")
{
  const auto r = run_ttaobs("suite init --replay fixtures/replay/healthy --traces 1");
  CAPTURE(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("suite: \"observability-demo\"\n") != std::string::npos);
  CHECK(r.out.find("kind: trace.single_root\n    name: \"demo.workflow_execution\"") != std::string::npos);
  CHECK(r.out.find("tta_requests_total") != std::string::npos);
  CHECK(r.out.find("seen in 1 of 1 trace") != std::string::npos);

  const auto dir = ttaobs::test::temp_dir("suite-init");
  const auto again = run_ttaobs("suite init --replay fixtures/replay/healthy --traces 1 --out " + dir + "/s.yaml");
  CHECK(again.exit_code == 0);
  CHECK(again.out.empty());
  CHECK(slurp(dir + "/s.yaml") == r.out); // the same data gives the same file
}

TEST_CASE("cli suite init: the written suite passes suite check, and validate --suite on the same replay")
{
  const auto dir = ttaobs::test::temp_dir("suite-init-validate");
  REQUIRE(run_ttaobs("suite init --replay fixtures/replay/healthy --traces 1 --out " + dir + "/s.yaml").exit_code == 0);
  const auto checked = run_ttaobs("suite check " + dir + "/s.yaml");
  CAPTURE(checked.err);
  CHECK(checked.exit_code == 0);
  const auto r = run_ttaobs("validate --suite " + dir + "/s.yaml --replay fixtures/replay/healthy");
  CAPTURE(r.out);
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(" 0 failed, 0 warnings, 0 errors") != std::string::npos);
}

TEST_CASE("cli suite init: --traces 0 learns from the exposition only")
{
  const auto r = run_ttaobs("suite init --replay fixtures/replay/healthy --traces 0");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("trace.") == std::string::npos);
  CHECK(r.out.find("tta_requests_total") != std::string::npos);
}

TEST_CASE("cli suite init: a request the recording lacks is a usage error, an unwritable --out fails first")
{
  const auto missing = run_ttaobs("suite init --replay fixtures/replay/healthy --traces 5");
  CHECK(missing.exit_code == 2);
  const auto bad = run_ttaobs("suite init --replay fixtures/replay/healthy --traces 1 --out /no/such/dir/s.yaml");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--out") != std::string::npos);
}
