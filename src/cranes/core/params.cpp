// SPDX-License-Identifier: MIT
#include "cranes/core/params.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "cranes/core/error.hpp"

namespace cranes {

std::string_view type_name(ParamType t) {
  switch (t) {
    case ParamType::Int:
      return "int";
    case ParamType::Bool:
      return "bool";
    case ParamType::Choice:
      return "choice";
    case ParamType::Double:
      break;
  }
  return "number";
}

std::string value_text(const ParamSpec& s, double v) {
  switch (s.type) {
    case ParamType::Bool:
      return v >= 0.5 ? "true" : "false";
    case ParamType::Int:
      return std::to_string(static_cast<long long>(std::llround(v)));
    case ParamType::Choice: {
      const auto i = static_cast<size_t>(v);
      return i < s.choices.size() ? std::string(s.choices[i]) : std::string();
    }
    case ParamType::Double:
      break;
  }
  std::ostringstream os;
  os << v;
  return os.str();
}

ParamSet::ParamSet(std::span<const ParamSpec> specs, std::string_view owner) {
  add(specs, owner);
}

void ParamSet::add(std::span<const ParamSpec> specs, std::string_view owner) {
  for (const auto& s : specs) {
    if (m_specs.count(s.name))
      throw std::logic_error("parameter '" + std::string(s.name) + "' of " + std::string(owner) +
                             " is already declared by " + m_specs.find(s.name)->second.owner);
    m_specs.emplace(std::string(s.name), Entry{s, std::string(owner)});
    m_values[std::string(s.name)] = s.default_value;
  }
}

const ParamSet::Entry& ParamSet::entry(std::string_view name) const {
  auto it = m_specs.find(name);
  if (it == m_specs.end()) throw Error("--" + std::string(name), "unknown parameter", Error::Kind::Usage);
  return it->second;
}

void ParamSet::set(std::string_view name, double value) {
  const ParamSpec& s = entry(name).spec;
  const std::string flag = "--" + std::string(name);
  if ((s.type == ParamType::Int || s.type == ParamType::Bool || s.type == ParamType::Choice) &&
      value != std::floor(value))
    throw Error(flag, "expects " + std::string(type_name(s.type)) + ", not a fraction", Error::Kind::Usage);
  if (!(value >= s.min_value && value <= s.max_value)) {
    std::ostringstream os;
    os << "value " << value << " out of range [" << value_text(s, s.min_value) << ", "
       << value_text(s, s.max_value) << "]";
    throw Error(flag, os.str(), Error::Kind::Usage);
  }
  m_values[std::string(name)] = value;
}

void ParamSet::set_text(std::string_view name, std::string_view text) {
  const ParamSpec& s = entry(name).spec;
  const std::string flag = "--" + std::string(name);
  if (s.type == ParamType::Choice) {
    for (size_t i = 0; i < s.choices.size(); ++i)
      if (s.choices[i] == text) return set(name, static_cast<double>(i));
    std::string known;
    for (auto c : s.choices) known += (known.empty() ? "" : ", ") + std::string(c);
    throw Error(flag, "unknown value '" + std::string(text) + "' (one of " + known + ")", Error::Kind::Usage);
  }
  if (s.type == ParamType::Bool) {
    if (text == "true" || text == "1" || text == "on" || text == "yes") return set(name, 1);
    if (text == "false" || text == "0" || text == "off" || text == "no") return set(name, 0);
    throw Error(flag, "expects true or false, not '" + std::string(text) + "'", Error::Kind::Usage);
  }
  const std::string t(text);
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
    throw Error(flag, "expects a number, not '" + t + "'", Error::Kind::Usage);
  set(name, v);
}

double ParamSet::get(std::string_view name) const {
  auto it = m_values.find(name);
  if (it == m_values.end()) throw Error(std::string(name), "unknown parameter", Error::Kind::Usage);
  return it->second;
}

std::string_view ParamSet::get_choice(std::string_view name) const {
  const ParamSpec& s = entry(name).spec;
  const auto i = static_cast<size_t>(get(name));
  return i < s.choices.size() ? s.choices[i] : std::string_view();
}

nlohmann::json value_json(const ParamSpec& s, double v) {
  switch (s.type) {
    case ParamType::Bool:
      return v >= 0.5;
    case ParamType::Int:
      return static_cast<int64_t>(std::llround(v));
    case ParamType::Choice:
      return value_text(s, v);
    case ParamType::Double:
      break;
  }
  return v;
}

nlohmann::json ParamSet::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : m_values) j[k] = value_json(m_specs.at(k).spec, v);
  return j;
}

std::string params_markdown(const ParamSet& params) {
  std::map<std::string, std::vector<const ParamSpec*>> by_owner;
  for (const auto& [name, e] : params.specs()) by_owner[e.owner].push_back(&e.spec);
  auto cell = [](std::string_view text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  std::string out;
  for (const auto& [owner, specs] : by_owner) {
    out += "### " + (owner.empty() ? std::string("general") : owner) + "\n\n";
    out += "| flag | type | default | range | unit | what it does |\n|---|---|---|---|---|---|\n";
    for (const ParamSpec* s : specs) {
      std::string range;
      if (s->type == ParamType::Choice) {
        for (size_t i = 0; i < s->choices.size(); ++i) range += (i ? ", " : "") + std::string(s->choices[i]);
      } else if (s->type == ParamType::Bool) {
        range = "true, false";
      } else {
        range = value_text(*s, s->min_value) + " .. " + value_text(*s, s->max_value);
      }
      out += "| `--" + std::string(s->name) + "` | " + std::string(type_name(s->type)) + " | " +
             value_text(*s, s->default_value) + " | " + cell(range) + " | " + cell(s->unit) + " | " +
             cell(s->help) + " |\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace cranes
