// SPDX-License-Identifier: MIT
// Camera roll (Dutch angle) and pitch (high/low angle) of one still picture from its straight edges: LSD
// segments (von Gioi et al. 2012) that lean less than 50 degrees from upright meet at the vertical vanishing
// point; the direction from the principal point to it is the roll and its distance is the pitch (Gallagher
// 2005, "Using vanishing points to correct camera rotation in images"). A long level edge (horizon) stands in
// when no verticals do.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>

#include "cranes/core/geometry.hpp"
#include "cranes/film/labels.hpp"

namespace cranes::analysis {

struct LineGeometry {
  /// Camera roll against true vertical. > 0: the camera is rolled clockwise (seen from behind it), so a level
  /// horizon rises to the right on screen. nullopt: unknown (too few straight edges, or they disagree, or the
  /// camera looks straight up or down, where roll has no meaning).
  std::optional<double> dutch_deg;
  double dutch_confidence = 0;  ///< 0..1
  /// "level", "high" (camera looks down), "low" (looks up), "overhead", "worms_eye" or "unknown";
  /// see `camera_angle_of`.
  film::CameraAngle camera_angle = film::CameraAngle::Unknown;
  /// Camera pitch, > 0 looking up, under the field of view passed to `measure_lines`. nullopt: unknown.
  std::optional<double> pitch_deg;
  double angle_confidence = 0;  ///< 0..1
  int segments = 0;             ///< segments long enough to use
  /// How `dutch_deg` was found: "vertical_vp", "horizon" or "none".
  std::string source = "none";
};

/// Working width (pixels) the picture is resized to before line detection: LSD costs about 8 ms here.
inline constexpr int kLineWorkingWidth = 400;
/// |pitch| below this is "level"; up to kSteepPitchDeg it is "high"/"low", beyond "overhead"/"worms_eye".
inline constexpr double kLevelPitchDeg = 8.0;
inline constexpr double kSteepPitchDeg = 60.0;

/// Roll and pitch of the camera that took `grey` (CV_8UC1, any size). `hfov_deg` is the assumed horizontal
/// field of view of the whole picture, which turns the vertical vanishing point's distance into a pitch; roll
/// does not depend on it. The principal point is assumed at the picture's centre.
LineGeometry measure_lines(const cv::Mat& grey, double hfov_deg = kDefaultFovDeg);

/// The label for a camera pitch (> 0 looking up) by the thresholds above.
film::CameraAngle camera_angle_of(double pitch_deg);

}  // namespace cranes::analysis
