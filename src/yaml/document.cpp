#include "document.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <sstream>

namespace ttaobs::yaml {

const Node* Node::find(std::string_view key) const
{
  for (const auto& entry : entries) {
    if (entry.key == key) {
      return &entry.value;
    }
  }
  return nullptr;
}

std::string_view Node::kind_name() const
{
  switch (kind) {
  case Kind::null:
    return "null";
  case Kind::scalar:
    return "scalar";
  case Kind::sequence:
    return "sequence";
  case Kind::map:
    return "mapping";
  }
  return "node";
}

std::string Error::describe(std::string_view origin) const
{
  if (mark.line == 0) {
    return fmt::format("{}: {}", origin, message);
  }
  return fmt::format("{}:{}:{}: {}", origin, mark.line, mark.column, message);
}

namespace {

Mark to_mark(const YAML::Mark& mark)
{
  return {mark.line + 1, mark.column + 1};
}

/// Thrown inside the event handler; `parse` turns it into an Error value.
struct Refused
{
  Error error;
};

std::size_t count_nodes(const Node& node)
{
  std::size_t count = 1;
  for (const auto& item : node.items) {
    count += count_nodes(item);
  }
  for (const auto& entry : node.entries) {
    count += count_nodes(entry.value);
  }
  return count;
}

/// Builds the tree from yaml-cpp's events, enforcing the limits as it goes.
class Builder final : public YAML::EventHandler
{
public:
  explicit Builder(const Limits& limits) : m_limits(limits) {}

  Node take() { return std::move(m_root); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    Node node;
    node.mark = to_mark(mark);
    add(std::move(node), anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    const auto found = m_anchors.find(anchor);
    if (found == m_anchors.end()) {
      throw Refused{{to_mark(mark), "alias to an anchor that is not complete yet (a recursive alias?)"}};
    }
    count(to_mark(mark), found->second.second);
    Node copy = found->second.first;
    copy.mark = to_mark(mark);
    place(std::move(copy));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override
  {
    Node node;
    node.kind = Node::Kind::scalar;
    node.mark = to_mark(mark);
    node.value = value;
    node.quoted = tag == "!";
    add(std::move(node), anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override
  {
    open(Node::Kind::sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
  {
    open(Node::Kind::map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

private:
  struct Open
  {
    Node node;
    YAML::anchor_t anchor = 0;
    bool have_key = false; ///< mappings: a key was read, its value is next
    Node::Entry pending;   ///< mappings: the entry whose value is next
  };

  void count(const Mark& mark, std::size_t nodes)
  {
    m_nodes += nodes;
    if (m_nodes > m_limits.max_nodes) {
      throw Refused{{mark, fmt::format("more than {} nodes once aliases are expanded (a \"billion laughs\" "
                                       "document?)",
                                       m_limits.max_nodes)}};
    }
  }

  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor)
  {
    if (m_stack.size() >= m_limits.max_depth) {
      throw Refused{{to_mark(mark), fmt::format("nested deeper than {} levels", m_limits.max_depth)}};
    }
    count(to_mark(mark), 1);
    Open level;
    level.node.kind = kind;
    level.node.mark = to_mark(mark);
    level.anchor = anchor;
    m_stack.push_back(std::move(level));
  }

  void close()
  {
    Open level = std::move(m_stack.back());
    m_stack.pop_back();
    remember(level.anchor, level.node);
    place(std::move(level.node));
  }

  void add(Node node, YAML::anchor_t anchor)
  {
    count(node.mark, 1);
    remember(anchor, node);
    place(std::move(node));
  }

  void remember(YAML::anchor_t anchor, const Node& node)
  {
    if (anchor != 0) {
      m_anchors[anchor] = {node, count_nodes(node)};
    }
  }

  // Puts a finished node where it belongs: the root, a sequence item, a mapping key or value.
  void place(Node node)
  {
    if (m_stack.empty()) {
      m_root = std::move(node);
      return;
    }
    auto& top = m_stack.back();
    if (top.node.kind == Node::Kind::sequence) {
      top.node.items.push_back(std::move(node));
      return;
    }
    if (!top.have_key) {
      take_key(top, std::move(node));
      return;
    }
    top.pending.value = std::move(node);
    top.node.entries.push_back(std::move(top.pending));
    top.pending = {};
    top.have_key = false;
  }

  static void take_key(Open& top, Node key)
  {
    if (key.kind != Node::Kind::scalar) {
      throw Refused{{key.mark, fmt::format("a mapping key must be a plain string, not a {}", key.kind_name())}};
    }
    if (top.node.find(key.value) != nullptr) {
      throw Refused{{key.mark, fmt::format("duplicate key \"{}\"", key.value)}};
    }
    top.pending.key = std::move(key.value);
    top.pending.key_mark = key.mark;
    top.have_key = true;
  }

  const Limits& m_limits;
  std::vector<Open> m_stack;
  std::map<YAML::anchor_t, std::pair<Node, std::size_t>> m_anchors;
  std::size_t m_nodes = 0;
  Node m_root;
};

} // namespace

Expected<Node, Error> parse(std::string_view text, const Limits& limits)
{
  if (text.size() > limits.max_bytes) {
    return unexpected(
        Error{{}, fmt::format("{} bytes; a suite file is at most {} bytes", text.size(), limits.max_bytes)});
  }
  if (text.find('\0') != std::string_view::npos) {
    return unexpected(Error{{}, "a NUL byte: not a YAML text file"});
  }
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    Builder builder(limits);
    if (!parser.HandleNextDocument(builder)) {
      return Node{}; // an empty file is an empty document
    }
    Node root = builder.take();
    Builder rest(limits);
    if (parser.HandleNextDocument(rest)) {
      return unexpected(Error{rest.take().mark, "a second YAML document (\"---\"); a suite file holds one"});
    }
    return root;
  } catch (const Refused& refused) {
    return unexpected(refused.error);
  } catch (const YAML::Exception& e) {
    return unexpected(Error{to_mark(e.mark), e.msg});
  }
}

} // namespace ttaobs::yaml
