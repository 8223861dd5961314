#include "file.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace ttaobs::suite {

std::string Origin::describe() const
{
  return mark.line > 0 ? fmt::format("{}:{}", file, mark.line) : file;
}

namespace {

constexpr std::size_t k_max_extends = 8;

bool is_name_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// "area/name": both parts non-empty, letters, digits, '-', '_', '.'.
bool valid_id(std::string_view id)
{
  const auto slash = id.find('/');
  return slash != std::string_view::npos && slash > 0 && slash + 1 < id.size() &&
         std::all_of(id.begin(), id.end(), [](char c) { return is_name_char(c) || c == '/'; }) &&
         id.find('/', slash + 1) == std::string_view::npos;
}

bool valid_tag(std::string_view tag)
{
  return !tag.empty() && std::all_of(tag.begin(), tag.end(), is_name_char);
}

struct Reading
{
  const SuiteSource& source;
  const yaml::EnvLookup& env;
  std::vector<Problem> problems;
  std::vector<std::string> stack; // files being read, outermost first (cycle detection)
};

void read_defaults(const yaml::Node& node, const std::string& file, Reading& reading, SuiteFile& out,
                   std::vector<yaml::Error>& errors)
{
  yaml::MapReader map(node, "\"defaults\"", reading.env, errors);
  for (const auto& entry : node.entries) {
    map.allow(entry.key); // the config layer judges the keys and values
    if (entry.value.kind != yaml::Node::Kind::scalar) {
      errors.push_back({entry.value.mark, fmt::format("default \"{}\" must be a single value, not a {}", entry.key,
                                                      entry.value.kind_name())});
      continue;
    }
    auto value = yaml::scalar_text(entry.value, reading.env, errors);
    if (!value) {
      continue;
    }
    DefaultEntry item{entry.key, std::move(*value), {file, entry.value.mark}};
    auto same =
        std::find_if(out.defaults.begin(), out.defaults.end(), [&](const auto& d) { return d.key == entry.key; });
    if (same != out.defaults.end()) {
      *same = std::move(item);
    } else {
      out.defaults.push_back(std::move(item));
    }
  }
}

std::optional<CheckEntry> read_check(const yaml::Node& node, std::size_t index, const std::string& file,
                                     const yaml::EnvLookup& env, std::vector<yaml::Error>& errors)
{
  const auto before = errors.size();
  yaml::MapReader map(node, fmt::format("check {}", index + 1), env, errors);
  CheckEntry entry;
  entry.id = map.string("id", true).value_or("");
  if (!entry.id.empty() && !valid_id(entry.id)) {
    map.error(node.find("id")->mark,
              fmt::format("check id \"{}\" must be \"area/name\" (letters, digits, '-', '_', '.')",
                          util::one_line(entry.id, 60)));
  }
  entry.kind = map.string("kind", true).value_or("");
  entry.description = map.string("description").value_or("");
  entry.severity =
      map.choice("severity", {"fail", "warn"}).value_or("fail") == "warn" ? Severity::warn : Severity::fail;
  entry.tags = map.strings("tags").value_or(std::vector<std::string>{});
  entry.optional = map.boolean("optional").value_or(false);
  entry.after = map.string("after").value_or("");
  for (const auto& tag : entry.tags) {
    if (!valid_tag(tag)) {
      map.error(node.find("tags")->mark,
                fmt::format("tag \"{}\" must be letters, digits, '-', '_', '.'", util::one_line(tag, 40)));
    }
  }
  if (errors.size() != before) {
    return std::nullopt;
  }
  entry.node = node;
  entry.origin = {file, node.mark};
  return entry;
}

// Moves the check `id` to just after the check `after` (an inherited or earlier entry): the way
// an extending suite puts a check where its report should list it.
void place_after(std::vector<CheckEntry>& checks, const std::string& id, const yaml::Node& entry,
                 std::vector<yaml::Error>& errors)
{
  const auto at = entry.find("after")->mark;
  const auto self = std::find_if(checks.begin(), checks.end(), [&](const auto& c) { return c.id == id; });
  const auto after = self->after;
  if (after == id) {
    errors.push_back({at, fmt::format("check \"{}\" cannot be placed after itself", id)});
    return;
  }
  const auto target = std::find_if(checks.begin(), checks.end(), [&](const auto& c) { return c.id == after; });
  if (target == checks.end()) {
    errors.push_back(
        {at, fmt::format("after \"{}\": no inherited or earlier check has this id", util::one_line(after, 60))});
    return;
  }
  if (self < target) {
    std::rotate(self, self + 1, target + 1);
  } else {
    std::rotate(target + 1, self, self + 1);
  }
}

void read_checks(const yaml::Node& node, const std::string& file, Reading& reading, SuiteFile& out,
                 std::vector<yaml::Error>& errors)
{
  if (node.kind != yaml::Node::Kind::sequence) {
    errors.push_back({node.mark, fmt::format("\"checks\" must be a list of checks, not a {}", node.kind_name())});
    return;
  }
  std::vector<std::string> own_ids;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    auto entry = read_check(node.items[i], i, file, reading.env, errors);
    if (!entry) {
      continue;
    }
    if (std::find(own_ids.begin(), own_ids.end(), entry->id) != own_ids.end()) {
      errors.push_back({node.items[i].find("id")->mark, fmt::format("check id \"{}\" appears twice", entry->id)});
      continue;
    }
    own_ids.push_back(entry->id);
    const auto id = entry->id;
    const bool placed = !entry->after.empty();
    auto same = std::find_if(out.checks.begin(), out.checks.end(), [&](const auto& c) { return c.id == entry->id; });
    if (same != out.checks.end()) {
      *same = std::move(*entry); // a suite may redefine an inherited check
    } else {
      out.checks.push_back(std::move(*entry));
    }
    if (placed) {
      place_after(out.checks, id, node.items[i], errors);
    }
  }
}

void read_one(std::string_view text, const std::string& file, Reading& reading, SuiteFile& out);

// Reads the suite `reference` names (from `file`, at `at`) into `out` before the extending file.
void read_base(const std::string& reference, const std::string& file, const yaml::Mark& at, Reading& reading,
               SuiteFile& out, std::vector<yaml::Error>& errors)
{
  if (reading.stack.size() >= k_max_extends) {
    errors.push_back({at, fmt::format("\"extends\" goes more than {} suites deep", k_max_extends)});
    return;
  }
  auto found = reading.source(reference, file);
  if (!found) {
    errors.push_back({at, fmt::format("extends \"{}\": {}", util::one_line(reference, 80), found.error())});
    return;
  }
  if (std::find(reading.stack.begin(), reading.stack.end(), found->second) != reading.stack.end()) {
    errors.push_back({at, fmt::format("extends \"{}\": a cycle ({} → {})", util::one_line(reference, 80),
                                      util::join(reading.stack, " → "), found->second)});
    return;
  }
  read_one(found->first, found->second, reading, out);
}

void read_one(std::string_view text, const std::string& file, Reading& reading, SuiteFile& out)
{
  reading.stack.push_back(file);
  std::vector<yaml::Error> errors;
  const auto doc = yaml::parse(text);
  if (!doc) {
    errors.push_back(doc.error());
  } else {
    yaml::MapReader root(*doc, "the suite", reading.env, errors);
    auto name = root.string("suite", true);
    auto description = root.string("description");
    const auto* extends = root.node("extends");
    const auto* defaults = root.node("defaults");
    const auto* checks = root.node("checks");
    root.finish();
    if (extends != nullptr) {
      if (auto reference = yaml::scalar_text(*extends, reading.env, errors)) {
        read_base(*reference, file, extends->mark, reading, out, errors);
      }
    }
    out.name = name.value_or(out.name);
    out.description = description.value_or(out.description);
    if (defaults != nullptr) {
      read_defaults(*defaults, file, reading, out, errors);
    }
    if (checks != nullptr) {
      read_checks(*checks, file, reading, out, errors);
    }
  }
  for (auto& error : errors) {
    reading.problems.push_back({file, std::move(error)});
  }
  out.chain.push_back(file);
  reading.stack.pop_back();
}

} // namespace

Expected<SuiteFile, std::vector<Problem>> read_suite(std::string_view text, const std::string& file,
                                                     const SuiteSource& source, const yaml::EnvLookup& env)
{
  Reading reading{source, env, {}, {}};
  SuiteFile out;
  read_one(text, file, reading, out);
  if (!reading.problems.empty()) {
    return unexpected(std::move(reading.problems));
  }
  return out;
}

} // namespace ttaobs::suite
