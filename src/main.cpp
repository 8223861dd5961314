#include <src/cli/cli.hpp>

int main(int argc, char** argv)
{
  return ttaobs::cli::run(argc, argv);
}
