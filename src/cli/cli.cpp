#include "cli.hpp"

#include "commands.hpp"
#include "version.hpp"

#include <src/core/exit_code.hpp>
#include <src/util/strings.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace ttaobs::cli {

namespace {

constexpr const char* k_validate_examples = R"(
Examples:
  ttaobs validate
  ttaobs validate --service checkout --prometheus-url http://prom:9090 --junit report.xml
  ttaobs validate --wait 60 --interval 2 --json -    # poll until healthy, JSON on stdout
  ttaobs validate --replay fixtures/replay/healthy    # offline, from recorded answers

Exit codes: 0 all passed (warnings allowed), 1 a check failed (or warned under --strict),
            2 usage or configuration error, 3 nothing failed but some check could not be evaluated.
Environment: TTAOBS_<KEY> (e.g. TTAOBS_JAEGER_URL, TTAOBS_TIMEOUT); flags beat environment,
environment beats --config/TTAOBS_CONFIG file, which beats defaults. NO_COLOR disables colour.)";

// Options that map onto config keys; their values become the command-line layer.
struct KeyOptions
{
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> lists; // repeatable keys (--header)
  std::map<std::string, CLI::Option*> options;
  std::string config_file;

  /// Adds an option per config key that `command` takes (config::k_validate, k_trace, ...).
  void add_to(CLI::App& cmd, config::Commands command)
  {
    for (const auto& info : config::keys()) {
      const std::string key(info.key);
      if ((info.commands & command) == 0) {
        continue;
      }
      const auto help = fmt::format("{} [{}{}]", info.help,
                                    info.env.empty() ? "" : fmt::format("env {}, ", info.env),
                                    info.default_value.empty() ? "no default" : fmt::format("default {}", info.default_value));
      if (info.is_flag) {
        options[key] = cmd.add_flag("--" + key, help);
      } else if (config::is_repeatable(key)) {
        options[key] = cmd.add_option("--" + key, lists[key], help)->allow_extra_args(false);
      } else {
        options[key] = cmd.add_option("--" + key, values[key], help);
      }
      if (info.kind == config::Kind::access) {
        options[key]->group("Endpoint access (headers, credentials, TLS, proxy; see README)");
      }
    }
    cmd.add_option("--config", config_file, "read settings from a 'key = value' file [env TTAOBS_CONFIG]");
  }

  config::Layer layer() const
  {
    config::Layer layer{"command line", {}, {}};
    for (const auto& [key, option] : options) {
      if (option->count() > 0) {
        // a flag is "true" bare, or what follows its '=' (--strict=false), checked as a boolean later
        layer.values[key] = config::find_key(key)->is_flag ? option->results().back()
                            : config::is_repeatable(key) ? util::join(lists.at(key), "\n")
                                                         : values.at(key);
      }
    }
    return layer;
  }
};

// CLI11 echoes unexpected arguments: the value of any credential or header option is *** there.
std::string redact_secret_args(std::string message, int argc, char** argv)
{
  const auto secret_option = [](std::string_view arg) {
    return util::starts_with(arg, "--") && (arg.find("token") != std::string_view::npos || arg.find("basic-auth") != std::string_view::npos
                                            || arg.find("header") != std::string_view::npos || arg.find("proxy") != std::string_view::npos);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    std::string value;
    if (secret_option(arg) && arg.find('=') != std::string_view::npos) {
      value = std::string(arg.substr(arg.find('=') + 1));
    } else if (i > 1 && secret_option(argv[i - 1]) && std::string_view(argv[i - 1]).find('=') == std::string_view::npos) {
      value = std::string(arg);
    }
    for (auto at = value.empty() ? std::string::npos : message.find(value); at != std::string::npos;
         at = message.find(value, at + 3)) {
      message.replace(at, value.size(), "***");
    }
  }
  return message;
}

// The closest of `names` to `word` (a typo or a prefix), or "" when nothing is close.
std::string closest(const std::vector<std::string>& names, std::string_view word)
{
  std::string best;
  std::size_t best_distance = std::min<std::size_t>(3, word.size() / 2 + 1); // farther is not a typo
  for (const auto& name : names) {
    const auto d = word.size() >= 3 && util::starts_with(name, word) ? 0 : util::edit_distance(word, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

// The (sub)command the arguments reach, e.g. "lint-metrics" or "checks list", and a "did you
// mean" for the first word or --flag it does not know.
struct Reached
{
  std::string path;
  std::string hint;
};

std::vector<CLI::App*> subcommands(CLI::App& cmd)
{
  return cmd.get_subcommands([](CLI::App*) { return true; });
}

Reached reached(CLI::App& app, int argc, char** argv)
{
  Reached out;
  CLI::App* cmd = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string arg(argv[i]);
    if (arg == "--") {
      break;
    }
    if (util::starts_with(arg, "--")) {
      const auto name = arg.substr(2, arg.find('=') - 2);
      std::vector<std::string> names;
      bool known = false;
      for (const auto* option : cmd->get_options()) {
        for (const auto& lname : option->get_lnames()) {
          names.push_back(lname);
          known = known || lname == name;
        }
      }
      if (const auto best = closest(names, name); !known && out.hint.empty() && !best.empty()) {
        out.hint = fmt::format(" (did you mean '--{}'?)", best);
      }
      continue;
    }
    const auto subs = subcommands(*cmd);
    if (util::starts_with(arg, "-") || subs.empty()) {
      continue; // an option's value, or a positional argument
    }
    std::vector<std::string> names;
    CLI::App* next = nullptr;
    for (auto* sub : subs) {
      names.push_back(sub->get_name());
      next = sub->get_name() == arg ? sub : next;
    }
    if (next != nullptr) {
      out.path += (out.path.empty() ? "" : " ") + arg;
      cmd = next;
      continue;
    }
    if (const auto best = closest(names, arg); out.hint.empty()) {
      out.hint = best.empty() ? fmt::format(" ('{}' is not a command: {})", util::one_line(arg, 40), util::join(names, ", "))
                              : fmt::format(" ('{}' is not a command; did you mean '{}'?)", util::one_line(arg, 40), best);
    }
    break;
  }
  return out;
}

} // namespace

int run(int argc, char** argv)
{
  CLI::App app{"ttaobs: check that a service's traces and metrics really arrive, and tell CI.", "ttaobs"};
  app.set_version_flag("--version", version_text, "print the version, git revision, build type and library versions");
  app.require_subcommand(1);
  app.footer("Run 'ttaobs validate --help' for the main command.");

  KeyOptions validate_opts;
  auto* validate = app.add_subcommand("validate", "run a suite of checks against Jaeger, Prometheus and the exposition endpoint");
  validate_opts.add_to(*validate, config::k_validate);
  validate->footer(k_validate_examples);

  auto* checks = app.add_subcommand("checks", "inspect the built-in checks");
  checks->require_subcommand(1);
  std::string suite = "foundation";
  std::string format = "text";
  auto* list = checks->add_subcommand("list", "list the checks of a suite");
  list->add_option("--suite", suite, "suite to list [default foundation]");
  list->add_option("--format", format, "text or markdown")->check(CLI::IsMember({"text", "markdown"}));

  KeyOptions show_opts;
  auto* config_cmd = app.add_subcommand("config", "inspect the resolved configuration");
  config_cmd->require_subcommand(1);
  auto* show = config_cmd->add_subcommand("show", "print every setting, its value and where it came from");
  show_opts.add_to(*show, config::k_show);

  KeyOptions trace_opts;
  TraceOptions trace_options;
  auto* trace = app.add_subcommand("trace", "draw a trace's span tree or waterfall, marking what is broken");
  trace_opts.add_to(*trace, config::k_trace);
  trace->add_option("--trace-id", trace_options.trace_id, "fetch this trace (Jaeger, or Tempo with --tempo-url)");
  trace->add_option("--operation", trace_options.operation, "only traces of this operation (with --service)");
  trace->add_option("--format", trace_options.format, "tree, waterfall or json [default tree]")
    ->check(CLI::IsMember({"tree", "waterfall", "json"}));
  trace->add_option("--limit", trace_options.limit, "draw the N most recent traces [default 1]")->check(CLI::Range(1, 100));
  trace->add_option("--skew-tolerance-us", trace_options.tolerance_us, "containment slack in µs, as validate's trace/duration-containment [default 1000]")
    ->check(CLI::NonNegativeNumber);
  trace->footer(R"(
Examples:
  ttaobs trace                                   # newest trace of observability-demo, as a tree
  ttaobs trace --service checkout --operation 'POST /pay' --format waterfall
  ttaobs trace --trace-id 4bf92f3577b34da6a3ce929d0e0e4736 --format json
  curl -s 'localhost:16686/api/traces?service=x&limit=1' | ttaobs trace --from-file -

Exit codes: 0 drawn, 2 usage error, 3 the trace could not be fetched, found or parsed.)");

  KeyOptions lint_opts;
  LintMetricsOptions lint_options;
  auto* lint = app.add_subcommand("lint-metrics", "parse and lint a Prometheus or OpenMetrics exposition (promtool's "
                                                  "rules, and more with --extended)");
  lint->add_option("input", lint_options.input, "URL, file (gzip accepted) or - for stdin [default: --metrics-url]");
  lint_opts.add_to(*lint, config::k_lint);
  lint_opts.options.at("junit")->description(
    "write a JUnit XML report to FILE (- for stdout; the text/JSON report then goes to stderr) "
    "[env TTAOBS_LINT_JUNIT; validate's TTAOBS_JUNIT does not apply]");
  lint->add_option("--format", lint_options.format, "output: text or json [default text]")
    ->check(CLI::IsMember({"text", "json"}));
  lint->add_option("--input-format", lint_options.input_format,
                   "auto, text (Prometheus 0.0.4) or openmetrics [default auto: Content-Type, or the file's # EOF]")
    ->check(CLI::IsMember({"auto", "text", "openmetrics"}));
  lint->add_flag("--extended", lint_options.extended,
                 "also check histograms, duplicate series, counter values and UNIT, and report cardinality");
  lint->add_option("--top", lint_options.top, "families in the cardinality report [default 10]")
    ->check(CLI::Range(1, 100000));
  lint->add_option("--max-line-bytes", lint_options.max_line_bytes, "longest line accepted [default 65536]")
    ->check(CLI::Range(64, 1 << 30));
  lint->add_option("--max-series-per-family", lint_options.max_series_per_family,
                   "series remembered per family for --extended's duplicate and histogram checks [default 1000000]")
    ->check(CLI::Range(1, 1 << 30));
  lint->footer(R"(
Output is one "metric_name: problem" line per finding, sorted as promtool sorts them.
Examples:
  ttaobs lint-metrics                             # the configured exposition (--metrics-url)
  ttaobs lint-metrics http://localhost:9100/metrics --extended
  curl -s localhost:9464/metrics | ttaobs lint-metrics -
  ttaobs lint-metrics dump.txt.gz --format json --junit lint.xml
A file ending in "# EOF" is read as OpenMetrics; gzip or stdin input only when "# EOF" is within
its first 256 KiB, so pass --input-format openmetrics for larger ones.

Exit codes: 0 clean, 1 the exposition could not be read or does not parse, 2 usage error,
            3 it parses but has lint problems (as promtool check metrics).)");

  auto* version = app.add_subcommand("version", "print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 uses codes from 100 up; every usage problem is exit 2 here.
    const auto where = reached(app, argc, argv);
    fmt::print(stderr, "ttaobs: {}{}\nRun 'ttaobs {}--help' for usage.\n",
               util::one_line(redact_secret_args(e.what(), argc, argv)), redact_secret_args(where.hint, argc, argv),
               where.path.empty() ? "" : where.path + " ");
    return static_cast<int>(core::ExitCode::usage);
  }

  if (validate->parsed()) {
    return run_validate(validate_opts.layer(), validate_opts.config_file);
  }
  if (trace->parsed()) {
    return run_trace(trace_opts.layer(), trace_opts.config_file, trace_options);
  }
  if (lint->parsed()) {
    return run_lint_metrics(lint_opts.layer(), lint_opts.config_file, lint_options);
  }
  if (list->parsed()) {
    return run_checks_list(suite, format);
  }
  if (show->parsed()) {
    return run_config_show(show_opts.layer(), show_opts.config_file);
  }
  if (version->parsed()) {
    fmt::print("{}\n", version_text());
  }
  return 0;
}

} // namespace ttaobs::cli
