// report::Sink: reports go where the user pointed, through symlinks, FIFOs and descriptors,
// and atomically only into regular files.
#include <src/report/sink.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

TEST_SUITE_BEGIN("report");

using namespace ttaobs;
namespace fs = std::filesystem;

namespace {

// Everything readable from `fd` until EOF.
std::string drain(int fd)
{
  std::string out;
  char buffer[4096];
  for (ssize_t n = 0; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

} // namespace

TEST_CASE("report::Sink writes through a symlink to a regular file, atomically, and keeps the link")
{
  const auto dir = test::temp_dir("sink-symlink");
  fs::create_directories(dir + "/real");
  std::ofstream(dir + "/real/report.xml") << "old";
  ::chmod((dir + "/real/report.xml").c_str(), 0640);
  fs::create_symlink("real/report.xml", dir + "/link.xml");
  auto sink = report::Sink::open(dir + "/link.xml", "--junit");
  REQUIRE(sink);
  CHECK_FALSE((*sink)->is_stdout());
  CHECK(test::slurp(dir + "/real/report.xml") == "old"); // untouched until the report is complete
  REQUIRE((*sink)->write("new"));
  CHECK(fs::is_symlink(dir + "/link.xml"));
  CHECK(test::slurp(dir + "/real/report.xml") == "new");
  CHECK((fs::status(dir + "/real/report.xml").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK(std::distance(fs::directory_iterator(dir + "/real"), fs::directory_iterator()) == 1); // no temporary left

  // a dangling link creates its target
  fs::create_symlink("real/new.xml", dir + "/dangling.xml");
  auto fresh = report::Sink::open(dir + "/dangling.xml", "--json");
  REQUIRE(fresh);
  REQUIRE((*fresh)->write("fresh"));
  CHECK(fs::is_symlink(dir + "/dangling.xml"));
  CHECK(test::slurp(dir + "/real/new.xml") == "fresh");
}

TEST_CASE("report::Sink writes into a FIFO as is, never replacing it")
{
  const auto dir = test::temp_dir("sink-fifo");
  const auto fifo = dir + "/report.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  fs::create_symlink(fifo, dir + "/link");
  auto sink = report::Sink::open(dir + "/link", "--junit");
  REQUIRE(sink);
  std::string read;
  std::thread reader([&] {
    const int fd = ::open(fifo.c_str(), O_RDONLY);
    read = drain(fd);
    ::close(fd);
  });
  const auto written = (*sink)->write("through the fifo");
  sink->reset(); // closes the write end: the reader sees EOF
  reader.join();
  CHECK(written.has_value());
  CHECK(read == "through the fifo");
  CHECK(fs::is_fifo(fifo));
  CHECK(fs::is_symlink(dir + "/link"));
}

TEST_CASE("report::Sink writes into our own descriptor for /dev/fd/N and /proc/self/fd/N")
{
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  for (const auto& path : {fmt::format("/dev/fd/{}", pipe_fds[1]), fmt::format("/proc/self/fd/{}", pipe_fds[1])}) {
    CAPTURE(path);
    auto sink = report::Sink::open(path, "--json");
    REQUIRE(sink);
    REQUIRE((*sink)->write("{}\n"));
    CHECK(fs::is_fifo(fmt::format("/proc/self/fd/{}", pipe_fds[1])));
  }
  ::close(pipe_fds[1]);
  CHECK(drain(pipe_fds[0]) == "{}\n{}\n");
  ::close(pipe_fds[0]);

  CHECK(report::Sink::open("/dev/stdout", "--junit").value()->is_stdout());
  CHECK(report::Sink::open("/proc/self/fd/999", "--junit").error() ==
        "--junit /proc/self/fd/999: cannot write there (descriptor 999 is not open for writing)");
}

TEST_CASE("report::Sink: a directory behind a symlink, a symlink loop and a missing directory fail at open")
{
  const auto dir = test::temp_dir("sink-bad");
  fs::create_symlink(dir, dir + "/to-dir");
  CHECK(report::Sink::open(dir + "/to-dir", "--json").error() == "--json " + dir + "/to-dir: is a directory");
  fs::create_symlink(dir + "/loop-b", dir + "/loop-a");
  fs::create_symlink(dir + "/loop-a", dir + "/loop-b");
  CHECK(report::Sink::open(dir + "/loop-a", "--junit").error() ==
        "--junit " + dir + "/loop-a: cannot write there (Too many levels of symbolic links)");
  CHECK(report::Sink::open(dir + "/no/such/r.xml", "--junit").error() ==
        "--junit " + dir + "/no/such/r.xml: cannot write there (No such file or directory)");
}

TEST_CASE("report::Sink")
{
  const auto dir = test::temp_dir("sink");
  SUBCASE("writes atomically and leaves no temporary file")
  {
    auto sink = report::Sink::open(dir + "/out.xml", "--junit");
    REQUIRE(sink);
    CHECK(test::slurp(dir + "/out.xml").empty());
    CHECK((*sink)->write("content").has_value());
    CHECK(test::slurp(dir + "/out.xml") == "content");
  }
  SUBCASE("bad paths fail at open, naming flag and path")
  {
    CHECK(report::Sink::open(dir + "/missing/x.xml", "--junit").error() ==
          "--junit " + dir + "/missing/x.xml: cannot write there (No such file or directory)");
    CHECK(report::Sink::open(dir, "--json").error() == "--json " + dir + ": is a directory");
  }
  SUBCASE("an abandoned sink removes its temporary file")
  {
    {
      auto sink = report::Sink::open(dir + "/never.xml", "--junit");
      REQUIRE(sink);
    }
    CHECK(std::system(("test -z \"$(ls " + dir + ")\"").c_str()) == 0);
  }
}

TEST_SUITE_END();
