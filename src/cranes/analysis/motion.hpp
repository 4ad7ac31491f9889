// SPDX-License-Identifier: MIT
// The camera-motion analyzer: tracks the picture from frame to frame (motion_tracker), keeps a few numbers
// per frame, and at the end splits every shot into movements (movements.hpp) and writes a per-second motion
// track.
#pragma once

#include <memory>
#include <span>

#include "cranes/analysis/analyzer.hpp"

namespace cranes::analysis {

std::span<const ParamSpec> motion_params();
std::unique_ptr<Analyzer> make_motion_analyzer(const ParamSet& params);

}  // namespace cranes::analysis
