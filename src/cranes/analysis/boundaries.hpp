// SPDX-License-Identifier: MIT
// The shot-boundary analyzer: hard cuts, dissolves and fades, without cutting a long take because the camera
// spins, whips or shakes, a flash goes off, the exposure jumps or the picture drifts under water.
#pragma once

#include <memory>
#include <span>

#include "cranes/analysis/analyzer.hpp"

namespace cranes::analysis {

/// Its parameter table (one home for every default).
std::span<const ParamSpec> boundary_params();
std::unique_ptr<Analyzer> make_boundary_analyzer(const ParamSet& params);

/// Turns transitions into shots (the spans between them) with times from `frame_time_s` (one per frame, plus
/// the end time of the last frame as a final element). Dissolves split at their midpoint; a fade-out belongs
/// to the shot that fades, a fade-in (and any hold on black before it) to the shot that appears.
std::vector<film::Shot> shots_from_transitions(const std::vector<film::Transition>& transitions,
                                               int64_t frames, const std::vector<double>& frame_time_s);

}  // namespace cranes::analysis
