#include "fields.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ttaobs::yaml {

Expected<std::string, std::string> interpolate(std::string_view text, const EnvLookup& env)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 == text.size() || (text[i + 1] != '{' && text[i + 1] != '$')) {
      out += text[i];
      continue;
    }
    if (text[i + 1] == '$') { // "$$" is a literal "$"
      out += '$';
      ++i;
      continue;
    }
    const auto close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return unexpected(std::string("\"${\" without a closing \"}\""));
    }
    const auto inner = text.substr(i + 2, close - i - 2);
    const auto sep = inner.find(":-");
    const auto name = inner.substr(0, sep);
    const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }) && !(name[0] >= '0' && name[0] <= '9');
    if (!valid) {
      return unexpected(fmt::format("\"${{{}}}\" is not a variable reference (${{NAME}} or ${{NAME:-default}})",
                                    util::one_line(inner, 40)));
    }
    const auto value = env(name);
    if (value && !value->empty()) {
      out += *value;
    } else if (sep != std::string_view::npos) {
      out += inner.substr(sep + 2);
    } else {
      return unexpected(fmt::format("${{{}}} is not set (give a default with ${{{}:-…}})", name, name));
    }
    i = close;
  }
  return out;
}

std::optional<std::string> scalar_text(const Node& node, const EnvLookup& env, std::vector<Error>& errors)
{
  auto expanded = interpolate(node.value, env);
  if (!expanded) {
    errors.push_back({node.mark, expanded.error()});
    return std::nullopt;
  }
  return std::move(*expanded);
}

MapReader::MapReader(const Node& map, std::string what, const EnvLookup& env, std::vector<Error>& errors)
  : m_map(map), m_what(std::move(what)), m_env(env), m_errors(errors)
{
  if (map.kind != Node::Kind::map) {
    error(map.mark, fmt::format("{} must be a mapping (key: value lines), not a {}", m_what, map.kind_name()));
  }
}

void MapReader::error(const Mark& at, std::string message)
{
  m_errors.push_back({at, std::move(message)});
}

const Node* MapReader::node(std::string_view key, bool required)
{
  m_known.emplace_back(key);
  const auto* found = m_map.find(key);
  if (found == nullptr && required && m_map.kind == Node::Kind::map) {
    error(m_map.mark, fmt::format("{} needs \"{}\"", m_what, key));
  }
  return found;
}

const Node* MapReader::scalar(std::string_view key, bool required, std::string_view expected)
{
  const auto* found = node(key, required);
  if (found != nullptr && found->kind != Node::Kind::scalar) {
    error(found->mark, fmt::format("\"{}\" of {} must be {}, not a {}", key, m_what, expected, found->kind_name()));
    return nullptr;
  }
  return found;
}

std::optional<std::string> MapReader::string(std::string_view key, bool required)
{
  const auto* found = scalar(key, required, "a string");
  return found != nullptr ? scalar_text(*found, m_env, m_errors) : std::nullopt;
}

std::optional<double> MapReader::number(std::string_view key, double min, double max, bool required)
{
  const auto* found = scalar(key, required, "a number");
  const auto text = found != nullptr ? scalar_text(*found, m_env, m_errors) : std::nullopt;
  if (!text) {
    return std::nullopt;
  }
  double value = 0;
  const auto* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || found->quoted || !std::isfinite(value)) {
    error(found->mark,
          fmt::format("\"{}\" of {} must be a number, not \"{}\"", key, m_what, util::one_line(*text, 40)));
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(found->mark, fmt::format("\"{}\" of {} must be between {} and {}, not {}", key, m_what, min, max, value));
    return std::nullopt;
  }
  return value;
}

std::optional<long long> MapReader::integer(std::string_view key, long long min, long long max, bool required)
{
  const auto value = number(key, static_cast<double>(min), static_cast<double>(max), required);
  if (value && *value != std::floor(*value)) {
    error(m_map.find(key)->mark, fmt::format("\"{}\" of {} must be a whole number, not {}", key, m_what, *value));
    return std::nullopt;
  }
  return value ? std::optional<long long>(static_cast<long long>(*value)) : std::nullopt;
}

std::optional<bool> MapReader::boolean(std::string_view key, bool required)
{
  const auto* found = scalar(key, required, "true or false");
  if (found == nullptr) {
    return std::nullopt;
  }
  if (!found->quoted && (found->value == "true" || found->value == "false")) {
    return found->value == "true";
  }
  error(found->mark,
        fmt::format("\"{}\" of {} must be true or false, not \"{}\"", key, m_what, util::one_line(found->value, 40)));
  return std::nullopt;
}

std::optional<std::chrono::microseconds> MapReader::duration(std::string_view key, bool required)
{
  const auto* found = scalar(key, required, "a duration");
  const auto text = found != nullptr ? scalar_text(*found, m_env, m_errors) : std::nullopt;
  if (!text) {
    return std::nullopt;
  }
  const auto value = util::parse_duration(*text);
  if (!value) {
    error(found->mark, fmt::format("\"{}\" of {} must be a duration such as 500ms, 2s or 1m, not \"{}\"", key, m_what,
                                   util::one_line(*text, 40)));
  }
  return value;
}

std::optional<util::Regex> MapReader::regex(std::string_view key, bool required)
{
  const auto* found = scalar(key, required, "a regular expression");
  const auto text = found != nullptr ? scalar_text(*found, m_env, m_errors) : std::nullopt;
  if (!text) {
    return std::nullopt;
  }
  auto compiled = util::Regex::compile(*text);
  if (!compiled) {
    error(found->mark, fmt::format("\"{}\" of {}: {}", key, m_what, util::one_line(compiled.error(), 120)));
    return std::nullopt;
  }
  return std::move(*compiled);
}

std::optional<std::string> MapReader::choice(std::string_view key, const std::vector<std::string_view>& choices,
                                             bool required)
{
  auto value = string(key, required);
  if (value && std::find(choices.begin(), choices.end(), *value) == choices.end()) {
    std::vector<std::string> names(choices.begin(), choices.end());
    error(m_map.find(key)->mark, fmt::format("\"{}\" of {} must be one of {}, not \"{}\"", key, m_what,
                                             util::join(names, ", "), util::one_line(*value, 40)));
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> MapReader::strings(std::string_view key, bool required)
{
  const auto* found = node(key, required);
  if (found == nullptr) {
    return std::nullopt;
  }
  if (found->kind == Node::Kind::scalar) {
    auto one = scalar_text(*found, m_env, m_errors);
    return one ? std::optional<std::vector<std::string>>({std::move(*one)}) : std::nullopt;
  }
  if (found->kind != Node::Kind::sequence) {
    error(found->mark,
          fmt::format("\"{}\" of {} must be a list of strings, not a {}", key, m_what, found->kind_name()));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : found->items) {
    if (item.kind != Node::Kind::scalar) {
      error(item.mark, fmt::format("\"{}\" of {} must list strings, not a {}", key, m_what, item.kind_name()));
      return std::nullopt;
    }
    auto text = scalar_text(item, m_env, m_errors);
    if (!text) {
      return std::nullopt;
    }
    out.push_back(std::move(*text));
  }
  return out;
}

void MapReader::finish()
{
  for (const auto& entry : m_map.entries) {
    if (std::find(m_known.begin(), m_known.end(), entry.key) != m_known.end()) {
      continue;
    }
    std::string best;
    std::size_t best_distance = 3; // suggest only close spellings
    for (const auto& known : m_known) {
      const auto distance = util::edit_distance(entry.key, known);
      if (distance < best_distance) {
        best = known;
        best_distance = distance;
      }
    }
    error(entry.key_mark, fmt::format("unknown key \"{}\" in {}{}", util::one_line(entry.key, 40), m_what,
                                      best.empty() ? std::string() : fmt::format(" (did you mean \"{}\"?)", best)));
  }
}

} // namespace ttaobs::yaml
