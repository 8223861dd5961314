#pragma once

namespace ttaobs::cli {

/// The whole program: parses `argv`, runs the subcommand and returns the process exit code.
int run(int argc, char** argv);

} // namespace ttaobs::cli
