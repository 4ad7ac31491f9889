// SPDX-License-Identifier: MIT
// Shot scale (Salt's ECU ... ELS) from the size of the largest face or figure relative to the picture height:
// LBP face cascades from opencv-data (frontal, then profile both ways) and, when no face is big enough to
// decide, the built-in HOG people detector (Dalal & Triggs 2005). No person found is "unknown", never a
// guess.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>
#include <span>
#include <string>

#include "cranes/film/labels.hpp"

namespace cranes::analysis {

struct ScaleObservation {
  film::ShotScale scale = film::ShotScale::Unknown;
  double face_height = 0;    ///< largest face box height / picture height (0 = none)
  double figure_height = 0;  ///< largest person height / picture height (0 = none)
  int faces = 0, figures = 0;
  double confidence = 0;  ///< 0..1
  bool operator==(const ScaleObservation&) const = default;
};

/// The scale for a face box of `face_height` and a person of `figure_height` (fractions of the picture
/// height; 0 = none found). `face_cut`: the face box touches the top or bottom of the picture.
film::ShotScale scale_from(double face_height, double figure_height, bool face_cut = false);

class ScaleDetector {
 public:
  /// Loads the cascades from /usr/share/opencv4 (opencv-data); throws cranes::Error naming a file that cannot
  /// be loaded.
  ScaleDetector();
  explicit ScaleDetector(const std::string& opencv_data_dir);

  /// `grey`: CV_8UC1 (CV_8UC3 BGR is converted) of any size, the active picture only (bars cropped). Not
  /// thread-safe: the cascades keep scratch state, so use one detector per thread.
  ScaleObservation observe(const cv::Mat& grey) const;

  /// The frontal cascade runs on the picture scaled to this height: its 24x24 window misses faces smaller
  /// than 0.1 of the picture height (the small half of MS). The profile cascade, run both ways only when no
  /// frontal face is found, and HOG run smaller still: each costs about as much as the frontal pass at its
  /// own size, and the whole call is meant to stay near 15 ms on one core.
  static constexpr int kWorkingHeight = 240;
  static constexpr int kProfileHeight = 180;
  static constexpr int kMinFacePx = 24;
  static constexpr double kCascadeStep = 1.2;
  /// Face boxes (LBP frontal convention: brow to chin, about 1/9 of a standing person) at the thresholds.
  static constexpr double kEcuFace = 0.45, kCuFace = 0.25, kMcuFace = 0.15, kMsFace = 0.08;
  /// Standing person height (HOG box * kHogBoxToFigure) at the thresholds; a face of kMsFace is about 0.7.
  static constexpr double kMlsFigure = 0.5, kLsFigure = 0.1;
  static constexpr double kFaceToFigure = 9.0;
  /// The HOG window (64x128) holds a person of about 100 px: person height / box height.
  static constexpr double kHogBoxToFigure = 0.79;
  /// HOG runs on the picture scaled to this height, padded above and below by a sixth so that a person as
  /// tall as the picture still fits the window: people shorter than about 0.5 of the picture height are
  /// missed.
  static constexpr int kHogHeight = 200;
  static constexpr double kHogStep = 1.1;
  static constexpr double kHogMinWeight = 0.5;

 private:
  mutable cv::CascadeClassifier m_frontal, m_profile;
  mutable cv::HOGDescriptor m_hog;
};

/// One label for a shot from its observations: the most common scale, or a range "CU-MS" (closest first) when
/// the scale changes within the shot (the range spans every scale seen at least twice and in a fifth of the
/// observations that found a person; with only two such observations, both); "unknown" when none found a
/// person.
film::ScaleCall combine_scale(std::span<const ScaleObservation> observations);

}  // namespace cranes::analysis
