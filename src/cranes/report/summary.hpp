// SPDX-License-Identifier: MIT
// Plain-text summaries of an analysed film, as the terminal shows them: the source, the shots and
// transitions, the lens, the Cinemetrics statistics and the files written. The HTML report and the contact
// sheet grow beside this file and read the same Film.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cranes/film/film.hpp"

namespace cranes::report {

/// "H:MM:SS.ss"
std::string clock_text(double seconds);

/// The lens line: the measured field of view and its focal length on 35 mm Academy film, or the assumed one;
/// "" when the motion analyzer did not run.
std::string lens_text(const film::Film& film);

/// What `cranes analyze` prints for one film: the source, the transitions by type, the lens, the statistics,
/// then one "wrote" line per file.
std::string summary_text(const film::Film& film, const std::vector<std::filesystem::path>& written = {});

/// One line of camera movements: "pan_right 12 deg/s (48 deg) > static > roll_cw 90 deg/s (720 deg)".
std::string movements_text(const film::Shot& shot);

}  // namespace cranes::report
