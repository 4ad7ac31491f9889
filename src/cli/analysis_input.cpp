// SPDX-License-Identifier: MIT
#include "cli/analysis_input.hpp"

#include <string>

#include "cranes/core/error.hpp"
#include "cranes/film/shot_table.hpp"

namespace cranes::cli {
namespace fs = std::filesystem;

std::optional<fs::path> find_analysis(const fs::path& input) {
  try {
    return film::find_film_json(input);
  } catch (const Error&) {
    // A video with no analysis yet is for the caller to analyse; anything else that is missing stays an
    // error.
    std::error_code ec;
    if (input.extension() == ".json" || !fs::is_regular_file(input, ec)) throw;
    return std::nullopt;
  }
}

fs::path beside_analysis(const fs::path& analysis, std::string_view suffix) {
  std::string name = analysis.filename().string();
  for (const std::string_view known : {".cranes.json", ".json"})
    if (name.size() > known.size() && name.ends_with(known)) {
      name.resize(name.size() - known.size());
      break;
    }
  return analysis.parent_path() / (name + std::string(suffix));
}

}  // namespace cranes::cli
