// SPDX-License-Identifier: MIT
// Output files appear whole or not at all: data goes to a temporary name in the same directory, is flushed,
// and is renamed over the final name only when complete. A failure removes the temporary file.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace cranes {

/// Writes `contents` to `path` atomically. Throws cranes::Error naming `path` on any failure.
void write_file_atomic(const std::filesystem::path& path, std::string_view contents);

/// Runs `produce(temporary_path)` and renames the result to `path`; removes the temporary file if `produce`
/// throws.
void produce_file_atomic(const std::filesystem::path& path,
                         const std::function<void(const std::filesystem::path&)>& produce);

/// A temporary name beside `path` (same directory, so rename is atomic), ending in the same extension so that
/// format guessing by extension still works.
std::filesystem::path temporary_name_for(const std::filesystem::path& path);

/// Checks that `dir` exists, is a directory and is writable; throws cranes::Error naming it otherwise.
void require_writable_directory(const std::filesystem::path& dir);

/// True when a file can be created in `dir`.
bool is_writable_directory(const std::filesystem::path& dir);

}  // namespace cranes
