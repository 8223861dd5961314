// libFuzzer target: the Prometheus API parsers (query, targets; default and shallow depth bounds), the exposition scan,
// the label/metric checks, and the streaming JsonDepthGuard (which must agree with the whole-body depth scan however
// the body is cut into pieces).
#include <checks/checks.hpp>
#include <src/json/reader.hpp>
#include <src/sources/exposition_scan.hpp>
#include <src/sources/json_body.hpp>
#include <src/sources/prometheus.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  { // streamed in pieces of 1..8 bytes (sizes from the first byte), the guard's verdict is the scan's
    ttaobs::sources::JsonDepthGuard guard(4);
    const std::size_t step = size > 0 ? 1 + data[0] % 8 : 1;
    bool refused = false;
    for (std::size_t at = 0; at < size && !refused; at += step) {
      refused = !guard.feed(body.substr(at, step));
    }
    const auto scanned = ttaobs::json::check_json_limits(body, ttaobs::json::JsonLimits{4});
    if (refused != !scanned.empty() || (refused && guard.error() != scanned)) {
      std::abort();
    }
  }
  (void)ttaobs::sources::scan_exposition(body);
  (void)ttaobs::sources::prometheus_error_message(body);
  (void)ttaobs::sources::parse_prometheus_query(body, ttaobs::json::JsonLimits{4}); // the depth pre-scan
  (void)ttaobs::sources::parse_prometheus_targets(body);
  auto parsed = ttaobs::sources::parse_prometheus_query(body);
  if (!parsed) {
    return 0;
  }
  const ttaobs::sources::Payload payload = std::move(parsed).value();
  ttaobs::core::CheckParams params;
  params.label = "status";
  params.value = "success";
  params.min = 1;
  (void)ttaobs::checks::metrics_present(payload, params);
  (void)ttaobs::checks::labels_diversity(payload, params);
  (void)ttaobs::checks::labels_value_present(payload, params);
  return 0;
}
