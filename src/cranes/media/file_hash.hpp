// SPDX-License-Identifier: MIT
// A content fingerprint of a large file that costs milliseconds, not minutes: SHA-256 (libavutil) of the
// file's size and of its first and last 4 MiB. Two files that differ there differ; a re-encode, a truncation
// or a replaced file changes it. (A full hash of a 40 GB master would take longer than its analysis.)
#pragma once

#include <filesystem>
#include <string>

namespace cranes::media {

/// "sha256s:" + 64 hex digits. Throws cranes::Error naming the file when it cannot be read.
std::string sample_hash(const std::filesystem::path& path);

}  // namespace cranes::media
