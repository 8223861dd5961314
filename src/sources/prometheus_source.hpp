#pragma once

// The Prometheus rows of the evidence table: `/api/v1/query` → QueryResult and
// `/api/v1/targets?state=active` → TargetsResult.

#include <src/sources/evidence.hpp>

#include <string_view>

namespace ttaobs::sources {

/// The evidence of Prometheus' `up{job="<job>"}` (quotes and backslashes in `job` escaped).
EvidenceRequest up_of_job(std::string_view job);

} // namespace ttaobs::sources
