// SPDX-License-Identifier: MIT
#include "cli/params_cli.hpp"

namespace cranes::cli {

std::string param_range_text(const ParamSpec& s) {
  std::string out = "[" + value_text(s, s.default_value);
  if (!s.unit.empty()) out += " " + std::string(s.unit);
  if (s.type == ParamType::Choice) {
    out += ", one of ";
    for (size_t i = 0; i < s.choices.size(); ++i) out += (i ? "|" : "") + std::string(s.choices[i]);
  } else if (s.type != ParamType::Bool) {
    out += ", " + value_text(s, s.min_value) + ".." + value_text(s, s.max_value);
  }
  return out + "]";
}

void ParamFlags::add(CLI::App* cmd, std::span<const ParamSpec> specs, const std::string& group) {
  for (const auto& s : specs) {
    const std::string name(s.name);
    auto value = std::make_shared<std::string>();
    CLI::Option* opt = cmd->add_option("--" + name, *value, std::string(s.help) + " " + param_range_text(s))
                           ->group(group)
                           ->type_name(s.type == ParamType::Bool     ? "BOOL"
                                       : s.type == ParamType::Int    ? "INT"
                                       : s.type == ParamType::Choice ? "WORD"
                                                                     : "NUMBER");
    m_given[name] = value;
    m_options[name] = opt;
  }
}

void ParamFlags::apply(ParamSet& params) const {
  for (const auto& [name, opt] : m_options)
    if (opt->count() > 0) params.set_text(name, *m_given.at(name));
}

}  // namespace cranes::cli
