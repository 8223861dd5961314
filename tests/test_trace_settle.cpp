#include <src/trace/settle.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t k_now_us = 1'700'000'000'000'000; // the wall clock of these tests
const auto k_wall = std::chrono::system_clock::time_point(std::chrono::microseconds(k_now_us));

// A checkout trace: root (when `with_root`) and `children` spans under it; its last span ends
// `ended_ago_us` before k_now_us.
trace::Trace checkout(const std::string& id, int children, bool with_root, std::int64_t ended_ago_us)
{
  trace::Trace trace{id, {}};
  const std::int64_t end = k_now_us - ended_ago_us;
  if (with_root) {
    trace.spans.push_back({"r", {}, "checkout.request", end - 1000, 1000, {}});
  }
  for (int i = 0; i < children; ++i) {
    trace.spans.push_back({trace::SpanId("c" + std::to_string(i)), "r", "db.query", end - 900, 500, {}});
  }
  return trace;
}

trace::TraceSet set_of(std::vector<trace::Trace> traces)
{
  return trace::make_trace_set(std::move(traces));
}

} // namespace

TEST_CASE("trace::SettleTracker: a root present and quiet for the grace window is settled at once")
{
  trace::SettleTracker tracker(2s);
  util::FakeClock clock(k_wall);
  const auto read = set_of({checkout("aaaa", 5, true, 3'000'000)});
  const auto settled = tracker.observe(read, clock.now(), clock.wall_now(), 1);
  REQUIRE(settled.traces.traces.size() == 1);
  CHECK(settled.traces.traces[0].trace_id == "aaaa");
  CHECK(settled.traces.trees.size() == 1);
  CHECK(settled.arriving == 0);
  CHECK(settled.notes.empty()); // nothing passed over: nothing to explain
  CHECK_FALSE(settled.still_arriving());
}

TEST_CASE("trace::SettleTracker: a fragment without its root is passed over, and judged once unchanged")
{
  trace::SettleTracker tracker(2s);
  util::FakeClock clock(k_wall);
  // the Python SDK's batch cut the newest trace in two: its children arrived, its root not yet
  const auto read = set_of({checkout("frag", 3, false, 100'000)});
  const auto first = tracker.observe(read, clock.now(), clock.wall_now(), 1);
  CHECK(first.traces.traces.empty());
  CHECK(first.still_arriving());
  CHECK(first.arriving == 1);
  REQUIRE(first.notes.size() == 1);
  CHECK(first.notes[0] == "passed over 1 trace still arriving: frag (3 spans, no root yet)");
  CHECK(first.arriving_message().find("still arriving") != std::string::npos);

  clock.advance(1s); // not yet the grace window
  CHECK(tracker.observe(read, clock.now(), clock.wall_now(), 1).still_arriving());
  clock.advance(1s); // unchanged for 2 s: whatever it lacks is not coming (e.g. a remote parent)
  const auto later = tracker.observe(read, clock.now(), clock.wall_now(), 1);
  REQUIRE(later.traces.traces.size() == 1);
  CHECK(later.notes.empty());
}

TEST_CASE("trace::SettleTracker: a trace seen to grow is not settled, whatever its timestamps")
{
  trace::SettleTracker tracker(2s);
  util::FakeClock clock(k_wall);
  CHECK(tracker.observe(set_of({checkout("t", 2, false, 10'000'000)}), clock.now(), clock.wall_now(), 1)
            .still_arriving());
  clock.advance(3s);
  const auto grown = tracker.observe(set_of({checkout("t", 3, true, 10'000'000)}), clock.now(), clock.wall_now(), 1);
  CHECK(grown.still_arriving());
  REQUIRE(grown.notes.size() == 1);
  CHECK(grown.notes[0] == "passed over 1 trace still arriving: t (4 spans, still growing)");
  clock.advance(2s);
  CHECK(tracker.observe(set_of({checkout("t", 3, true, 10'000'000)}), clock.now(), clock.wall_now(), 1)
            .traces.traces.size() == 1);
}

TEST_CASE("trace::SettleTracker: the newest settled traces are judged and the newer ones named")
{
  trace::SettleTracker tracker(2s);
  util::FakeClock clock(k_wall);
  const auto read = set_of({checkout("newest", 5, true, 400'000), checkout("fragment", 2, false, 900'000),
                            checkout("older", 5, true, 2'500'000), checkout("oldest", 5, true, 2'800'000)});
  const auto settled = tracker.observe(read, clock.now(), clock.wall_now(), 1);
  REQUIRE(settled.traces.traces.size() == 1);
  CHECK(settled.traces.traces[0].trace_id == "older");
  CHECK(settled.arriving == 2);
  REQUIRE(settled.notes.size() == 2);
  CHECK(settled.notes[0] == "judged trace older (6 spans, root present, quiet for 2.5s)");
  CHECK(settled.notes[1] == "passed over 2 traces still arriving: newest (6 spans, last span ended 0.4s ago, within "
                            "the 2.0s grace window); fragment (2 spans, no root yet)");
  const auto two = tracker.observe(read, clock.now(), clock.wall_now(), 2);
  CHECK(two.traces.traces.size() == 2);
  CHECK(two.notes[0].rfind("judged the 2 newest settled traces (newest older", 0) == 0);
}

TEST_CASE("trace::SettleTracker: a zero grace window judges traces as read")
{
  trace::SettleTracker tracker(0s);
  util::FakeClock clock(k_wall);
  const auto settled = tracker.observe(set_of({checkout("frag", 3, false, 0)}), clock.now(), clock.wall_now(), 1);
  CHECK(settled.traces.traces.size() == 1);
}

namespace {

// A Jaeger that answers read N (0-based) with scripted[N], recording the limits asked for.
struct Scripted
{
  std::vector<trace::TraceSet> answers;
  std::vector<int> limits;
  std::vector<std::optional<std::chrono::system_clock::time_point>> windows; // started_before of each read
  Expected<trace::TraceSet, std::string> operator()(int limit,
                                                    std::optional<std::chrono::system_clock::time_point> before)
  {
    limits.push_back(limit);
    windows.push_back(before);
    if (limits.size() > answers.size()) {
      return unexpected(std::string("GET http://j/api/traces: connection refused"));
    }
    return answers[limits.size() - 1];
  }
};

} // namespace

TEST_CASE("trace::read_settled")
{
  util::FakeClock clock(k_wall);
  trace::SettleTracker tracker(2s);
  SUBCASE("the newest trace is settled: one read")
  {
    Scripted jaeger{{set_of({checkout("a", 5, true, 5'000'000)})}, {}};
    const auto settled = trace::read_settled(std::ref(jaeger), tracker, clock, 1, 10);
    REQUIRE(settled);
    CHECK(settled->traces.traces[0].trace_id == "a");
    CHECK(jaeger.limits == std::vector<int>{1});
    CHECK(clock.now().time_since_epoch().count() == 0); // no waiting
  }
  SUBCASE("the newest is arriving: look further back, judge the newest settled one")
  {
    Scripted jaeger{{set_of({checkout("new", 3, false, 50'000)}),
                     set_of({checkout("new", 3, false, 50'000), checkout("old", 5, true, 3'000'000)})},
                    {}};
    const auto settled = trace::read_settled(std::ref(jaeger), tracker, clock, 1, 10);
    REQUIRE(settled);
    CHECK(settled->traces.traces[0].trace_id == "old");
    CHECK(jaeger.limits == std::vector<int>{1, 11});
    CHECK(settled->notes.size() == 2);
  }
  SUBCASE("looking back by time finds only settled traces: the notes still name the newer ones passed over")
  {
    Scripted jaeger{{set_of({checkout("new", 3, false, 50'000)}), set_of({checkout("old", 5, true, 3'000'000)})}, {}};
    const auto settled = trace::read_settled(std::ref(jaeger), tracker, clock, 1, 10);
    REQUIRE(settled);
    CHECK(settled->traces.traces[0].trace_id == "old");
    REQUIRE(settled->notes.size() == 2);
    CHECK(settled->notes[0] == "judged trace old (6 spans, root present, quiet for 3.0s)");
    CHECK(settled->notes[1] == "passed over 1 trace still arriving: new (3 spans, no root yet)");
  }
  SUBCASE("nothing settled yet: one more read after the grace window")
  {
    const auto fragment = set_of({checkout("x", 3, false, 10'000)});
    Scripted jaeger{{fragment, fragment, fragment}, {}};
    const auto settled = trace::read_settled(std::ref(jaeger), tracker, clock, 1, 10);
    REQUIRE(settled);
    CHECK(settled->traces.traces.size() == 1); // unchanged for the grace window
    CHECK(jaeger.limits == std::vector<int>{1, 11, 11});
    CHECK(clock.now().time_since_epoch() == std::chrono::steady_clock::duration(2s));
    // further back means the traces that started a grace window ago, and the re-read asks for the same
    CHECK_FALSE(jaeger.windows[0]);
    REQUIRE(jaeger.windows[1]);
    CHECK(*jaeger.windows[1] == k_wall - 2s);
    CHECK(jaeger.windows[2] == jaeger.windows[1]);
  }
  SUBCASE("still growing after the grace window: still arriving, never judged")
  {
    Scripted jaeger{{set_of({checkout("x", 2, false, 0)}), set_of({checkout("x", 3, false, 0)}),
                     set_of({checkout("x", 4, false, 0)})},
                    {}};
    const auto settled = trace::read_settled(std::ref(jaeger), tracker, clock, 1, 10);
    REQUIRE(settled);
    CHECK(settled->still_arriving());
    CHECK(settled->read == 1);
  }
  SUBCASE("no traces at all is an answer, not 'still arriving'")
  {
    Scripted jaeger{{trace::TraceSet{}}, {}};
    const auto settled = trace::read_settled(std::ref(jaeger), tracker, clock, 1, 10);
    REQUIRE(settled);
    CHECK_FALSE(settled->still_arriving());
    CHECK(settled->traces.traces.empty());
  }
  SUBCASE("a read that fails is the answer")
  {
    Scripted jaeger{{set_of({checkout("x", 2, false, 0)})}, {}};
    const auto settled = trace::read_settled(std::ref(jaeger), tracker, clock, 1, 10);
    REQUIRE_FALSE(settled);
    CHECK(settled.error() == "GET http://j/api/traces: connection refused");
  }
}

TEST_SUITE_END();
