// SPDX-License-Identifier: MIT
// Every tunable parameter is declared once, in a table of ParamSpec (as FFmpeg's AVOption arrays and libvips'
// VIPS_ARG_* declare theirs). CLI flags, --help, validation, `cranes params` (docs/params.md) and the
// parameters recorded with each result are generated from these tables, so a default is never written twice.
// Names share one namespace (they are the command line's flags): a second spec of the same name is refused
// when it is registered.
#pragma once

#include <array>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>

namespace cranes {

enum class ParamType { Double, Int, Bool, Choice };

struct ParamSpec {
  std::string_view name;  ///< kebab-case, used as `--name` on the command line
  std::string_view help;
  std::string_view unit;  ///< "s", "deg", "deg/s", "frames", "" ...
  double default_value;   ///< for Bool 0 or 1; for Choice the index into `choices`
  double min_value;
  double max_value;
  ParamType type = ParamType::Double;
  std::span<const std::string_view> choices = {};  ///< the words of a Choice, in index order
};

std::string_view type_name(ParamType t);

/// A parameter that fills one member of an analyzer's typed options struct O: the spec and the member, side
/// by side, so the flag, its default and the field it sets are written once (the default is O's own, read
/// from a default-constructed O by the table's author). `param_specs` gives the table, `options_from` the
/// filled struct. A number fills a double member, a Bool parameter a bool member.
template <class O>
struct OptionSpec {
  constexpr OptionSpec(ParamSpec s, double O::*m) : spec(s), number(m) {}
  constexpr OptionSpec(ParamSpec s, bool O::*m) : spec(s), flag(m) {}
  ParamSpec spec;
  double O::*number = nullptr;
  bool O::*flag = nullptr;
};

template <class O, size_t N>
constexpr std::array<ParamSpec, N> param_specs(const OptionSpec<O> (&options)[N]) {
  std::array<ParamSpec, N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = options[i].spec;
  return out;
}

/// Values for tables of specs; starts at the defaults, `set` validates type and range.
class ParamSet {
 public:
  ParamSet() = default;
  explicit ParamSet(std::span<const ParamSpec> specs, std::string_view owner = "");
  /// Adds `owner`'s specs; throws std::logic_error when a name is already taken (a programming error).
  void add(std::span<const ParamSpec> specs, std::string_view owner = "");

  /// Throws cranes::Error (Usage) naming the parameter when unknown, of the wrong kind or out of range.
  void set(std::string_view name, double value);
  /// A Choice by its word (or any parameter from its text, as the command line gives it).
  void set_text(std::string_view name, std::string_view text);
  double get(std::string_view name) const;
  bool get_bool(std::string_view name) const { return get(name) >= 0.5; }
  int get_int(std::string_view name) const { return static_cast<int>(get(name)); }
  std::string_view get_choice(std::string_view name) const;

  struct Entry {
    ParamSpec spec;
    std::string owner;
  };
  const std::map<std::string, Entry, std::less<>>& specs() const { return m_specs; }
  const std::map<std::string, double, std::less<>>& values() const { return m_values; }
  /// {name: value}, each value as its type reads (true, 3, 0.5, "word").
  nlohmann::json to_json() const;

 private:
  const Entry& entry(std::string_view name) const;
  std::map<std::string, Entry, std::less<>> m_specs;
  std::map<std::string, double, std::less<>> m_values;
};

/// The parameter reference: one Markdown table per owner (flag, type, default, range or words, unit, help).
std::string params_markdown(const ParamSet& params);

template <class O, size_t N>
O options_from(const ParamSet& params, const OptionSpec<O> (&options)[N], O out = {}) {
  for (const auto& o : options) {
    if (o.flag)
      out.*(o.flag) = params.get_bool(o.spec.name);
    else
      out.*(o.number) = params.get(o.spec.name);
  }
  return out;
}

/// A value as JSON of its parameter's type (true, 3, 0.5, "word").
nlohmann::json value_json(const ParamSpec& spec, double value);

/// A value as its parameter's type writes it: "true", "3", "0.5", "word".
std::string value_text(const ParamSpec& spec, double value);

}  // namespace cranes
