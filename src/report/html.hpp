#pragma once

#include <src/core/summary.hpp>
#include <src/trace/containment.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ttaobs::report {

/// How the HTML report draws traces.
struct HtmlOptions
{
  std::size_t max_spans = 20000;        ///< spans drawn per trace; the rest are counted ("… N more")
  std::size_t max_total_spans = 100000; ///< spans drawn over all traces (--traces 1000 stays a page)
  std::int64_t skew_tolerance_us = trace::k_containment_tolerance_us; ///< containment slack before a span is marked
};

/// One self-contained HTML page (inline CSS and script, no network, no external asset): the run's
/// summary, every check with its message, details and evidence URL, and for each judged trace in
/// `summary.traces` an interactive tree + waterfall with its problems marked. Every server-given
/// text is escaped; the trace data travels as JSON in a <script type="application/json"> block.
std::string render_html(const core::RunSummary& summary, const HtmlOptions& options = {});

/// `text` made printable (controls → spaces, invalid UTF-8 → U+FFFD) and escaped for HTML text and
/// double- or single-quoted attributes.
std::string html_escape(std::string_view text);

/// The report's inline stylesheet (html_assets.cpp).
std::string_view html_style();

/// The report's inline script: builds the trees and waterfalls from the JSON block, then sets
/// `data-ttaobs-ready` on <body> (html_assets.cpp).
std::string_view html_script();

/// The base64 SHA-256 of html_script(), the only script the page's Content-Security-Policy lets
/// run; tests/html/check_html.py checks it (and prints the right value when the script changed).
std::string_view html_script_sha256();

} // namespace ttaobs::report
