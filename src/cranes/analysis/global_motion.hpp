// SPDX-License-Identifier: MIT
// Global motion between two grey frames: a similarity transform (shift, rotation, scale) from KLT-tracked
// corners with a forward-backward check and RANSAC (Shi-Tomasi features, Bouguet's pyramidal Lucas-Kanade),
// and a translation by phase correlation for blurred frames where corners fail (whip pans).
#pragma once

#include <opencv2/core.hpp>
#include <vector>

namespace cranes::analysis {

struct Similarity {
  cv::Matx23d affine{1, 0, 0, 0, 1, 0};  ///< maps previous-frame points to current-frame points
  int points = 0;                        ///< corners tracked both ways
  int inliers = 0;                       ///< RANSAC inliers
  bool ok = false;

  double scale() const;
  double rotation_deg() const;  ///< counter-clockwise on screen is positive (image y points down)
  /// Mean displacement of the frame corners, as a fraction of the frame diagonal.
  double corner_motion(cv::Size size) const;
  /// The same transform for images scaled by `factor`.
  Similarity scaled(double factor) const;
};

/// Tracking and corner detection want gradients: a faint picture (fog, night, a pale print) stretched
/// linearly to a standard contrast (returned as is when it has enough). Each frame of a pair gets its own
/// stretch, which also absorbs exposure changes.
cv::Mat with_contrast(const cv::Mat& grey);

/// ORB keypoints and descriptors of one picture (after `with_contrast`).
struct Features {
  std::vector<cv::KeyPoint> keypoints;
  cv::Mat descriptors;
};
Features orb_features(const cv::Mat& grey);

/// One picture as the estimators below see it, each part computed on first use and kept: a picture compared
/// several times (the frame before a cut, against the frames after it) is prepared once. The results are the
/// same as from the plain pictures.
class PreparedFrame {
 public:
  explicit PreparedFrame(cv::Mat grey) : m_grey(std::move(grey)) {}
  const cv::Mat& contrast();              ///< with_contrast(grey)
  const std::vector<cv::Mat>& pyramid();  ///< the tracker's image pyramid of contrast()
  const std::vector<cv::Point2f>& corners(
      int max_corners);        ///< Shi-Tomasi corners of contrast(), strongest first
  const Features& features();  ///< orb_features(grey)

 private:
  cv::Mat m_grey, m_contrast;
  std::vector<cv::Mat> m_pyramid;
  std::vector<cv::Point2f> m_corners;
  int m_corners_for = -1;
  Features m_features;
  bool m_has_contrast = false, m_has_features = false;
};

/// Similarity from `prev` to `curr` (CV_8UC1, same size). Fails (ok = false) without enough trackable
/// corners. `predicted` (e.g. the previous frame pair's motion: camera motion is continuous) seeds the
/// tracker, so fast spins and pans of many pixels a frame are followed.
Similarity estimate_similarity(const cv::Mat& prev, const cv::Mat& curr,
                               const Similarity* predicted = nullptr, int max_corners = 120);
Similarity estimate_similarity(PreparedFrame& prev, PreparedFrame& curr,
                               const Similarity* predicted = nullptr, int max_corners = 120);

/// Similarity from features matched by descriptor (rotation-invariant): slower than tracking, but finds a
/// fast spin or a large jump without any prediction. Fails (ok = false) without enough consistent matches.
Similarity match_features(const Features& prev, const Features& curr);
/// The same, each feature compared only with those within `radius_px` of where `predicted` puts it (a spin
/// that the corner tracker lost still turns about as it did a frame ago): a fraction of the comparisons.
Similarity match_features_near(const Features& prev, const Features& curr, const Similarity& predicted,
                               double radius_px);
/// The same from the two pictures.
Similarity estimate_similarity_features(const cv::Mat& prev, const cv::Mat& curr);
Similarity estimate_similarity_features(PreparedFrame& prev, PreparedFrame& curr);

/// `b` after `a` (apply a, then b).
Similarity compose(const Similarity& a, const Similarity& b);

/// Translation from `prev` to `curr` by phase correlation (CV_32FC1, same size); `response` in [0,1] says how
/// peaked the correlation was.
Similarity estimate_translation(const cv::Mat& prev, const cv::Mat& curr, double* response = nullptr);

}  // namespace cranes::analysis
