// SPDX-License-Identifier: MIT
// Angles and lenses, once: degree/radian factors with names that say which way they go, the field of view
// assumed when the lens is not measured, and the pinhole relation between focal length and field of view
// (f = (w / 2) / tan(fov / 2), with f and w in the same units).
#pragma once

#include <cmath>
#include <numbers>

namespace cranes {

inline constexpr double kRadPerDeg = std::numbers::pi / 180.0;  ///< degrees * kRadPerDeg = radians
inline constexpr double kDegPerRad = 180.0 / std::numbers::pi;  ///< radians * kDegPerRad = degrees

/// The horizontal field of view assumed for the camera's turns where the lens is not measured: about a
/// 19 mm lens across the 21.95 mm Academy aperture (a 9.8 mm lens, as in I Am Cuba, is about 97 degrees).
inline constexpr double kDefaultFovDeg = 60.0;

/// Focal length in picture widths of a lens with this horizontal field of view.
inline double focal_of_fov(double fov_deg) {
  return 0.5 / std::tan(fov_deg / 2.0 * std::numbers::pi / 180.0);
}

/// Horizontal field of view (degrees) of a focal length `focal` across a picture `width` wide (same units).
inline double fov_of_focal(double focal, double width = 1.0) {
  return 2.0 * std::atan(width / (2.0 * focal)) * 180.0 / std::numbers::pi;
}

}  // namespace cranes
