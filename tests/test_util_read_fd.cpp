// util::read_fd: reading a descriptor to its end, with a deadline for what can stall.
#include <src/util/read_fd.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

TEST_SUITE_BEGIN("util");

using namespace ttaobs;
using std::chrono::milliseconds;

TEST_CASE("util::read_fd: a pipe whose writer never writes is an error after the timeout, not a hang")
{
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const auto silent = util::read_all_fd(fds[0], "-", milliseconds(50), 1024);
  REQUIRE_FALSE(silent);
  CHECK(silent.error() == "stdin: no data within 0.05s");

  REQUIRE(::write(fds[1], "abc", 3) == 3);
  const auto partial = util::read_all_fd(fds[0], "in.fifo", milliseconds(50), 1024);
  REQUIRE_FALSE(partial);
  CHECK(partial.error() == "in.fifo: not finished within 0.05s (3 bytes read; raise --timeout if it is slow)");

  REQUIRE(::write(fds[1], "def", 3) == 3);
  ::close(fds[1]);
  const auto done = util::read_all_fd(fds[0], "-", milliseconds(5000), 1024);
  REQUIRE(done);
  CHECK(*done == "def");
  ::close(fds[0]);
}

TEST_CASE("util::open_for_reading does not block on a FIFO without a writer; read_fd then times out")
{
  const auto fifo = test::temp_dir("read-fd-fifo") + "/in";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto fd = util::open_for_reading(fifo);
  REQUIRE(fd);
  const auto read = util::read_fd(*fd, fifo, milliseconds(50), [](std::string_view) { return true; });
  REQUIRE_FALSE(read);
  CHECK(read.error() == fifo + ": no data within 0.05s");
  ::close(*fd);
  CHECK(util::open_for_reading("/no/such/file").error() == "cannot open /no/such/file: No such file or directory");
}

TEST_CASE("util::read_fd: regular files are read whole, in pieces, and a piece can stop the read")
{
  const auto path = test::temp_dir("read-fd-file") + "/f";
  std::ofstream(path) << std::string(10'000, 'x');
  const auto fd = util::open_for_reading(path);
  REQUIRE(fd);
  CHECK_FALSE(util::can_stall(*fd));
  std::size_t pieces = 0;
  const auto read = util::read_fd(
      *fd, path, milliseconds(1), [&](std::string_view p) { return ++pieces, p.size() == 4096; }, 4096);
  REQUIRE(read);
  CHECK(*read == 10'000);
  CHECK(pieces == 3);
  ::lseek(*fd, 0, SEEK_SET);
  CHECK(util::read_all_fd(*fd, path, milliseconds(1), 100).error() == path + ": more than 100 bytes");
  ::close(*fd);
  const auto dir = util::open_for_reading(test::temp_dir("read-fd-dir"));
  REQUIRE(dir);
  CHECK(util::read_all_fd(*dir, "d", milliseconds(1), 100).error() == "cannot read d: Is a directory");
  ::close(*dir);
}

TEST_SUITE_END();
