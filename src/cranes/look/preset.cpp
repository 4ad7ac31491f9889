// SPDX-License-Identifier: MIT
// Looks as JSON files. A preset is strict: every key must be a parameter of the look and every value in its
// range, so a typing mistake in a user's file is an error naming the file and the key, never a silently
// ignored setting.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cranes/core/error.hpp"
#include "cranes/look/look.hpp"

namespace cranes::look {

namespace fs = std::filesystem;

std::vector<fs::path> preset_dirs() {
  std::vector<fs::path> dirs;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    dirs.push_back(fs::path(xdg) / "cranes/looks");
  else if (const char* home = std::getenv("HOME"); home && *home)
    dirs.push_back(fs::path(home) / ".config/cranes/looks");
#ifdef CRANES_SOURCE_DIR
  dirs.push_back(fs::path(CRANES_SOURCE_DIR) / "share/looks");
#endif
#ifdef CRANES_INSTALL_DATADIR
  dirs.push_back(fs::path(CRANES_INSTALL_DATADIR) / "cranes/looks");
#endif
  return dirs;
}

Look parse_look(const nlohmann::json& j, const std::string& subject) {
  if (!j.is_object()) throw Error(subject, "a look is a JSON object", Error::Kind::Format);
  Look look;
  for (const auto& [key, value] : j.items()) {
    if (key == "description") {
      if (!value.is_string())
        throw Error(subject, "key \"description\": expects a string", Error::Kind::Format);
      look.description = value.get<std::string>();
    } else if (key != "params") {
      throw Error(subject, "unknown key \"" + key + "\" (a look has \"description\" and \"params\")",
                  Error::Kind::Usage);
    }
  }
  if (!j.contains("params")) return look;
  const auto& params = j["params"];
  if (!params.is_object()) throw Error(subject, "key \"params\": expects an object", Error::Kind::Format);
  for (const auto& [key, value] : params.items()) {
    if (!look.params.specs().count(key))
      throw Error(subject, "unknown key \"" + key + "\" (`cranes look --help` lists the parameters)",
                  Error::Kind::Usage);
    try {
      if (value.is_string())
        look.params.set_text(key, value.get<std::string>());
      else if (value.is_boolean())
        look.params.set(key, value.get<bool>() ? 1 : 0);
      else if (value.is_number())
        look.params.set(key, value.get<double>());
      else
        throw Error("--" + key, "expects a number, true/false or a word", Error::Kind::Usage);
    } catch (const Error& e) {
      throw Error(subject, "key \"" + key + "\": " + e.cause(), Error::Kind::Usage);
    }
  }
  return look;
}

Look read_look(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string(), "cannot be read", Error::Kind::Io);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw Error(file.string(), std::string("not valid JSON: ") + e.what(), Error::Kind::Format);
  }
  Look look = parse_look(j, file.string());
  look.name = file.stem().string();
  look.file = file;
  return look;
}

std::vector<Look> list_presets() {
  std::map<std::string, Look> by_name;
  for (const fs::path& dir : preset_dirs()) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() != ".json") continue;
      const std::string name = entry.path().stem().string();
      if (by_name.count(name)) continue;  // an earlier folder (the user's) shadows it
      by_name.emplace(name, read_look(entry.path()));
    }
  }
  std::vector<Look> out;
  for (auto& [name, look] : by_name) out.push_back(std::move(look));
  return out;
}

Look load_preset(std::string_view name_or_path) {
  const std::string name(name_or_path);
  if (name.find('/') != std::string::npos || fs::path(name).extension() == ".json") return read_look(name);
  for (const fs::path& dir : preset_dirs()) {
    const fs::path file = dir / (name + ".json");
    std::error_code ec;
    if (fs::is_regular_file(file, ec)) return read_look(file);
  }
  std::string known;
  for (const Look& l : list_presets()) known += (known.empty() ? "" : ", ") + l.name;
  throw Error("--preset " + name, "no such look (known: " + (known.empty() ? "none" : known) + ")",
              Error::Kind::Usage);
}

nlohmann::json look_json(const Look& look) {
  nlohmann::json j;
  j["name"] = look.name;
  j["description"] = look.description;
  j["file"] = look.file.string();
  j["params"] = look.params.to_json();
  return j;
}

}  // namespace cranes::look
