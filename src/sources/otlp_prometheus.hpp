#pragma once

#include <src/sources/exposition_scan.hpp>
#include <src/sources/otlp_metrics.hpp>

#include <string>
#include <string_view>

// OTLP metrics seen as a Prometheus exposition of them would show them, so that the exposition
// checks judge metrics received over OTLP (validate --receive) as they judge a scrape. Names follow
// the OpenTelemetry specification's Prometheus compatibility rules
// (https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/).
namespace ttaobs::sources {

/// The Prometheus unit word of a UCUM unit ("s" → "seconds", "By/s" → "bytes_per_second"; "" for
/// none, "1" and annotations such as "{request}"); unknown units are kept, sanitised.
std::string prometheus_unit(std::string_view ucum);

/// The Prometheus metric family name of `metric`: invalid characters replaced by '_', the unit word
/// appended (unless the name ends with it), "_ratio" for a gauge of unit "1", "_total" for a counter.
std::string prometheus_name(const MetricSummary& metric);

/// A label name for attribute `key` (invalid characters replaced by '_', a leading digit prefixed "key_").
std::string prometheus_label(std::string_view key);

/// The exposition a Prometheus exporter would serve for `metrics`: one family per metric (type from
/// the data kind: a monotonic sum is a counter; UNIT the unit word), its data points counted as its
/// samples, each attribute key a label on the points that carry it.
ExpositionScan exposition_of(const MetricsSummary& metrics);

} // namespace ttaobs::sources
