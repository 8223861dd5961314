// Times reading and binding the built-in suites from their embedded YAML, and suite files as
// `suite check FILE` reads them (issue 11: loading and checking a suite file takes under 5 ms).
// Usage: suite_load [RUNS [FILE...]] (default 200 runs). Prints the median and the slowest run per
// suite, for the built-in ones together, and per FILE, in microseconds.
#include <checks/builtin_suites.hpp>
#include <checks/registry.hpp>
#include <src/cli/suite_load.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Median and maximum of `runs` timings of `load`, in microseconds; exits 1 if a load fails.
template <typename Load> std::pair<double, double> time_runs(int runs, Load load)
{
  std::vector<double> us;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    if (!load()) {
      std::exit(1);
    }
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us.back()};
}

} // namespace

int main(int argc, char** argv)
{
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
  fmt::print("{:<24} {:>8} {:>12} {:>10}\n", "suite (checks)", "bytes", "median µs", "max µs");
  std::vector<std::string> names;
  for (const auto& embedded : ttaobs::checks::embedded_suites()) {
    const auto loaded = ttaobs::checks::load_builtin_suite(embedded.name);
    if (!loaded) {
      fmt::print(stderr, "{}\n", loaded.error());
      return 1;
    }
    const auto [median, max] =
        time_runs(runs, [&] { return ttaobs::checks::load_builtin_suite(embedded.name).has_value(); });
    fmt::print("{:<24} {:>8} {:>12.1f} {:>10.1f}\n", fmt::format("{} ({})", embedded.name, loaded->checks.size()),
               embedded.text.size(), median, max);
    names.emplace_back(embedded.name);
  }
  const auto [median, max] = time_runs(runs, [&] {
    return std::all_of(names.begin(), names.end(),
                       [](const std::string& n) { return ttaobs::checks::load_builtin_suite(n).has_value(); });
  });
  fmt::print("{:<24} {:>8} {:>12.1f} {:>10.1f}\n", "all built-in suites", "", median, max);
  for (int i = 2; i < argc; ++i) {
    const std::string path = argv[i];
    const auto loaded = ttaobs::cli::load_suite_file(path);
    if (!loaded) {
      for (const auto& problem : loaded.error()) {
        fmt::print(stderr, "{}\n", problem);
      }
      return 1;
    }
    const auto [file_median, file_max] =
        time_runs(runs, [&] { return ttaobs::cli::load_suite_file(path).has_value(); });
    const auto name = path.substr(path.find_last_of('/') + 1);
    fmt::print("{:<24} {:>8} {:>12.1f} {:>10.1f}\n", fmt::format("{} ({})", name, loaded->checks.size()), "",
               file_median, file_max);
  }
  return 0;
}
