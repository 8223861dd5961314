#include "synthetic.hpp"

#include <fmt/format.h>

namespace ttaobs::test::synthetic {

namespace {

trace::Span span(std::string id, std::string parent, std::string name, std::int64_t start, std::int64_t duration)
{
  return trace::Span{std::move(id), std::move(parent), std::move(name), start, duration, {}};
}

std::string id(std::size_t i)
{
  return fmt::format("{:016x}", i + 1);
}

} // namespace

trace::Trace chain(std::size_t n)
{
  trace::Trace t{"c0ffee", {}};
  t.spans.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto start = static_cast<std::int64_t>(i);
    t.spans.push_back(span(id(i), i == 0 ? "" : id(i - 1), fmt::format("level_{}", i), start,
                           static_cast<std::int64_t>(2 * n) - 2 * start));
  }
  return t;
}

trace::Trace wide(std::size_t n)
{
  trace::Trace t{"w1de", {}};
  t.spans.reserve(n);
  t.spans.push_back(span(id(0), "", "root", 0, static_cast<std::int64_t>(n) + 10));
  for (std::size_t i = 1; i < n; ++i) {
    t.spans.push_back(span(id(i), id(0), "child", static_cast<std::int64_t>(n - i), 1));
  }
  return t;
}

trace::Trace orphaned()
{
  return trace::Trace{"0f",
                      {span("a", "", "root", 0, 100), span("b", "zz", "lost", 10, 50), span("c", "b", "leaf", 20, 10)}};
}

trace::Trace skewed(std::int64_t early_us, std::int64_t late_us)
{
  return trace::Trace{"5e",
                      {span("p", "", "parent", 1000, 1000), span("e", "p", "early", 1000 - early_us, 100),
                       span("l", "p", "late", 1900, 100 + late_us)}};
}

trace::Trace cyclic()
{
  return trace::Trace{
      "cc",
      {span("r", "", "root", 0, 10), span("x", "z", "x", 1, 1), span("y", "x", "y", 2, 1), span("z", "y", "z", 3, 1)}};
}

} // namespace ttaobs::test::synthetic
