#pragma once

#include <optional>
#include <src/core/summary.hpp>
#include <string>
#include <string_view>

// GitHub Actions output: workflow-command annotations and the Markdown job summary. Pure
// serialisers, plus the one append to $GITHUB_STEP_SUMMARY (docs/ci.md).
namespace ttaobs::report {

/// `text` as a workflow command's message: % → %25, CR → %0D, LF → %0A (GitHub's escaping rules).
std::string github_escape_data(std::string_view text);

/// `text` as a workflow command's property value: the data escapes plus : → %3A and , → %2C.
std::string github_escape_property(std::string_view text);

/// One `::error title=ID::message` per failed or errored check and one `::warning …` per warning
/// (`::error` under --strict), each line ending in "\n"; "" when every check passed.
std::string render_github_annotations(const core::RunSummary& summary);

/// The Markdown job summary: verdict and counts, a table of every check with its status emoji and
/// measured value, then each check that did not pass with its details (a trace's subtree) in a code block.
std::string render_github_summary(const core::RunSummary& summary);

/// Appends `markdown` to the file `path` (GitHub's $GITHUB_STEP_SUMMARY); an error naming the file, or nullopt.
std::optional<std::string> append_step_summary(const std::string& path, const std::string& markdown);

} // namespace ttaobs::report
