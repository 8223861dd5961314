#pragma once

// The defaults that code outside the key table also needs (the built-in demo service and its
// scrape job). Every other default is written once, in its row of keys.cpp.

#include <string_view>

namespace ttaobs::config {

/// The service whose traces are checked when none is configured (the demo app).
inline constexpr std::string_view k_default_service = "observability-demo";

/// The Prometheus scrape job of the default service.
inline constexpr std::string_view k_default_job = "tta-primitives";

} // namespace ttaobs::config
