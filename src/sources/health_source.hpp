#pragma once

// The probe row of the evidence table: a plain GET of an endpoint's URL → Probe. A probe never
// errors: the health checks judge "no answer" themselves (a dead service fails its health check).

#include <src/sources/evidence.hpp>

namespace ttaobs::sources {

/// The Probe of a transport outcome: answered with a status, or the one-line cause.
Probe to_probe(const Expected<http::HttpResponse, http::HttpError>& outcome);

/// The settings of `endpoint` in `settings`.
const EndpointSettings& endpoint_settings(const Settings& settings, Endpoint endpoint);

} // namespace ttaobs::sources
