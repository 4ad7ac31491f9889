// SPDX-License-Identifier: MIT
// Where results go: FILM.cranes.json beside the input, or in the current directory when the input's directory
// is read-only, or in the directory the user asked for.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "cranes/film/film.hpp"

namespace cranes::film {

/// The output directory for results about `input`. A requested directory is created when its parent exists;
/// throws cranes::Error naming it when it cannot be used (parent missing, not a directory, read-only).
std::filesystem::path resolve_output_dir(const std::filesystem::path& input,
                                         const std::optional<std::filesystem::path>& requested);

/// DIR/NAME.cranes.json for input NAME.
std::filesystem::path film_json_path(const std::filesystem::path& input, const std::filesystem::path& dir);

/// DIR/NAME.report.html for input NAME: its HTML report.
std::filesystem::path report_path(const std::filesystem::path& input, const std::filesystem::path& dir);

/// DIR/NAME.stills/ for input NAME: where its stills go.
std::filesystem::path stills_dir_path(const std::filesystem::path& input, const std::filesystem::path& dir);

/// The video an analysis was made of, for the commands that re-read its frames: `given` when set (it must
/// exist), else the path the analysis recorded, else a file of that name beside the analysis. Throws
/// cranes::Error naming the analysis, the missing film and how to point at it (`flag` PATH) otherwise.
std::filesystem::path locate_video(const Film& film, const std::filesystem::path& analysis,
                                   const std::optional<std::filesystem::path>& given, std::string_view flag);

/// Writes everything an analysis of `input` produces into `dir`, each file atomically: NAME.cranes.json, and
/// NAME.shots.csv and NAME.edl when there are shots; then `more` writes what else the caller makes (a
/// report), adding its files to the list. Returns the paths written, the JSON first. On any failure the
/// files already written are removed before the error goes on.
std::vector<std::filesystem::path> write_analysis(
    const Film& film, const std::filesystem::path& input, const std::filesystem::path& dir,
    const std::function<void(std::vector<std::filesystem::path>&)>& more = {});

}  // namespace cranes::film
