// SPDX-License-Identifier: MIT
// The project's one corner tracker: Shi-Tomasi corners followed by Bouguet's pyramidal Lucas-Kanade, seeded
// with a predicted motion, and a similarity fitted to the tracks by RANSAC. Its two users want different
// things of it, and say so in a CornerTracking each:
//  - aligning two frames for the boundary analyzer (kPairTracking): the frames may be a cut, a flash or a
//    dissolve apart, with fresh corners each time, so a track must agree backwards as well as forwards and
//    one fit must hold for the pair;
//  - following the camera (kPathTracking): points kept in flight from frame to frame on a picture the pass
//    tracks once per frame, so the pyramid (with its gradients) is built once and used for both pairs a frame
//    is in, thresholds scale with the picture, a track that leaves the frame is dropped, and a looser second
//    fit accepts a motion-blurred frame when most tracks agree with it.
// The two settings are tuned against their own accuracy tables (docs/boundaries.md, docs/motion.md).
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "cranes/analysis/global_motion.hpp"

namespace cranes::analysis {

struct CornerTracking {
  int window = 15;            ///< Lucas-Kanade window, pixels square
  int levels = 3;             ///< pyramid levels above the picture
  bool gradients = false;     ///< pyramids keep their derivatives (built once, tracked from more than once)
  double spacing = 1 / 40.0;  ///< least distance between corners, frame widths (and at least 4 pixels)
  /// > 0: each track is followed back, and dropped when it lands further than this (pixels) from its start.
  double forward_backward_px = 0;
  bool inside_only = false;  ///< drop tracks that end outside the picture
  int min_points = 8;        ///< fewer points (to track, tracked, or inliers): no fit
  /// RANSAC inlier thresholds tried in turn (the second only when the first fails and there are at least
  /// three times min_points tracks), in pixels of a picture `reference_width` wide (0: of the picture
  /// itself).
  double ransac_px[2] = {1.5, 0};
  double reference_width = 0;
  int ransac_iterations = 1000;
  bool majority = false;  ///< a fit must also have half the tracks as inliers
};

/// Boundaries: aligning two frames that may not belong together.
inline constexpr CornerTracking kPairTracking{15, 3,        false, 1 / 40.0, 1.0,  false,
                                              8,  {1.5, 0}, 0,     1000,     false};
/// Motion: following the camera's path through a shot.
inline constexpr CornerTracking kPathTracking{11, 3, true, 1 / 32.0, 0, true, 10, {1.0, 3.0}, 320, 500, true};

/// The tracker's image pyramid of `grey` (CV_8UC1).
std::vector<cv::Mat> tracking_pyramid(const cv::Mat& grey, const CornerTracking& c);

/// The least distance between corners on a picture `width` pixels wide.
double corner_spacing_px(int width, const CornerTracking& c);

/// Up to `max_corners` Shi-Tomasi corners of `grey`, strongest first, outside `mask`'s zeros.
std::vector<cv::Point2f> find_corners(const cv::Mat& grey, int max_corners, const CornerTracking& c,
                                      const cv::Mat& mask = {});

/// Point pairs followed from one picture to the next, and the similarity fitted to them.
struct CornerTracks {
  Similarity sim;
  std::vector<cv::Point2f> a, b;  ///< tracked pairs
  std::vector<size_t> from;       ///< index of each pair's point in the input list
  std::vector<uint8_t> inlier;    ///< RANSAC inliers of `sim`
};

/// RANSAC's similarity from point pairs (cv::estimateAffinePartial2D) into `out` (affine and inliers; `ok` is
/// the caller's to judge) and `inlier`; false when it found none (then `out` is untouched).
bool ransac_similarity(const std::vector<cv::Point2f>& a, const std::vector<cv::Point2f>& b,
                       double threshold_px, int iterations, Similarity& out, std::vector<uint8_t>& inlier);

/// Follows `p0` from the picture of `prev` to that of `curr` (pyramids from tracking_pyramid), from where
/// `predicted` puts them when given and ok, and fits the similarity.
CornerTracks track_corners(const std::vector<cv::Mat>& prev, const std::vector<cv::Mat>& curr,
                           const std::vector<cv::Point2f>& p0, const Similarity* predicted,
                           const CornerTracking& c);

}  // namespace cranes::analysis
