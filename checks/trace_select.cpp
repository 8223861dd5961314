#include "trace_select.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ttaobs::checks {

namespace {

constexpr std::size_t k_max_nesting = 8; // child_of / descendant_of inside one another

bool attribute_holds(const AttributeTest& test, const trace::Trace& trace, const trace::Span& span)
{
  const auto value = trace.attribute(span, test.key);
  if (!test.exists || !value) {
    return !test.exists && !value;
  }
  if (test.equals && *value != *test.equals) {
    return false;
  }
  if (test.matches && !test.matches->full_match(*value)) {
    return false;
  }
  if (test.compare) {
    const auto text = util::trim(*value);
    double number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !test.compare->holds(number)) {
      return false;
    }
  }
  return true;
}

// Per span: whether some ancestor is marked (top-down from the spans without a parent in the
// trace, so cycles are never entered and deep chains never recurse).
std::vector<char> below_marked(const std::vector<char>& marked, const trace::SpanTree& tree)
{
  std::vector<char> below(marked.size(), 0);
  std::vector<std::size_t> stack;
  for (std::size_t i = 0; i < marked.size(); ++i) {
    if (tree.parent[i] == trace::SpanTree::k_none) {
      stack.push_back(i);
    }
  }
  while (!stack.empty()) {
    const auto at = stack.back();
    stack.pop_back();
    for (const auto child : tree.children(at)) {
      below[child] = below[at] != 0 || marked[at] != 0 ? 1 : 0;
      stack.push_back(child);
    }
  }
  return below;
}

std::string describe_attribute(const AttributeTest& test)
{
  if (!test.exists) {
    return fmt::format("no {}", test.key);
  }
  std::vector<std::string> parts;
  if (test.equals) {
    parts.push_back(fmt::format("{}=\"{}\"", test.key, *test.equals));
  }
  if (test.matches) {
    parts.push_back(fmt::format("{} ~ /{}/", test.key, test.matches->text()));
  }
  if (test.compare) {
    parts.push_back(fmt::format("{} {}", test.key, test.compare->text));
  }
  return parts.empty() ? fmt::format("with {}", test.key) : util::join(parts, ", ");
}

} // namespace

std::string glob_to_regex(std::string_view glob)
{
  std::string out;
  for (const char c : glob) {
    if (c == '*') {
      out += ".*";
    } else if (c == '?') {
      out += '.';
    } else {
      if (static_cast<unsigned char>(c) < 0x80 && std::ispunct(static_cast<unsigned char>(c)) != 0) {
        out += '\\';
      }
      out += c;
    }
  }
  return out;
}

bool matches_own(const SpanSelector& selector, const trace::Trace& trace, std::size_t index)
{
  const auto& span = trace.spans[index];
  if ((selector.name && span.name != *selector.name) ||
      (selector.name_regex && !selector.name_regex->full_match(span.name))) {
    return false;
  }
  if ((selector.kind && span.kind() != *selector.kind) || (selector.status && span.status() != *selector.status) ||
      (selector.root && span.parent_id.empty() != *selector.root)) {
    return false;
  }
  if (selector.service && trace.service_of(span) != *selector.service) {
    return false;
  }
  return std::all_of(selector.attributes.begin(), selector.attributes.end(),
                     [&](const AttributeTest& test) { return attribute_holds(test, trace, span); });
}

std::vector<char> select_mask(const SpanSelector& selector, const trace::Trace& trace, const trace::SpanTree& tree)
{
  const auto n = trace.spans.size();
  std::vector<char> mask(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    mask[i] = matches_own(selector, trace, i) ? 1 : 0;
  }
  if (selector.child_of) {
    const auto parents = select_mask(*selector.child_of, trace, tree);
    for (std::size_t i = 0; i < n; ++i) {
      const auto p = tree.parent[i];
      mask[i] = mask[i] != 0 && p != trace::SpanTree::k_none && parents[p] != 0 ? 1 : 0;
    }
  }
  if (selector.descendant_of) {
    const auto below = below_marked(select_mask(*selector.descendant_of, trace, tree), tree);
    for (std::size_t i = 0; i < n; ++i) {
      mask[i] = mask[i] != 0 && below[i] != 0 ? 1 : 0;
    }
  }
  return mask;
}

std::vector<std::size_t> select_spans(const SpanSelector& selector, const trace::Trace& trace,
                                      const trace::SpanTree& tree)
{
  const auto mask = select_mask(selector, trace, tree);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < mask.size(); ++i) {
    if (mask[i] != 0) {
      out.push_back(i);
    }
  }
  return out;
}

std::string SpanSelector::describe() const
{
  std::vector<std::string> parts;
  if (!name_text.empty()) {
    parts.push_back(fmt::format("name {}", name_text));
  }
  for (const auto& test : attributes) {
    parts.push_back(describe_attribute(test));
  }
  if (kind) {
    parts.push_back(fmt::format("kind {}", trace::to_string(*kind)));
  }
  if (status) {
    parts.push_back(fmt::format("status {}", trace::to_string(*status)));
  }
  if (service) {
    parts.push_back(fmt::format("service '{}'", *service));
  }
  if (root) {
    parts.push_back(*root ? "a root" : "not a root");
  }
  if (child_of) {
    parts.push_back(fmt::format("child of ({})", child_of->describe()));
  }
  if (descendant_of) {
    parts.push_back(fmt::format("descendant of ({})", descendant_of->describe()));
  }
  return parts.empty() ? std::string("any span") : util::join(parts, ", ");
}

} // namespace ttaobs::checks

namespace ttaobs::checks {

namespace {

struct Reading
{
  const yaml::EnvLookup& env;
  std::vector<yaml::Error>& errors;
};

std::optional<SpanSelector> read_selector(const yaml::Node& node, const std::string& what, const Reading& r,
                                          std::size_t nesting);

// `name: x` (exact) or `name: {exact|glob|regex: …}`.
void read_name(yaml::MapReader& map, const std::string& what, const Reading& r, SpanSelector& out)
{
  const auto* node = map.node("name");
  if (node == nullptr) {
    return;
  }
  if (node->kind == yaml::Node::Kind::scalar) {
    out.name = yaml::scalar_text(*node, r.env, r.errors);
    out.name_text = out.name ? fmt::format("'{}'", *out.name) : "";
    return;
  }
  const auto before = r.errors.size();
  yaml::MapReader name(*node, fmt::format("\"name\" of {}", what), r.env, r.errors);
  const auto exact = name.string("exact");
  const auto glob = name.string("glob");
  auto regex = name.regex("regex");
  name.finish();
  if ((exact ? 1 : 0) + (glob ? 1 : 0) + (regex ? 1 : 0) != 1) {
    if (r.errors.size() == before) {
      map.error(node->mark, fmt::format("\"name\" of {} takes exactly one of exact, glob or regex", what));
    }
    return;
  }
  if (exact) {
    out.name = exact;
    out.name_text = fmt::format("'{}'", *exact);
  } else if (glob) {
    auto compiled = util::Regex::compile(glob_to_regex(*glob));
    if (!compiled) { // e.g. bytes that are not UTF-8
      map.error(node->mark, fmt::format("\"glob\" of {}: {}", what, compiled.error()));
      return;
    }
    out.name_regex = std::move(*compiled);
    out.name_text = fmt::format("'{}' (glob)", *glob);
  } else {
    out.name_text = fmt::format("/{}/", regex->text());
    out.name_regex = std::move(regex);
  }
}

// One `attributes` entry: a scalar (equals) or {exists, equals, matches, compare}.
std::optional<AttributeTest> read_attribute(const yaml::Node::Entry& entry, const std::string& what, const Reading& r)
{
  AttributeTest test;
  test.key = entry.key;
  if (entry.value.kind == yaml::Node::Kind::scalar) {
    test.equals = yaml::scalar_text(entry.value, r.env, r.errors);
    return test.equals ? std::optional<AttributeTest>(std::move(test)) : std::nullopt;
  }
  const auto before = r.errors.size();
  yaml::MapReader map(entry.value, fmt::format("attribute \"{}\" of {}", util::one_line(entry.key, 40), what), r.env,
                      r.errors);
  test.exists = map.boolean("exists").value_or(true);
  test.equals = map.string("equals");
  test.matches = map.regex("matches");
  if (const auto text = map.string("compare")) {
    auto parsed = parse_comparison(*text);
    if (parsed) {
      test.compare = std::move(*parsed);
    } else {
      map.error(map.node("compare")->mark, fmt::format("\"compare\": {}", parsed.error()));
    }
  }
  map.finish();
  if (!test.exists && (test.equals || test.matches || test.compare)) {
    map.error(entry.value.mark, fmt::format("attribute \"{}\": exists: false takes no other test", entry.key));
  }
  return r.errors.size() == before ? std::optional<AttributeTest>(std::move(test)) : std::nullopt;
}

void read_attributes(yaml::MapReader& map, const std::string& what, const Reading& r, SpanSelector& out)
{
  const auto* node = map.node("attributes");
  if (node == nullptr) {
    return;
  }
  if (node->kind != yaml::Node::Kind::map) {
    map.error(node->mark, fmt::format("\"attributes\" of {} must be a mapping of attribute keys to tests, not a {}",
                                      what, node->kind_name()));
    return;
  }
  for (const auto& entry : node->entries) {
    if (auto test = read_attribute(entry, what, r)) {
      out.attributes.push_back(std::move(*test));
    }
  }
}

template <typename Enum>
std::optional<Enum> read_enum(yaml::MapReader& map, std::string_view key, const std::vector<std::string_view>& names)
{
  const auto text = map.choice(key, names);
  if (!text) {
    return std::nullopt;
  }
  return static_cast<Enum>(std::find(names.begin(), names.end(), *text) - names.begin());
}

void read_relation(yaml::MapReader& map, std::string_view key, const std::string& what, const Reading& r,
                   std::size_t nesting, std::shared_ptr<const SpanSelector>& out)
{
  const auto* node = map.node(key);
  if (node == nullptr) {
    return;
  }
  if (nesting >= k_max_nesting) {
    map.error(node->mark, fmt::format("\"{}\" of {}: selectors nest at most {} deep", key, what, k_max_nesting));
    return;
  }
  if (auto inner = read_selector(*node, fmt::format("\"{}\" of {}", key, what), r, nesting + 1)) {
    out = std::make_shared<const SpanSelector>(std::move(*inner));
  }
}

std::optional<SpanSelector> read_selector(const yaml::Node& node, const std::string& what, const Reading& r,
                                          std::size_t nesting)
{
  const auto before = r.errors.size();
  SpanSelector out;
  yaml::MapReader map(node, what, r.env, r.errors);
  read_name(map, what, r, out);
  read_attributes(map, what, r, out);
  out.kind =
      read_enum<trace::SpanKind>(map, "kind", {"unspecified", "internal", "server", "client", "producer", "consumer"});
  out.status = read_enum<trace::SpanStatus>(map, "status", {"unset", "ok", "error"});
  out.service = map.string("service");
  out.root = map.boolean("root");
  read_relation(map, "child_of", what, r, nesting, out.child_of);
  read_relation(map, "descendant_of", what, r, nesting, out.descendant_of);
  map.finish();
  return r.errors.size() == before ? std::optional<SpanSelector>(std::move(out)) : std::nullopt;
}

} // namespace

std::optional<SpanSelector> read_span_selector(const yaml::Node& node, const std::string& what,
                                               const yaml::EnvLookup& env, std::vector<yaml::Error>& errors)
{
  return read_selector(node, what, Reading{env, errors}, 0);
}

} // namespace ttaobs::checks
