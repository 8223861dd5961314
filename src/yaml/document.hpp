#pragma once

#include <src/util/expected.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

/// A YAML document as a tree of positioned nodes, read with bounded size, depth and alias expansion.
namespace ttaobs::yaml {

/// A 1-based line and column in the source text.
struct Mark
{
  int line = 0;   ///< 1-based
  int column = 0; ///< 1-based
};

/// One YAML node: null, a scalar, a sequence or a mapping (keys in file order, unique).
struct Node
{
  enum class Kind { null, scalar, sequence, map };
  struct Entry;

  Kind kind = Kind::null;
  Mark mark;                  ///< where the node starts
  std::string value;          ///< the scalar's text
  bool quoted = false;        ///< a quoted scalar: always a string, never a number or boolean
  std::vector<Node> items;    ///< sequence items
  std::vector<Entry> entries; ///< mapping entries

  /// The value of mapping key `key`, or nullptr (also for non-mappings).
  const Node* find(std::string_view key) const;
  /// "null", "scalar", "sequence" or "mapping", for messages.
  std::string_view kind_name() const;
};

/// One mapping entry: the key (a scalar), where it is written, and its value.
struct Node::Entry
{
  std::string key;
  Mark key_mark;
  Node value;
};

/// Bounds that keep hostile documents (huge, deep, "billion laughs" aliases) cheap to refuse.
struct Limits
{
  std::size_t max_bytes = 1024 * 1024; ///< the whole text
  std::size_t max_depth = 64;          ///< nested collections
  std::size_t max_nodes = 100'000;     ///< nodes after alias expansion
};

/// What is wrong with a document, and where.
struct Error
{
  Mark mark;           ///< line 0 when the whole text is at fault (e.g. its size)
  std::string message; ///< one line, no position

  /// "ORIGIN:LINE:COL: message" (or "ORIGIN: message" without a position).
  std::string describe(std::string_view origin) const;
};

/// Parses exactly one YAML document from `text`: its tree, or the first problem.
Expected<Node, Error> parse(std::string_view text, const Limits& limits = {});

} // namespace ttaobs::yaml
