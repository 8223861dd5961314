// libFuzzer target: the Prometheus API parsers (query, targets; default and shallow depth bounds), the exposition scan and the label/metric checks.
#include <checks/checks.hpp>
#include <src/sources/exposition_scan.hpp>
#include <src/sources/prometheus.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)ttaobs::sources::scan_exposition(body);
  (void)ttaobs::sources::prometheus_error_message(body);
  (void)ttaobs::sources::parse_prometheus_query(body, ttaobs::sources::JsonLimits{4}); // the depth pre-scan
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
