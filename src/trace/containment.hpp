#pragma once

#include <src/trace/model.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace ttaobs::trace {

/// How far (µs) a child may stick out of its parent before it is marked: the one default of
/// `ttaobs trace`, of the HTML report and of validate's trace/duration-containment.
inline constexpr std::int64_t k_containment_tolerance_us = 1000;

/// "1.23ms", "850µs", "2.5s".
std::string format_duration_us(std::int64_t us);

/// How span `i` sticks out of its parent's interval beyond `tolerance_us` ("ends 2ms after",
/// "starts 1ms before"), or "" if it does not.
std::string containment_problem(const Trace& trace, const SpanTree& tree, std::size_t i, std::int64_t tolerance_us);

} // namespace ttaobs::trace
