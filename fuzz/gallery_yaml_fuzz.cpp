// SPDX-License-Identifier: MIT
// Fuzz target: the gallery's front matter on arbitrary strings. The bytes are cut at NUL into a post's title,
// excerpt, location, a tag, a film title and an image's alt text; whatever they hold, the front matter must
// parse as YAML (yaml-cpp), contain no character YAML calls non-printable (strict parsers refuse those), and
// give back every string as written (invalid UTF-8 as JSON's writer replaces it).
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cranes/report/gallery.hpp"

namespace {

// The string as written into the document: invalid UTF-8 becomes U+FFFD.
std::string as_written(const std::string& s) {
  return nlohmann::json::parse(
             nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .get<std::string>();
}

bool printable_yaml(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x7F || (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) return false;
    if (c == 0xC2 && i + 1 < text.size()) {  // U+0080..U+00BF: the C1 controls but NEL
      const auto d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0x9F && d != 0x85) return false;
    }
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(text[i + 2]) == 0xBE || static_cast<unsigned char>(text[i + 2]) == 0xBF))
      return false;  // U+FFFE, U+FFFF
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> parts(6);
  size_t k = 0;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0 && k + 1 < parts.size())
      ++k;
    else
      parts[k] += static_cast<char>(data[i]);
  }
  cranes::report::Gallery g;
  g.title = parts[0];
  g.excerpt = parts[1];
  g.location = parts[2];
  g.tags = {parts[3]};
  g.date = "2026-01-22";
  g.sections.push_back({parts[4], "id", parts[4], {{"/a.avif", 4, 3, parts[5]}}});
  const std::string md = cranes::report::gallery_markdown(g);
  const size_t end = md.find("\n---\n", 4);
  if (md.rfind("---\n", 0) != 0 || end == std::string::npos) std::abort();
  const std::string front = md.substr(4, end - 4 + 1);
  if (!printable_yaml(front)) std::abort();
  YAML::Node y;
  try {
    y = YAML::Load(front);
  } catch (const YAML::Exception&) {
    std::abort();
  }
  if (y["title"].as<std::string>() != as_written(parts[0]) ||
      y["excerpt"].as<std::string>() != as_written(parts[1]) ||
      y["location"].as<std::string>() != as_written(parts[2]) ||
      y["tags"][0].as<std::string>() != as_written(parts[3]) ||
      y["galleries"][0]["title"].as<std::string>() != as_written(parts[4]) ||
      y["galleries"][0]["images"][0]["alt"].as<std::string>() != as_written(parts[5]))
    std::abort();
  return 0;
}
