// SPDX-License-Identifier: MIT
// Command-line flags generated from ParamSpec tables: one `--name VALUE` per parameter, its help with unit,
// default and range, so defaults and ranges are written only in the table.
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
  /// Writes the values the user gave into `params` (validating ranges).
  void apply(ParamSet& params) const;

 private:
  std::map<std::string, std::shared_ptr<double>> m_given;
  std::map<std::string, CLI::Option*> m_options;
};

}  // namespace cranes::cli
