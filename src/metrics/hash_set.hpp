#pragma once

// Internal to src/metrics: the flat hash set now lives in src/util.

#include <src/util/hash_set.hpp>

namespace ttaobs::metrics::detail {

using util::HashSet;

} // namespace ttaobs::metrics::detail
