#pragma once

#include <src/http/http_client.hpp>
#include <src/trace/model.hpp>
#include <src/util/expected.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace ttaobs::sources {

/// Parses saved trace JSON of any supported shape, told apart by its top-level keys: the Jaeger
/// v1 API envelope (`data`), a bare Jaeger trace (`traceID` + `spans`), or OTLP/JSON in any
/// envelope (`resourceSpans`, `result`, `batches`, `trace`).
Expected<trace::TraceSet, std::string> parse_trace_document(std::string_view body,
                                                            const std::function<void(std::size_t)>& on_progress = {});

/// Reads `path` ("-" for standard input) and parses it; a file is mapped, not copied, and the pages
/// already parsed are released as the Jaeger reader advances. Stdin, a FIFO or a device must be
/// read to its end within `timeout` (never a hang). Errors name the file.
Expected<trace::TraceSet, std::string> load_trace_file(const std::string& path,
                                                       std::chrono::milliseconds timeout = http::k_default_timeout);

} // namespace ttaobs::sources
