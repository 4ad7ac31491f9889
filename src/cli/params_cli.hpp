// SPDX-License-Identifier: MIT
// Command-line flags generated from ParamSpec tables: one `--name VALUE` per parameter, typed as its spec
// says (a number, an integer, true/false, or one of its words), its help with unit, default and range, so
// defaults and ranges are written only in the table.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <span>

#include "cranes/core/params.hpp"

namespace cranes::cli {

class ParamFlags {
 public:
  /// Adds one option per spec to `cmd`, in an option group named `group`.
  void add(CLI::App* cmd, std::span<const ParamSpec> specs, const std::string& group);
  /// Writes the values the user gave into `params` (validating types and ranges).
  void apply(ParamSet& params) const;

 private:
  std::map<std::string, std::shared_ptr<std::string>> m_given;
  std::map<std::string, CLI::Option*> m_options;
};

/// One line per parameter: "[default unit, min..max]" or "[default, one of a|b]".
std::string param_range_text(const ParamSpec& s);

}  // namespace cranes::cli
