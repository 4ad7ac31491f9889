// SPDX-License-Identifier: MIT
// Shots are the spans between transitions: the one rule that turns a film's transitions into its shots.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "cranes/film/film.hpp"

namespace cranes::film {

/// Turns transitions into shots (the spans between them) with times from `time_of` (frame f's start for f in
/// [0, frames), the end of the last frame for f == frames). Dissolves split at their midpoint; a fade-out
/// belongs to the shot that fades, a fade-in (and any hold on black before it) to the shot that appears.
std::vector<Shot> shots_from_transitions(const std::vector<Transition>& transitions, int64_t frames,
                                         const std::function<double(int64_t)>& time_of);

/// The same with the times in a table: one per frame, plus the end of the last frame as a final element.
std::vector<Shot> shots_from_transitions(const std::vector<Transition>& transitions, int64_t frames,
                                         const std::vector<double>& frame_time_s);

}  // namespace cranes::film
