#pragma once

// A test that needs an external tool (promtool, …) and finds it missing says so in a way ctest
// shows: the unit tests carry SKIP_REGULAR_EXPRESSION "TTAOBS-SKIPPED" (tests/CMakeLists.txt), so a
// case that prints the marker is reported "Skipped", never a silent pass.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <string>

namespace ttaobs::test {

/// True when `tool` is on PATH.
inline bool have_tool(const std::string& tool)
{
  return std::system(fmt::format("command -v '{}' >/dev/null 2>&1", tool).c_str()) == 0;
}

/// Marks the running test case skipped for ctest, with `why` in its output (call, then return).
#define TTAOBS_SKIP(why) MESSAGE("TTAOBS-SKIPPED: " << (why))

} // namespace ttaobs::test
