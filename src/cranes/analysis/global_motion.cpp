// SPDX-License-Identifier: MIT
#include "cranes/analysis/global_motion.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>
#include <unordered_map>

#include "cranes/analysis/corner_tracks.hpp"

namespace cranes::analysis {

cv::Mat with_contrast(const cv::Mat& grey) {
  cv::Scalar mean, sd;
  cv::meanStdDev(grey, mean, sd);
  if (sd[0] >= 25.0 || sd[0] < 0.5) return grey;
  cv::Mat out;
  const double gain = 50.0 / sd[0];
  grey.convertTo(out, CV_8U, gain, 128.0 - gain * mean[0]);
  return out;
}

namespace {
// Lowe's ratio test: a match counts when its distance is under this share of the second best's.
constexpr double kLoweRatio = 0.8;
// Hamming distance (of ORB's 256 bits) under which a feature's only candidate counts as its match.
constexpr int kLoneMatchBits = 40;

// Bits that differ between two binary descriptors.
inline int hamming(const uchar* a, const uchar* b, int bytes) {
  int d = 0, i = 0;
  for (; i + 8 <= bytes; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    d += std::popcount(x ^ y);
  }
  for (; i < bytes; ++i) d += std::popcount(static_cast<unsigned>(a[i] ^ b[i]));
  return d;
}

// The nearest and second-nearest descriptor offered so far (ties go to the first offered).
struct TwoNearest {
  static constexpr int kNone = std::numeric_limits<int>::max();
  int best = -1, d1 = kNone, d2 = kNone;
  void offer(int d, int j) {
    if (d < d1) {
      d2 = d1;
      d1 = d;
      best = j;
    } else if (d < d2) {
      d2 = d;
    }
  }
};

// The descriptor matchers come in two builds, picked when the program loads: one for processors with a
// popcount instruction, and the generic one, where every 64 bits of a distance cost a call into the
// compiler's library.
#if defined(__x86_64__) && defined(__GNUC__)
#define CRANES_POPCOUNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define CRANES_POPCOUNT_CLONES
#endif

// A similarity from matched descriptors' point pairs by RANSAC (threshold in pixels); needs 8 inliers to
// count.
Similarity fit_similarity(const std::vector<cv::Point2f>& a, const std::vector<cv::Point2f>& b,
                          double threshold_px, int iterations) {
  constexpr int kMinInliers = 8;
  Similarity out;
  out.points = static_cast<int>(a.size());
  if (out.points < kMinInliers) return out;
  std::vector<uint8_t> inlier;
  if (ransac_similarity(a, b, threshold_px, iterations, out, inlier)) out.ok = out.inliers >= kMinInliers;
  return out;
}
}  // namespace

double Similarity::scale() const {
  return std::hypot(affine(0, 0), affine(1, 0));
}

double Similarity::rotation_deg() const {
  // With y down, a counter-clockwise turn on screen has a negative sin term in x' = a x - b y.
  return -std::atan2(affine(1, 0), affine(0, 0)) * 180.0 / CV_PI;
}

double Similarity::corner_motion(cv::Size size) const {
  const double w = size.width, h = size.height;
  const cv::Point2d corners[4] = {{0, 0}, {w, 0}, {0, h}, {w, h}};
  double sum = 0;
  for (const auto& p : corners) {
    const double x = affine(0, 0) * p.x + affine(0, 1) * p.y + affine(0, 2);
    const double y = affine(1, 0) * p.x + affine(1, 1) * p.y + affine(1, 2);
    sum += std::hypot(x - p.x, y - p.y);
  }
  return sum / 4.0 / std::hypot(w, h);
}

Similarity Similarity::scaled(double factor) const {
  Similarity s = *this;
  s.affine(0, 2) *= factor;
  s.affine(1, 2) *= factor;
  return s;
}

Similarity compose(const Similarity& a, const Similarity& b) {
  const cv::Matx33d ma(a.affine(0, 0), a.affine(0, 1), a.affine(0, 2), a.affine(1, 0), a.affine(1, 1),
                       a.affine(1, 2), 0, 0, 1);
  const cv::Matx33d mb(b.affine(0, 0), b.affine(0, 1), b.affine(0, 2), b.affine(1, 0), b.affine(1, 1),
                       b.affine(1, 2), 0, 0, 1);
  const cv::Matx33d m = mb * ma;
  Similarity s;
  s.affine = cv::Matx23d(m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2));
  s.ok = a.ok && b.ok;
  return s;
}

const cv::Mat& PreparedFrame::contrast() {
  if (!m_has_contrast) {
    m_contrast = with_contrast(m_grey);
    m_has_contrast = true;
  }
  return m_contrast;
}

const std::vector<cv::Mat>& PreparedFrame::pyramid() {
  if (m_pyramid.empty()) m_pyramid = tracking_pyramid(contrast(), kPairTracking);
  return m_pyramid;
}

const std::vector<cv::Point2f>& PreparedFrame::corners(int max_corners) {
  if (m_corners_for != max_corners) {
    m_corners = find_corners(contrast(), max_corners, kPairTracking);
    m_corners_for = max_corners;
  }
  return m_corners;
}

const Features& PreparedFrame::features() {
  if (!m_has_features) {
    m_features = orb_features(m_grey);
    m_has_features = true;
  }
  return m_features;
}

Similarity estimate_similarity(const cv::Mat& prev, const cv::Mat& curr, const Similarity* predicted,
                               int max_corners) {
  PreparedFrame a(prev), b(curr);
  return estimate_similarity(a, b, predicted, max_corners);
}

Similarity estimate_similarity(PreparedFrame& prev, PreparedFrame& curr, const Similarity* predicted,
                               int max_corners) {
  // The corners first: without enough of them, no pyramid is built.
  const std::vector<cv::Point2f>& p0 = prev.corners(max_corners);
  if (static_cast<int>(p0.size()) < kPairTracking.min_points) return {};
  return track_corners(prev.pyramid(), curr.pyramid(), p0, predicted, kPairTracking).sim;
}

Features orb_features(const cv::Mat& grey) {
  static thread_local cv::Ptr<cv::ORB> orb =
      cv::ORB::create(400, 1.2f, 4, 15, 0, 2, cv::ORB::HARRIS_SCORE, 15, 10);
  Features f;
  orb->detectAndCompute(with_contrast(grey), cv::noArray(), f.keypoints, f.descriptors);
  return f;
}

CRANES_POPCOUNT_CLONES Similarity match_features(const Features& prev, const Features& curr) {
  if (prev.keypoints.size() < 8 || curr.keypoints.size() < 8) return {};
  // Brute force over all pairs, the two nearest kept (as cv::BFMatcher's knnMatch with k = 2, ties to the
  // first), with the distance computed inline: OpenCV's matcher spends most of its time in per-pair call
  // overhead here.
  const int bytes = prev.descriptors.cols;
  std::vector<cv::Point2f> a, b;
  for (int i = 0; i < prev.descriptors.rows; ++i) {
    const uchar* q = prev.descriptors.ptr<uchar>(i);
    TwoNearest n;
    for (int j = 0; j < curr.descriptors.rows; ++j)
      n.offer(hamming(q, curr.descriptors.ptr<uchar>(j), bytes), j);
    if (n.best < 0 || n.d2 == TwoNearest::kNone || n.d1 > kLoweRatio * n.d2) continue;
    a.push_back(prev.keypoints[static_cast<size_t>(i)].pt);
    b.push_back(curr.keypoints[static_cast<size_t>(n.best)].pt);
  }
  return fit_similarity(a, b, 2.0, 2000);
}

CRANES_POPCOUNT_CLONES Similarity match_features_near(const Features& prev, const Features& curr,
                                                      const Similarity& predicted, double radius_px) {
  if (prev.keypoints.size() < 8 || curr.keypoints.size() < 8 || radius_px <= 0) return {};
  // Buckets of the current features on a grid of radius-sized cells: a prediction looks in the 3x3 around it.
  const double cell = radius_px;
  std::unordered_map<int64_t, std::vector<int>> grid;
  auto key = [](int64_t cx, int64_t cy) { return (cx << 32) ^ (cy & 0xffffffff); };
  for (int j = 0; j < static_cast<int>(curr.keypoints.size()); ++j) {
    const cv::Point2f& p = curr.keypoints[static_cast<size_t>(j)].pt;
    grid[key(static_cast<int64_t>(std::floor(p.x / cell)), static_cast<int64_t>(std::floor(p.y / cell)))]
        .push_back(j);
  }
  const int bytes = prev.descriptors.cols;
  std::vector<cv::Point2f> a, b;
  for (int i = 0; i < static_cast<int>(prev.keypoints.size()); ++i) {
    const cv::Point2f& p = prev.keypoints[static_cast<size_t>(i)].pt;
    const cv::Matx23d& m = predicted.affine;
    const cv::Point2d q(m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2), m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2));
    const auto cx = static_cast<int64_t>(std::floor(q.x / cell)),
               cy = static_cast<int64_t>(std::floor(q.y / cell));
    TwoNearest n;
    for (int64_t dy = -1; dy <= 1; ++dy)
      for (int64_t dx = -1; dx <= 1; ++dx) {
        const auto it = grid.find(key(cx + dx, cy + dy));
        if (it == grid.end()) continue;
        for (int j : it->second) {
          const cv::Point2f& c = curr.keypoints[static_cast<size_t>(j)].pt;
          if ((c.x - q.x) * (c.x - q.x) + (c.y - q.y) * (c.y - q.y) > radius_px * radius_px) continue;
          n.offer(hamming(prev.descriptors.ptr<uchar>(i), curr.descriptors.ptr<uchar>(j), bytes), j);
        }
      }
    // The ratio test as in the full match; a lone candidate must be a close one.
    if (n.best < 0 || (n.d2 != TwoNearest::kNone ? n.d1 > kLoweRatio * n.d2 : n.d1 > kLoneMatchBits))
      continue;
    a.push_back(p);
    b.push_back(curr.keypoints[static_cast<size_t>(n.best)].pt);
  }
  return fit_similarity(a, b, 2.0, 2000);
}

Similarity estimate_similarity_features(const cv::Mat& prev, const cv::Mat& curr) {
  PreparedFrame a(prev), b(curr);
  return estimate_similarity_features(a, b);
}

Similarity estimate_similarity_features(PreparedFrame& prev, PreparedFrame& curr) {
  return match_features(prev.features(), curr.features());
}

Similarity estimate_translation(const cv::Mat& prev, const cv::Mat& curr, double* response) {
  static thread_local cv::Mat window;
  if (window.size() != prev.size()) cv::createHanningWindow(window, prev.size(), CV_32F);
  double r = 0;
  // OpenCV 4.6's phaseCorrelate multiplies its inputs by the window in place when their size is already a
  // good DFT size: give it copies, never the caller's images.
  const cv::Point2d shift = cv::phaseCorrelate(prev.clone(), curr.clone(), window, &r);
  if (response) *response = r;
  Similarity s;
  s.affine = cv::Matx23d(1, 0, shift.x, 0, 1, shift.y);
  s.ok = true;
  return s;
}

}  // namespace cranes::analysis
