#include "span_tree.hpp"

#include <src/trace/model.hpp>

#include <algorithm>
#include <numeric>
#include <string_view>

namespace ttaobs::trace {

std::span<const std::size_t> SpanTree::children(std::size_t i) const
{
  return {child_list.data() + child_offsets[i], child_list.data() + child_offsets[i + 1]};
}

namespace {

// Span id → first span index, open addressing with linear probing: one allocation for the whole
// trace instead of a node per span (a million spans made node allocation the largest cost).
class SpanIndex
{
public:
  explicit SpanIndex(const Trace& trace) : m_trace(trace)
  {
    std::size_t capacity = 16;
    while (capacity < trace.spans.size() * 2) {
      capacity *= 2;
    }
    m_slots.assign(capacity, k_empty);
  }
  /// Inserts span `i`; false when an earlier span has the same id.
  bool insert(std::size_t i)
  {
    const auto id = m_trace.spans[i].span_id.view();
    for (auto slot = hash(id) & (m_slots.size() - 1);; slot = (slot + 1) & (m_slots.size() - 1)) {
      if (m_slots[slot] == k_empty) {
        m_slots[slot] = static_cast<std::uint32_t>(i);
        return true;
      }
      if (m_trace.spans[m_slots[slot]].span_id.view() == id) {
        return false;
      }
    }
  }
  /// The first span with id `id`, or SpanTree::k_none.
  std::size_t find(std::string_view id) const
  {
    for (auto slot = hash(id) & (m_slots.size() - 1);; slot = (slot + 1) & (m_slots.size() - 1)) {
      if (m_slots[slot] == k_empty) {
        return SpanTree::k_none;
      }
      if (m_trace.spans[m_slots[slot]].span_id.view() == id) {
        return m_slots[slot];
      }
    }
  }

private:
  static constexpr std::uint32_t k_empty = 0xFFFFFFFFu;
  static std::size_t hash(std::string_view id)
  {
    std::uint64_t h = 1469598103934665603ull; // FNV-1a, then a final mix for the low bits
    for (const char c : id) {
      h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
  const Trace& m_trace;
  std::vector<std::uint32_t> m_slots;
};

// Resolves parent ids to indices; records orphans and duplicate ids.
void link_parents(const Trace& trace, SpanTree& tree)
{
  const auto n = trace.spans.size();
  SpanIndex index(trace);
  for (std::size_t i = 0; i < n; ++i) {
    if (!index.insert(i)) {
      tree.duplicates.push_back(i);
    }
  }
  tree.parent.assign(n, SpanTree::k_none);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& parent_id = trace.spans[i].parent_id;
    if (parent_id.empty()) {
      tree.roots.push_back(i);
      continue;
    }
    const auto parent = index.find(parent_id);
    if (parent == SpanTree::k_none) {
      tree.orphans.push_back(i);
    } else {
      tree.parent[i] = parent; // a span that names itself is a cycle of one, found by assign_depths
    }
  }
}

// Children lists in CSR form, each ordered by (start time, source position).
void collect_children(const Trace& trace, SpanTree& tree)
{
  const auto n = trace.spans.size();
  tree.child_offsets.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (tree.parent[i] != SpanTree::k_none) {
      ++tree.child_offsets[tree.parent[i] + 1];
    }
  }
  std::partial_sum(tree.child_offsets.begin(), tree.child_offsets.end(), tree.child_offsets.begin());
  tree.child_list.assign(tree.child_offsets[n], 0);
  std::vector<std::size_t> fill(tree.child_offsets.begin(), tree.child_offsets.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    if (tree.parent[i] != SpanTree::k_none) {
      tree.child_list[fill[tree.parent[i]]++] = i;
    }
  }
  const auto by_start = [&](std::size_t a, std::size_t b) {
    return std::pair(trace.spans[a].start_us, a) < std::pair(trace.spans[b].start_us, b);
  };
  for (std::size_t i = 0; i < n; ++i) {
    std::sort(tree.child_list.begin() + static_cast<std::ptrdiff_t>(tree.child_offsets[i]),
              tree.child_list.begin() + static_cast<std::ptrdiff_t>(tree.child_offsets[i + 1]), by_start);
  }
  std::sort(tree.roots.begin(), tree.roots.end(), by_start);
}

// Breadth-first from every fragment top; whatever is never reached hangs off a cycle.
void assign_depths(SpanTree& tree)
{
  const auto n = tree.parent.size();
  tree.depth.assign(n, SpanTree::k_none);
  std::vector<std::size_t> queue;
  queue.reserve(n);
  for (const auto top : {&tree.roots, &tree.orphans}) {
    for (const auto i : *top) {
      tree.depth[i] = 1;
      queue.push_back(i);
    }
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const auto i = queue[head];
    if (tree.depth[i] > tree.max_depth) {
      tree.max_depth = tree.depth[i];
      tree.deepest = i;
    }
    for (const auto child : tree.children(i)) {
      tree.depth[child] = tree.depth[i] + 1;
      queue.push_back(child);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (tree.depth[i] == SpanTree::k_none) {
      tree.in_cycle.push_back(i);
    }
  }
}

// Self time: the parent's interval minus the union of its children's intervals (clipped to it).
void assign_self_times(const Trace& trace, SpanTree& tree)
{
  const auto n = trace.spans.size();
  tree.self_time_us.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& span = trace.spans[i];
    const auto begin = span.start_us;
    const auto end = span.start_us + span.duration_us;
    std::int64_t covered = 0;
    std::int64_t run_begin = 0;
    std::int64_t run_end = 0;
    bool open = false;
    for (const auto c : tree.children(i)) { // sorted by start: one sweep merges overlaps
      if (c == i) {
        continue; // its own parent: not time spent in a child
      }
      const auto cb = std::max(begin, trace.spans[c].start_us);
      const auto ce = std::min(end, trace.spans[c].start_us + trace.spans[c].duration_us);
      if (ce <= cb) {
        continue;
      }
      if (open && cb <= run_end) {
        run_end = std::max(run_end, ce);
        continue;
      }
      covered += open ? run_end - run_begin : 0;
      run_begin = cb;
      run_end = ce;
      open = true;
    }
    covered += open ? run_end - run_begin : 0;
    tree.self_time_us[i] = std::max<std::int64_t>(0, span.duration_us - covered);
  }
}

} // namespace

namespace {

std::int64_t trace_start(const Trace& trace)
{
  std::int64_t start = 0;
  for (const auto& span : trace.spans) {
    start = start == 0 ? span.start_us : std::min(start, span.start_us);
  }
  return start;
}

} // namespace

std::string_view to_string(SpanKind kind)
{
  static constexpr std::string_view k_names[] = {"unspecified", "internal", "server", "client", "producer", "consumer"};
  return k_names[static_cast<std::size_t>(kind) % std::size(k_names)];
}

std::string_view to_string(SpanStatus status)
{
  static constexpr std::string_view k_names[] = {"unset", "ok", "error"};
  return k_names[static_cast<std::size_t>(status) % std::size(k_names)];
}

TraceSet make_trace_set(std::vector<Trace> traces)
{
  for (auto& trace : traces) {
    trace.attributes.seal();
  }
  // Sources do not promise an order; the checks look at the most recent trace first.
  std::stable_sort(traces.begin(), traces.end(),
                   [](const Trace& a, const Trace& b) { return trace_start(a) > trace_start(b); });
  TraceSet set{std::move(traces), {}};
  set.trees.reserve(set.traces.size());
  for (const auto& trace : set.traces) {
    set.trees.push_back(build_span_tree(trace));
  }
  return set;
}

SpanTree build_span_tree(const Trace& trace)
{
  SpanTree tree;
  link_parents(trace, tree);
  collect_children(trace, tree);
  assign_depths(tree);
  assign_self_times(trace, tree);
  return tree;
}

std::vector<std::string> path_to(const Trace& trace, const SpanTree& tree, std::size_t span)
{
  std::vector<std::string> names;
  for (std::size_t at = span, steps = 0; at != SpanTree::k_none && steps <= trace.spans.size();
       at = tree.parent[at], ++steps) {
    names.push_back(trace.spans[at].name);
  }
  std::reverse(names.begin(), names.end());
  return names;
}

} // namespace ttaobs::trace
