#pragma once

#include <src/config/config.hpp>
#include <src/sources/settings.hpp>

namespace ttaobs::cli {

/// What sources need of `config`: each endpoint's URL and access, the timeout, the trace search.
sources::Settings sources_settings(const config::Config& config);

} // namespace ttaobs::cli
