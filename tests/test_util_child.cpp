#include <src/util/child.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

TEST_SUITE_BEGIN("util");

using namespace ttaobs;

namespace {

int wait_for(util::ChildProcess& child)
{
  for (int i = 0; i < 500; ++i) {
    if (auto status = child.poll()) {
      return *status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("the child did not end");
  return -1;
}

} // namespace

TEST_CASE("ChildProcess runs a command with added variables and reports its exit")
{
  auto child = util::ChildProcess::spawn({"sh", "-c", "test \"$TTAOBS_CHILD_VAR\" = yes && exit 7"},
                                         {{"TTAOBS_CHILD_VAR", "yes"}});
  REQUIRE(child);
  const int status = wait_for(*child);
  CHECK(util::exit_code_of(status) == 7);
  CHECK(util::describe_exit(status) == "exited 7");
}

TEST_CASE("ChildProcess: stop asks with SIGTERM, then kills")
{
  auto child = util::ChildProcess::spawn({"sh", "-c", "trap '' TERM; sleep 5"}, {});
  REQUIRE(child);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const int status = child->stop(std::chrono::milliseconds(200));
  CHECK(util::describe_exit(status) == "was killed by signal 9 (exit code 137)");
}

TEST_CASE("ChildProcess: a command that does not exist is an error naming it")
{
  auto child = util::ChildProcess::spawn({"ttaobs-no-such-command"}, {});
  REQUIRE(!child);
  CHECK(child.error() == "cannot start 'ttaobs-no-such-command': No such file or directory");
}
