// SPDX-License-Identifier: MIT
#include "cli/params_cli.hpp"

#include <sstream>

namespace cranes::cli {

void ParamFlags::add(CLI::App* cmd, std::span<const ParamSpec> specs, const std::string& group) {
  for (const auto& s : specs) {
    const std::string name(s.name);
    auto value = std::make_shared<double>(s.default_value);
    std::ostringstream help;
    help << s.help << " [" << s.default_value << (s.unit.empty() ? "" : " ") << s.unit << ", " << s.min_value
         << ".." << s.max_value << "]";
    CLI::Option* opt = cmd->add_option("--" + name, *value, help.str())->group(group);
    m_given[name] = value;
    m_options[name] = opt;
  }
}

void ParamFlags::apply(ParamSet& params) const {
  for (const auto& [name, opt] : m_options)
    if (opt->count() > 0) params.set(name, *m_given.at(name));
}

}  // namespace cranes::cli
