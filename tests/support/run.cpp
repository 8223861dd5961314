#include "run.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace ttaobs::test {

std::string slurp(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

RunResult run_ttaobs(const std::string& args, const std::string& env)
{
  static int counter = 0;
  const auto base = fmt::format("{}/test-tmp/run-{}-{}", TTAOBS_BINARY_DIR, ::getpid(), ++counter);
  std::system(fmt::format("mkdir -p {}/test-tmp", TTAOBS_BINARY_DIR).c_str());
  const auto command = fmt::format(
      "cd {} && env -u TTAOBS_JAEGER_URL -u TTAOBS_PROMETHEUS_URL -u TTAOBS_METRICS_URL -u TTAOBS_COLLECTOR_URL "
      "-u TTAOBS_SERVICE -u TTAOBS_TIMEOUT -u TTAOBS_CONFIG -u TTAOBS_STRICT -u TTAOBS_WAIT -u TTAOBS_VERBOSE "
      "-u GITHUB_ACTIONS -u GITHUB_STEP_SUMMARY {} </dev/null {} {} "
      ">{}.out 2>{}.err",
      TTAOBS_SOURCE_DIR, env, TTAOBS_EXE, args, base, base);
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(base + ".out");
  result.err = slurp(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return result;
}

} // namespace ttaobs::test
