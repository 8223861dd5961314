#include "command.hpp"
#include "common.hpp"
#include "key_flags.hpp"
#include "suite_load.hpp"

#include <src/core/exit_code.hpp>

#include <fmt/format.h>

#include <memory>

namespace ttaobs::cli {

Command config_show_command()
{
  auto flags = std::make_shared<KeyFlags>();
  return {"config show", "print every setting, its value and where it came from",
          [flags](CLI::App& cmd) { flags->add_to(cmd, config::k_show); },
          [flags] {
            const auto loaded = configure(flags->layer(), flags->config_file);
            if (!loaded) {
              return loaded.error().problems.empty() ? usage_error(loaded.error().usage)
                                                     : print_problems(loaded.error().problems);
            }
            fmt::print("{}", config::describe(loaded->config));
            return core::to_int(core::ExitCode::ok);
          }};
}

} // namespace ttaobs::cli
