#pragma once

// The exposition row of the evidence table: a scrape of the exposition → ExpositionProbe (the
// probe, a scan of the samples and a promtool-rules lint of a 200 body).

#include <src/sources/evidence.hpp>

#include <chrono>

namespace ttaobs::sources {

/// A scrape of the exposition at `url` as Prometheus makes it (its Accept header, redirects
/// followed, at most 5 hops), with `access`; `ttaobs lint-metrics URL` streams its body.
http::HttpRequest exposition_request(const util::Url& url, http::EndpointAccess access,
                                     std::chrono::milliseconds timeout);

} // namespace ttaobs::sources
