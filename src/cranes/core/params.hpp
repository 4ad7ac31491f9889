// SPDX-License-Identifier: MIT
// Every tunable parameter is declared once, in a table of ParamSpec (as FFmpeg's AVOption arrays and libvips'
// VIPS_ARG_* declare theirs). CLI flags, --help, validation and the parameters recorded with each result are
// generated from these tables, so a default is never written twice.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>

namespace cranes {

struct ParamSpec {
  std::string_view name;  ///< kebab-case, used as `--name` on the command line
  std::string_view help;
  std::string_view unit;  ///< "s", "deg", "frames", "" ...
  double default_value;
  double min_value;
  double max_value;
};

/// Values for a table of specs; starts at the defaults, `set` validates against the range.
class ParamSet {
 public:
  ParamSet() = default;
  explicit ParamSet(std::span<const ParamSpec> specs);
  void add(std::span<const ParamSpec> specs);

  /// Throws cranes::Error (Usage) naming the parameter when unknown or out of range.
  void set(std::string_view name, double value);
  double get(std::string_view name) const;
  const std::map<std::string, double, std::less<>>& values() const { return m_values; }
  nlohmann::json to_json() const;

 private:
  std::map<std::string, ParamSpec, std::less<>> m_specs;
  std::map<std::string, double, std::less<>> m_values;
};

}  // namespace cranes
