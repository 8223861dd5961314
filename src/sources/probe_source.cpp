// The pipeline probe's row of the evidence table: a conversation of its own (probe.cpp), whose
// first request is the POST of a canary to the OTLP endpoint.
#include <src/sources/backend.hpp>
#include <src/sources/probe.hpp>

#include <string>

namespace ttaobs::sources {

namespace {

std::vector<Attempt> first_request(const EvidenceRequest&, const Settings& settings)
{
  http::HttpRequest out;
  out.method = "POST";
  out.url = otlp_traces_url(settings.otlp);
  out.timeout = settings.timeout;
  out.access = settings.otlp.access;
  return {{std::move(out)}};
}

// One answer is not a probe: only `converse` reads this row.
Reading read_one(const EvidenceRequest&, int, const std::string& url, const Outcome&, json::Deadline)
{
  return Reading{unexpected("POST " + url + ": a pipeline probe is a conversation, not one answer")};
}

void converse(http::HttpClient& client, const EvidenceRequest& request, const Settings& settings, Evidence& evidence)
{
  evidence.url = otlp_traces_url(settings.otlp);
  evidence.payload = Payload{run_pipeline_probe(client, settings, request.plan)};
}

} // namespace

const Backend k_pipeline_probe_backend{first_request, read_one, false, nullptr, converse};

} // namespace ttaobs::sources
