// SPDX-License-Identifier: MIT
// An archive as a list of films, split into shards for many machines: a manifest is a text file with one
// film per line; shard I of N takes the films whose path hashes (FNV-1a, 64 bits, of the line as written) to
// I modulo N. The hash depends on nothing but the line, so a rerun of a shard analyses the same films, and
// every film is in exactly one shard.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cranes::catalog {

struct ManifestEntry {
  std::string line;             ///< as written (trimmed): what the shard is computed from
  std::filesystem::path video;  ///< relative lines are relative to the manifest's directory
  int line_number = 0;
};

/// Reads a manifest: blank lines and lines starting with '#' are skipped, surrounding spaces trimmed.
/// Throws cranes::Error naming the file when it cannot be read.
std::vector<ManifestEntry> read_manifest(const std::filesystem::path& path);

struct Shard {
  int index = 0;  ///< 0-based
  int count = 1;
};

/// "I/N" with 0 <= I < N; throws cranes::Error (Usage) naming the text otherwise.
Shard parse_shard(std::string_view text);

/// FNV-1a 64 of `text`.
uint64_t stable_hash(std::string_view text);

inline bool in_shard(std::string_view line, Shard shard) {
  return stable_hash(line) % static_cast<uint64_t>(shard.count) == static_cast<uint64_t>(shard.index);
}

}  // namespace cranes::catalog
