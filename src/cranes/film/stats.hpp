// SPDX-License-Identifier: MIT
// Cinemetrics statistics of shot lengths (Tsivian & Civjans, cinemetrics.lv; Salt): ASL, MSL, MSL/ASL, StDev,
// CV, min/max, the longest takes, ASL per equal-time section by Brisson's method (fractional shot counts at
// the borders, cinemetrics.lv/lab.php?ID=119) and a shot-length histogram. Pure arithmetic on the shots'
// times.
#pragma once

#include <vector>

#include "cranes/film/film.hpp"

namespace cranes::film {

/// The histogram bin edges in seconds: 1-second bins up to 10 s (where most shots of most films fall), then
/// 10-15-20-30-45-60-90-120-180-300 s. compute_stats emits bins from 0 up to the one holding the longest
/// shot; a shot of 300 s or more goes in a last bin [300, floor(max)+1).
const std::vector<double>& histogram_edges_s();

/// Statistics of `shots` (each shot's length_s; times from start_s/end_s).
/// - ASL = sum of lengths / shots; MSL = median (mean of the two middle values for an even count);
///   StDev is the population standard deviation; CV = StDev / ASL.
/// - `longest`: up to that many longest takes, longest first, ties by index.
/// - `sections`: the span from the first shot's start to the last shot's end split into that many equal
/// parts; a
///   shot straddling a border counts in each part by the fraction of its length inside it, and a part's ASL
///   is its length / its fractional shot count (0 for a part no shot touches). A zero-length shot counts 1
///   where it starts.
/// Empty input gives Stats with shots = 0 and every figure 0 (no NaN). Non-finite or negative lengths count
/// as 0.
Stats compute_stats(const std::vector<Shot>& shots, int sections = 10, int longest = 5);

}  // namespace cranes::film
