// SPDX-License-Identifier: MIT
// The commands that work from an analysis (report, sheet) take ANALYSIS or the video it was made of, and
// write beside the analysis by default: NAME.cranes.json gives NAME.report.html, NAME.sheet.jpg.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace cranes::cli {

/// The analysis document for `input` (film::find_film_json), or none when `input` is a video that has not
/// been analysed. Throws cranes::Error naming `input` when it is missing.
std::optional<std::filesystem::path> find_analysis(const std::filesystem::path& input);

/// DIR/NAME`suffix` for DIR/NAME.cranes.json (or DIR/NAME.json, or any other name taken whole).
std::filesystem::path beside_analysis(const std::filesystem::path& analysis, std::string_view suffix);

}  // namespace cranes::cli
