#include <src/cli/cli.hpp>
#include <src/util/interrupt.hpp>

int main(int argc, char** argv)
{
  // From the first instruction on, SIGINT/SIGTERM only ask the run to stop (validate, trace and
  // lint-metrics then write their reports and exit 130/143); another signal a second later ends the process.
  ttaobs::util::catch_interrupts();
  return ttaobs::cli::run(argc, argv);
}
