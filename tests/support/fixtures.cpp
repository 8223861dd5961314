#include "fixtures.hpp"

#include <src/cli/sources_settings.hpp>
#include <src/config/config.hpp>
#include <src/sources/jaeger.hpp>
#include <src/sources/prometheus.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace ttaobs::test {

std::string fixture_path(std::string_view relative)
{
  return fmt::format("{}/fixtures/{}", TTAOBS_SOURCE_DIR, relative);
}

std::string read_fixture(std::string_view relative)
{
  const auto path = fixture_path(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("missing fixture " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replay_body(std::string_view scenario, std::string_view request_part)
{
  const auto index = read_fixture(fmt::format("replay/{}/index.tsv", scenario));
  for (const auto line : util::split(index, '\n')) {
    const auto fields = util::split(line, '\t');
    if (fields.size() >= 3 && fields[0].find(request_part) != std::string_view::npos && fields[2] != "-") {
      return read_fixture(fmt::format("replay/{}/{}", scenario, fields[2]));
    }
  }
  throw std::runtime_error(fmt::format("no recorded body matching '{}' in replay/{}", request_part, scenario));
}

sources::Settings settings_of(std::map<std::string, std::string> flags)
{
  return cli::sources_settings(
      config::resolve({"flags", std::move(flags), {}}, {"env", {}, {}}, {"file", {}, {}}).value());
}

sources::Payload traces_of(std::string_view scenario)
{
  auto parsed = sources::parse_jaeger_traces(replay_body(scenario, "/api/traces?"));
  if (!parsed) {
    throw std::runtime_error(parsed.error());
  }
  return std::move(parsed).value();
}

sources::Payload query_of(std::string_view scenario, std::string_view query)
{
  auto parsed = sources::parse_prometheus_query(replay_body(scenario, fmt::format("/api/v1/query?query={}", query)));
  if (!parsed) {
    throw std::runtime_error(parsed.error());
  }
  return std::move(parsed).value();
}

std::string temp_dir(std::string_view name)
{
  const auto path = fmt::format("{}/test-tmp/{}-{}", TTAOBS_BINARY_DIR, name, ::getpid());
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

sources::ExpositionProbe answered_200(sources::ExpositionScan scan)
{
  sources::ExpositionProbe probe;
  probe.probe.answered = true;
  probe.probe.status = 200;
  probe.scan = std::move(scan);
  return probe;
}

} // namespace ttaobs::test
