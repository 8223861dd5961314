#pragma once

#include <src/sources/evidence.hpp>

#include <map>
#include <string>
#include <string_view>

namespace ttaobs::test {

/// Absolute path of `relative` under fixtures/.
std::string fixture_path(std::string_view relative);

/// The content of fixtures/`relative`; throws (failing the test) when it is missing.
std::string read_fixture(std::string_view relative);

/// The recorded body in fixtures/replay/`scenario` whose request contains `request_part`.
std::string replay_body(std::string_view scenario, std::string_view request_part);

/// Jaeger traces of a replay scenario, parsed as production does; throws on parse errors.
sources::Payload traces_of(std::string_view scenario);

/// A Prometheus query result of a replay scenario; throws on parse errors.
sources::Payload query_of(std::string_view scenario, std::string_view query);

/// An exposition endpoint that answered HTTP 200 with `scan` (built member by member: g++ 12 -O3
/// warns -Wmaybe-uninitialized, wrongly, on the nested aggregate initialiser).
sources::ExpositionProbe answered_200(sources::ExpositionScan scan);

/// The sources settings `validate` builds from the default config with `flags` (key → value) set.
sources::Settings settings_of(std::map<std::string, std::string> flags = {});

/// A fresh empty directory under the build tree for one test.
std::string temp_dir(std::string_view name);

} // namespace ttaobs::test
