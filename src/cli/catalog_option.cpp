// SPDX-License-Identifier: MIT
#include "cli/catalog_option.hpp"

#include "cranes/catalog/catalog.hpp"

namespace cranes::cli {

void add_catalog_option(CLI::App* cmd, std::string& target) {
  cmd->add_option("--catalog", target,
                  "The catalog file (default: $CRANES_CATALOG, else $XDG_DATA_HOME/cranes/catalog.db, else\n"
                  "~/.local/share/cranes/catalog.db)");
}

std::filesystem::path catalog_path(const std::string& given) {
  return given.empty() ? catalog::default_catalog_path() : std::filesystem::path(given);
}

}  // namespace cranes::cli
