#pragma once

#include <src/core/check.hpp>
#include <src/suite/file.hpp>
#include <src/yaml/fields.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::checks {

/// What a module may use, besides its own suite entry, while reading it.
struct ModuleContext
{
  const yaml::EnvLookup& env;       ///< for ${VAR} in the module's own fields
  std::vector<yaml::Error>& errors; ///< where the module records positioned problems
  std::string job;                  ///< the configured Prometheus job (--job, suite defaults)
};

/// A module's reading of one suite entry: the evidence it needs and how it judges it.
struct Binding
{
  sources::EvidenceRequest evidence;    ///< what must be fetched (equal requests are fetched once)
  core::CheckFn fn;                     ///< the judge, typed parameters captured
  std::string description;              ///< a one-line default for entries that give none
  core::CheckParams params;             ///< for functions that read them (builtin.*): `--set` edits these
  bool judges_received_metrics = false; ///< the judge reads metrics received over OTLP too (validate --receive)
};

/// One row of the module table: a suite `kind` and how to read an entry of it.
struct Module
{
  std::string_view kind;    ///< e.g. "prometheus.query"
  std::string_view summary; ///< one line, for `checks list --kinds` and the docs
  /// Reads the entry's own fields (the common ones are handled by the caller); nullopt once a
  /// problem is recorded in `context.errors`.
  std::optional<Binding> (*read)(yaml::MapReader& entry, const ModuleContext& context);
};

/// Every module, in documentation order: one explicit table, no registration.
const std::vector<Module>& modules();

/// The module for `kind`, or nullptr.
const Module* find_module(std::string_view kind);

/// The check that suite entry `entry` describes, bound to its module; nullopt once a problem
/// (unknown kind with a suggestion, the module's own field problems, unknown keys) is recorded.
std::optional<core::CheckSpec> bind_check(const suite::CheckEntry& entry, const ModuleContext& context);

} // namespace ttaobs::checks
