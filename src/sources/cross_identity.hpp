#pragma once

// The identity attributes of a service's resources, read from a trace answer's body (internal to
// src/sources: the cross.service_identity evidence, cross_source.cpp).

#include <src/sources/cross.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::sources {

/// The distinct (service.namespace, service.instance.id) of the resources whose service.name is
/// `service` in `body`, an api_v3 (OTLP/JSON) or Jaeger v1 answer (processes' tags); at most
/// IdentityEvidence::k_max_resources; none when the body is not such an answer.
std::vector<ResourceIdentity> resource_identities(std::string_view body, const std::string& service);

} // namespace ttaobs::sources
