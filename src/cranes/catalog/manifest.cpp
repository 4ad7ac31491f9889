// SPDX-License-Identifier: MIT
#include "cranes/catalog/manifest.hpp"

#include <charconv>
#include <fstream>

#include "cranes/core/error.hpp"

namespace cranes::catalog {

std::vector<ManifestEntry> read_manifest(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw Error(path.string(), "cannot read the manifest");
  std::vector<ManifestEntry> out;
  std::string line;
  int number = 0;
  const auto base = std::filesystem::absolute(path).parent_path();
  while (std::getline(in, line)) {
    ++number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    std::string text = line.substr(first, last - first + 1);
    std::filesystem::path video(text);
    if (video.is_relative()) video = base / video;
    out.push_back({std::move(text), video.lexically_normal(), number});
  }
  if (in.bad()) throw Error(path.string(), "cannot read the manifest");
  return out;
}

Shard parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  Shard s{-1, 0};
  auto number = [](std::string_view t, int& v) {
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
  };
  if (slash == std::string_view::npos || !number(text.substr(0, slash), s.index) ||
      !number(text.substr(slash + 1), s.count) || s.count < 1 || s.index < 0 || s.index >= s.count)
    throw Error("--shard", "'" + std::string(text) + "' is not I/N with 0 <= I < N (e.g. 3/100)",
                Error::Kind::Usage);
  return s;
}

uint64_t stable_hash(std::string_view text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace cranes::catalog
