// SPDX-License-Identifier: MIT
#include "cranes/analysis/corner_tracks.hpp"

#include <algorithm>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace cranes::analysis {

std::vector<cv::Mat> tracking_pyramid(const cv::Mat& grey, const CornerTracking& c) {
  std::vector<cv::Mat> p;
  // Without gradients: the pyramid calcOpticalFlowPyrLK would build from the picture itself (reflected
  // borders); with them, what it would compute on every call, once.
  cv::buildOpticalFlowPyramid(grey, p, cv::Size(c.window, c.window), c.levels, c.gradients);
  return p;
}

double corner_spacing_px(int width, const CornerTracking& c) {
  return std::max(4.0, width * c.spacing);
}

std::vector<cv::Point2f> find_corners(const cv::Mat& grey, int max_corners, const CornerTracking& c,
                                      const cv::Mat& mask) {
  std::vector<cv::Point2f> corners;
  cv::goodFeaturesToTrack(grey, corners, max_corners, 0.01, corner_spacing_px(grey.cols, c), mask, 3);
  return corners;
}

bool ransac_similarity(const std::vector<cv::Point2f>& a, const std::vector<cv::Point2f>& b,
                       double threshold_px, int iterations, Similarity& out, std::vector<uint8_t>& inlier) {
  const cv::Mat m = cv::estimateAffinePartial2D(a, b, inlier, cv::RANSAC, threshold_px, iterations, 0.99, 10);
  if (m.empty()) return false;
  out.affine = cv::Matx23d(m);
  out.inliers = cv::countNonZero(inlier);
  return true;
}

CornerTracks track_corners(const std::vector<cv::Mat>& prev, const std::vector<cv::Mat>& curr,
                           const std::vector<cv::Point2f>& p0, const Similarity* predicted,
                           const CornerTracking& c) {
  CornerTracks f;
  if (static_cast<int>(p0.size()) < c.min_points) return f;
  const cv::Size size = curr[0].size();
  std::vector<cv::Point2f> p1;
  std::vector<uint8_t> st;
  std::vector<float> err;
  int flags = 0;
  if (predicted && predicted->ok) {
    cv::transform(p0, p1, cv::Mat(predicted->affine));
    flags = cv::OPTFLOW_USE_INITIAL_FLOW;
  }
  static const cv::TermCriteria term(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 20, 0.03);
  cv::calcOpticalFlowPyrLK(prev, curr, p0, p1, st, err, cv::Size(c.window, c.window), c.levels, term, flags);
  const cv::Rect2f inside(0, 0, static_cast<float>(size.width), static_cast<float>(size.height));
  for (size_t i = 0; i < p0.size(); ++i) {
    if (!st[i] || (c.inside_only && !inside.contains(p1[i]))) continue;
    f.a.push_back(p0[i]);
    f.b.push_back(p1[i]);
    f.from.push_back(i);
  }
  f.sim.points = static_cast<int>(f.a.size());
  if (f.sim.points < c.min_points) return f;
  if (c.forward_backward_px > 0) {
    // Only the points that the forward pass kept are tracked back.
    std::vector<cv::Point2f> back = f.a;
    cv::calcOpticalFlowPyrLK(curr, prev, f.b, back, st, err, cv::Size(c.window, c.window), c.levels, term,
                             cv::OPTFLOW_USE_INITIAL_FLOW);
    const auto limit = static_cast<float>(c.forward_backward_px * c.forward_backward_px);
    size_t kept = 0;
    for (size_t i = 0; i < f.a.size(); ++i) {
      if (!st[i]) continue;
      const cv::Point2f d = back[i] - f.a[i];
      if (d.x * d.x + d.y * d.y > limit) continue;  // forward-backward disagreement: a bad track
      f.a[kept] = f.a[i];
      f.b[kept] = f.b[i];
      f.from[kept] = f.from[i];
      ++kept;
    }
    f.a.resize(kept);
    f.b.resize(kept);
    f.from.resize(kept);
    f.sim.points = static_cast<int>(kept);
    if (f.sim.points < c.min_points) return f;
  }
  // Most tracks must agree (with `majority`): a cut leaves a scatter that RANSAC can still fit a few points
  // of. Motion blur (a fast spin or whip) smears the corners, so tracks of a true motion scatter wider: a
  // looser second fit accepts them when most tracks then agree, which a cut's scatter still does not.
  const double px = c.reference_width > 0 ? size.width / c.reference_width : 1.0;
  for (const double threshold : c.ransac_px) {
    if (threshold <= 0) break;
    if (!ransac_similarity(f.a, f.b, threshold * px, c.ransac_iterations, f.sim, f.inlier)) continue;
    f.sim.ok = f.sim.inliers >= c.min_points && (!c.majority || f.sim.inliers * 2 >= f.sim.points);
    if (f.sim.ok || f.sim.points < 3 * c.min_points) break;
  }
  return f;
}

}  // namespace cranes::analysis
