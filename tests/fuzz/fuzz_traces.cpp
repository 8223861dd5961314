// libFuzzer target: every trace parser (Jaeger v1, OTLP/api_v3/Tempo streamed through JsonReader,
// shape detection, Jaeger's error envelope), each also under a shallow depth bound, then the span
// tree, the views and every trace check over whatever parsed. Same entry points as production.
#include <checks/checks.hpp>
#include <src/report/trace_view.hpp>
#include <src/sources/jaeger.hpp>
#include <src/sources/otlp.hpp>
#include <src/sources/trace_file.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const ttaobs::json::JsonLimits shallow{6};
  (void)ttaobs::sources::parse_otlp_traces(body);
  (void)ttaobs::sources::parse_otlp_traces(body, shallow);
  (void)ttaobs::sources::parse_jaeger_traces(body, {}, shallow);
  (void)ttaobs::sources::jaeger_error_message(body);
  auto parsed = ttaobs::sources::parse_trace_document(body);
  if (!parsed || parsed->traces.empty()) {
    return 0;
  }
  ttaobs::trace::TraceViewOptions view;
  view.max_lines = 50;
  (void)ttaobs::trace::render_tree(parsed->traces[0], parsed->trees[0], view);
  (void)ttaobs::report::render_waterfall(parsed->traces[0], parsed->trees[0], view);
  (void)ttaobs::report::render_trace_json(parsed->traces[0], parsed->trees[0]);
  const ttaobs::sources::Payload payload = std::move(parsed).value();
  ttaobs::core::CheckParams params;
  params.span = "a";
  params.ancestor = "b";
  params.prefix = "s_";
  params.min = 2;
  params.quantifier = "all";
  using namespace ttaobs::checks;
  for (const auto fn : {trace_span_count, trace_root_span, trace_descendant_span, trace_span_series, trace_max_depth,
                        trace_link_integrity, trace_duration_containment, trace_single_root}) {
    (void)fn(payload, params);
  }
  return 0;
}
