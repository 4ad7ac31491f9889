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

}  // namespace cranes::analysis
