// SPDX-License-Identifier: MIT
// The framing analyzer: on key frames (full-resolution luma, about one a second) it finds the active picture
// inside letterbox or pillarbox bars, then measures the Dutch angle and camera angle from line segments
// (line_geometry) and the shot scale from faces and figures (shot_scale) on the active picture only; at the
// end each shot gets the median angle, the most common camera angle and its scale (or a range).
#pragma once

#include <memory>
#include <span>

#include "cranes/analysis/analyzer.hpp"

namespace cranes::analysis {

std::span<const ParamSpec> framing_params();
std::unique_ptr<Analyzer> make_framing_analyzer(const ParamSet& params);

}  // namespace cranes::analysis
