// SPDX-License-Identifier: MIT
// The --catalog option every command that reads or writes the catalog takes, and the path it resolves to.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

namespace cranes::cli {

/// Adds `--catalog PATH` to `cmd`, stored in `target` (empty: the default).
void add_catalog_option(CLI::App* cmd, std::string& target);

/// `given` when set, else catalog::default_catalog_path() (CRANES_CATALOG, XDG_DATA_HOME, ~/.local/share).
std::filesystem::path catalog_path(const std::string& given);

}  // namespace cranes::cli
