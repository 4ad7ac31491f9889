// SPDX-License-Identifier: MIT
#include "cranes/core/params.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "cranes/core/error.hpp"

namespace cranes {

ParamSet::ParamSet(std::span<const ParamSpec> specs) {
  add(specs);
}

void ParamSet::add(std::span<const ParamSpec> specs) {
  for (const auto& s : specs) {
    m_specs.emplace(std::string(s.name), s);
    m_values[std::string(s.name)] = s.default_value;
  }
}

void ParamSet::set(std::string_view name, double value) {
  auto it = m_specs.find(name);
  if (it == m_specs.end()) throw Error(std::string(name), "unknown parameter", Error::Kind::Usage);
  const ParamSpec& s = it->second;
  if (!(value >= s.min_value && value <= s.max_value)) {
    std::ostringstream os;
    os << "value " << value << " out of range [" << s.min_value << ", " << s.max_value << "]";
    throw Error("--" + std::string(name), os.str(), Error::Kind::Usage);
  }
  m_values[std::string(name)] = value;
}

double ParamSet::get(std::string_view name) const {
  auto it = m_values.find(name);
  if (it == m_values.end()) throw Error(std::string(name), "unknown parameter", Error::Kind::Usage);
  return it->second;
}

nlohmann::json ParamSet::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : m_values) j[k] = v;
  return j;
}

}  // namespace cranes
