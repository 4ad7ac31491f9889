// SPDX-License-Identifier: MIT
#include "cranes/analysis/motion_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "cranes/core/quantile.hpp"

namespace cranes::analysis {

namespace {

constexpr int kReseedEvery = 24;  // frames between top-ups even when enough points survive
// Distances in pixels of a picture kReferenceWidth wide (as the tracker's RANSAC thresholds are), scaled with
// the picture actually tracked.
constexpr double kReferenceWidth = kPathTracking.reference_width;
constexpr double kKeepPx = 4.0;            // tracks further than this off the fit are dropped
constexpr double kMatchRadiusPx = 24.0;    // descriptor matches searched this far from the predicted position
constexpr double kMinParallaxFlow = 1.5;   // median motion over the window for a parallax figure
constexpr double kMaxFrameLogScale = 0.4;  // |ln scale| a frame beyond which a fit is wrong (x1.5)
// A blurred frame's shift: the phase-correlation peak at least this clear, the shift at least this many frame
// widths (slower moves keep corners to track).
constexpr double kBlurredShiftResponse = 0.1, kBlurredShiftMin = 0.05;
constexpr double kOffPlanePx = 1.0;  // a point this far off the window's homography (and 15 % of its motion)

// Arc: a point held when it moved along the common direction less than this share of the slide; the held
// points must be this share of all at least, and lie within this fraction of the width (a subject, not a far
// skyline across the picture).
constexpr double kHeldShare = 0.3, kMinHeld = 0.1, kMaxHeld = 0.6, kHeldSpread = 0.3;
// Focal length from turning windows: the optical axis must turn this far (degrees); fields of view searched;
// the best fit must be this much better than a focal length 25 % off, and this close to a rotation.
constexpr double kLensParallax = 0.05;  // at most this parallax index for a focal-length estimate
constexpr double kMinAxisTurnDeg = 2.5, kMinFov = 15, kMaxFov = 150, kClearMinimum = 0.5,
                 kMaxOffRotation = 0.01;

constexpr size_t kFocalHistory = 31, kMinFocalHistory = 3;  // measurements kept; needed before they are used
constexpr int kMaxTurnWindows = 6;  // turning windows chained at most for one focal-length measurement

// The rotation R (camera-centric) turning the viewing rays of `a` into those of `b`, after `b` is shrunk
// about the centre by `scale` (a zoom is not a turn): Kabsch's least-squares rotation by SVD. Returns pan,
// tilt, roll in degrees.
cv::Vec3d camera_turn(const std::vector<cv::Point2f>& a, const std::vector<cv::Point2f>& b,
                      const std::vector<uint8_t>& use, cv::Size size, double focal_w, double scale) {
  const double f = size.width * focal_w;
  const double cx = size.width / 2.0, cy = size.height / 2.0;
  cv::Matx33d h = cv::Matx33d::zeros();
  int n = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!use.empty() && !use[i]) continue;
    cv::Vec3d ra((a[i].x - cx) / f, (a[i].y - cy) / f, 1.0),
        rb((b[i].x - cx) / f / scale, (b[i].y - cy) / f / scale, 1.0);
    ra /= cv::norm(ra);
    rb /= cv::norm(rb);
    h += ra * rb.t();
    ++n;
  }
  if (n < 3) return {};
  cv::Mat w, u, vt;
  cv::SVD::compute(cv::Mat(h), w, u, vt);
  cv::Mat r = vt.t() * u.t();
  if (cv::determinant(r) < 0) {
    cv::Mat d = cv::Mat::eye(3, 3, CV_64F);
    d.at<double>(2, 2) = -1;
    r = vt.t() * d * u.t();
  }
  // r maps rays of the previous frame to the current one: the content turns by r, the camera by its inverse.
  cv::Vec3d w_rot;
  cv::Rodrigues(r, w_rot);
  const double k = 180.0 / CV_PI;
  // Axes: x right, y down, z forward. Content turning about +y (x towards z) is the camera panning right;
  // about +x (y towards z... down) the camera tilting up; about +z (x towards y: clockwise on a y-down
  // screen) the camera rolling counter-clockwise.
  return {-w_rot[1] * k, -w_rot[0] * k, -w_rot[2] * k};
}

// How far `m` (3x3, determinant 1) is from a rotation: |M^T M - I| (Frobenius).
double off_rotation(const cv::Matx33d& m) {
  return cv::norm(m.t() * m - cv::Matx33d::eye(), cv::NORM_L2);
}

// Of the window's flows (anchor -> now), the fraction that held still (or moved against the others) while the
// rest slid one way, when the held ones lie together in one compact part of the picture. The slide is
// measured on the points that moved most along the common direction: a subject held still can be half the
// points.
double held_fraction(const std::vector<cv::Point2f>& a, const std::vector<cv::Point2f>& b, double width,
                     double min_flow) {
  std::vector<float> fx, fy, mag;
  for (size_t i = 0; i < a.size(); ++i) {
    fx.push_back(b[i].x - a[i].x);
    fy.push_back(b[i].y - a[i].y);
    mag.push_back(std::hypot(fx.back(), fy.back()));
  }
  const double med_mag = floor_rank(mag, 0.5);
  std::vector<float> sx = fx, sy = fy;
  const cv::Point2d common(floor_rank(sx, 0.5), floor_rank(sy, 0.5));
  if (cv::norm(common) < 0.5 * med_mag) return 0;  // no common slide (a zoom, a dolly, a spin)
  const cv::Point2d u = common / std::max(1e-9, cv::norm(common));
  std::vector<float> along;
  for (size_t i = 0; i < a.size(); ++i) along.push_back(static_cast<float>(fx[i] * u.x + fy[i] * u.y));
  std::vector<float> sorted = along;
  const double slide = floor_rank(sorted, 0.9);
  if (slide < min_flow) return 0;
  std::vector<float> held_x;
  for (size_t i = 0; i < a.size(); ++i)
    if (along[i] < kHeldShare * slide) held_x.push_back(a[i].x);
  const double share = static_cast<double>(held_x.size()) / static_cast<double>(a.size());
  if (share < kMinHeld || share >= kMaxHeld) return 0;
  // A subject: the held points lie together. (A dolly past a near thing off the centre holds the points about
  // its focus of expansion while the near thing slides outward, but those are spread across the picture.)
  const double spread = floor_rank(held_x, 0.9) - floor_rank(held_x, 0.1);
  return spread <= kHeldSpread * width ? share : 0;
}

}  // namespace

double focal_from_turn(const cv::Matx33d& h_px, cv::Point2d c, double width_px) {
  // Centred coordinates: Hc = T^-1 H T with T moving the origin to the principal point.
  const cv::Matx33d t(1, 0, c.x, 0, 1, c.y, 0, 0, 1), t_inv(1, 0, -c.x, 0, 1, -c.y, 0, 0, 1);
  cv::Matx33d hc = t_inv * h_px * t;
  const double det = cv::determinant(hc);
  if (!(det > 0)) return 0;
  hc *= 1.0 / std::cbrt(det);
  // K^-1 Hc K for K = diag(f, f, 1): a rotation when f is the lens's focal length.
  auto turn = [&](double f) {
    const cv::Matx33d k(f, 0, 0, 0, f, 0, 0, 0, 1), k_inv(1 / f, 0, 0, 0, 1 / f, 0, 0, 0, 1);
    return k_inv * hc * k;
  };
  auto error = [&](double f) { return off_rotation(turn(f)); };
  auto focal = [&](double fov_deg) { return width_px * focal_of_fov(fov_deg); };
  double best_fov = 0, best = 1e300;
  for (double fov = kMinFov; fov <= kMaxFov; fov += 0.5) {
    const double e = error(focal(fov));
    if (e < best) {
      best = e;
      best_fov = fov;
    }
  }
  if (best_fov <= kMinFov || best_fov >= kMaxFov) return 0;
  // Refine by golden section on [fov - 0.5, fov + 0.5].
  double lo = best_fov - 0.5, hi = best_fov + 0.5;
  const double g = (std::sqrt(5.0) - 1) / 2;
  for (int i = 0; i < 30; ++i) {
    const double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    if (error(focal(x1)) < error(focal(x2)))
      hi = x2;
    else
      lo = x1;
  }
  const double f = focal((lo + hi) / 2);
  best = error(f);
  // The optical axis must have turned (a roll alone leaves the focal length undetermined, a small turn tells
  // it too loosely): the angle between the axes is that of the rotation's (2, 2) entry.
  const double axis_turn_deg = std::acos(std::clamp(turn(f)(2, 2), -1.0, 1.0)) * 180.0 / CV_PI;
  if (axis_turn_deg < kMinAxisTurnDeg) return 0;
  // A clear minimum: a quarter longer or shorter focal length must fit markedly worse, and the best must be
  // near a rotation (a zoom or parallax leaves every f far from one).
  const double worse = std::min(error(f * 1.25), error(f / 1.25));
  if (!(best < kClearMinimum * worse) || best > kMaxOffRotation) return 0;
  return f;
}

void MotionTracker::restart_turn() {
  m_turn = cv::Matx33d::eye();
  m_turn_windows = 0;
}

float MotionTracker::chain_turn(const cv::Matx33d& window, cv::Point2d centre, double width) {
  m_turn = window * m_turn;
  ++m_turn_windows;
  const auto focal = static_cast<float>(focal_from_turn(m_turn, centre, width) / width);
  if (focal > 0) {
    m_focal_history.push_back(focal);
    if (m_focal_history.size() > kFocalHistory) m_focal_history.erase(m_focal_history.begin());
  }
  if (focal > 0 || m_turn_windows >= kMaxTurnWindows) restart_turn();
  return focal;
}

double MotionTracker::focal_w() const {
  if (m_measure_lens && m_focal_history.size() >= kMinFocalHistory) {
    std::vector<float> v = m_focal_history;
    return floor_rank(v, 0.5);
  }
  return focal_of_fov(m_fov_deg);
}

void MotionTracker::reset() {
  restart_turn();
  m_prev.release();
  m_prev_pyramid.clear();
  m_prev_features_ok = false;
  m_points.clear();
  m_anchor.clear();
  m_window_age = 0;
  m_predicted = Similarity{};
  m_last = Similarity{};
}

void MotionTracker::seed(const cv::Mat& grey, bool top_up) {
  const double min_dist = corner_spacing_px(grey.cols, kPathTracking);
  if (!top_up) {
    m_points.clear();
    m_anchor.clear();
    m_window_age = 0;
    restart_turn();  // the next window starts later than the last one ended: nothing to chain it to
  }
  const int want = m_max_points - static_cast<int>(m_points.size());
  if (want <= m_max_points / 4) return;
  cv::Mat mask;
  if (!m_points.empty()) {
    mask.create(grey.size(), CV_8U);
    mask.setTo(255);
    for (const auto& p : m_points) cv::circle(mask, p, static_cast<int>(min_dist), cv::Scalar(0), -1);
  }
  const std::vector<cv::Point2f> fresh = find_corners(grey, want, kPathTracking, mask);
  m_points.insert(m_points.end(), fresh.begin(), fresh.end());
  m_anchor.resize(m_points.size(), cv::Point2f(-1, -1));
  m_since_seed = 0;
}

FrameMotion MotionTracker::track(const cv::Mat& grey_in) {
  FrameMotion out;
  m_last = Similarity{};
  if (grey_in.empty()) return out;
  const cv::Mat grey = with_contrast(grey_in);
  if (m_prev.empty() || m_prev.size() != grey.size()) {
    m_prev = grey;
    m_prev_pyramid = tracking_pyramid(grey, kPathTracking);
    m_prev_features_ok = false;
    m_predicted = Similarity{};
    seed(grey, false);
    return out;
  }
  std::vector<cv::Mat> pyr = tracking_pyramid(grey, kPathTracking);
  const cv::Mat before = m_prev;
  CornerTracks f = track_corners(m_prev_pyramid, pyr, m_points, &m_predicted, kPathTracking);
  bool features_kept = false;
  if (!f.sim.ok && m_predicted.ok)
    f = track_corners(m_prev_pyramid, pyr, m_points, nullptr, kPathTracking);  // the motion changed
  if (f.sim.ok && !plausible(f.sim)) f.sim.ok = false;
  if (!f.sim.ok && !recover(grey, pyr, f, features_kept)) {
    blurred_shift(before, grey, out);
    return out;
  }
  read_turn(out, f, grey.size());
  const double px = grey.cols / kReferenceWidth;
  if (!f.a.empty()) {
    carry_points(f, px);
    if (++m_window_age >= kParallaxWindow) close_window(out, grey.size());
  }
  m_prev = grey;
  m_prev_pyramid = std::move(pyr);
  m_prev_features_ok = features_kept;
  m_predicted = f.sim;
  if (++m_since_seed >= kReseedEvery || static_cast<int>(m_points.size()) < m_max_points * 3 / 5)
    seed(grey, true);
  return out;
}

// Tracking lost (a cut, a whip pan's blur, a fast spin starting): match descriptors, then start the tracks
// over. False when nothing matched (the frame has no motion).
bool MotionTracker::recover(const cv::Mat& grey, const std::vector<cv::Mat>& pyr, CornerTracks& f,
                            bool& features_kept) {
  if (!m_prev_features_ok) m_prev_features = orb_features(m_prev);
  Features features = orb_features(grey);
  // Near where the last motion puts them first (a fast spin loses the corners frame after frame), then all.
  Similarity s;
  if (m_predicted.ok)
    s = match_features_near(m_prev_features, features, m_predicted,
                            kMatchRadiusPx * grey.cols / kReferenceWidth);
  if (!s.ok) s = match_features(m_prev_features, features);
  m_prev_features = std::move(features);
  m_prev_features_ok = features_kept = true;
  m_prev = grey;
  m_prev_pyramid = pyr;
  seed(grey, false);
  if (s.ok && !plausible(s)) s.ok = false;
  m_predicted = s;
  if (!s.ok) return false;
  f = CornerTracks{};
  f.sim = s;
  return true;
}

// A camera does not magnify the picture by more than this from one frame to the next (a crash zoom doubles it
// in a dozen frames): a fit that says so has matched the wrong things.
bool MotionTracker::plausible(const Similarity& s) {
  return std::abs(std::log(std::max(1e-9, s.scale()))) <= kMaxFrameLogScale;
}

// A whip pan's blur leaves no corner or descriptor to follow, but two blurred frames still correlate along
// the blur: a clear phase-correlation peak gives the frame's shift (a pan or tilt, no rotation or scale),
// offered as the frame's similarity too (the boundary analyzer tries it as one more alignment). The tracks
// start over on the next frame.
void MotionTracker::blurred_shift(const cv::Mat& before, const cv::Mat& grey, FrameMotion& out) {
  if (before.empty() || before.size() != grey.size()) return;
  cv::Mat a, b;
  before.convertTo(a, CV_32F);
  grey.convertTo(b, CV_32F);
  double response = 0;
  const Similarity t = estimate_translation(a, b, &response);
  const double w = grey.cols;
  const double dx = t.affine(0, 2) / w, dy = t.affine(1, 2) / w;
  if (response < kBlurredShiftResponse || std::hypot(dx, dy) < kBlurredShiftMin) return;
  CornerTracks shift;  // no tracks: read as the descriptors' similarity is
  shift.sim = t;
  read_turn(out, shift, grey.size());
}

// The frame's motion from the fitted similarity: shift, rotation and scale, and the camera's turn (from the
// tracks under the lens, or from the similarity alone when only descriptors matched).
void MotionTracker::read_turn(FrameMotion& out, const CornerTracks& f, cv::Size size) {
  const Similarity& s = f.sim;
  m_last = s;
  const double w = size.width, h = size.height;
  const cv::Point2d c(w / 2, h / 2);
  const double cx = s.affine(0, 0) * c.x + s.affine(0, 1) * c.y + s.affine(0, 2);
  const double cy = s.affine(1, 0) * c.x + s.affine(1, 1) * c.y + s.affine(1, 2);
  out.ok = true;
  out.focal_used_w = static_cast<float>(focal_w());
  out.dx = static_cast<float>((cx - c.x) / w);
  out.dy = static_cast<float>((cy - c.y) / w);
  out.rot_deg = static_cast<float>(s.rotation_deg());
  out.log_scale = static_cast<float>(std::log(std::max(1e-6, s.scale())));
  out.points = static_cast<uint16_t>(std::min(65535, s.points));
  out.inlier_ratio = s.points > 0 ? static_cast<float>(s.inliers) / static_cast<float>(s.points) : 0.f;
  if (!f.a.empty()) {
    const cv::Vec3d turn = camera_turn(f.a, f.b, f.inlier, size, out.focal_used_w, s.scale());
    out.pan_deg = static_cast<float>(turn[0]);
    out.tilt_deg = static_cast<float>(turn[1]);
    out.roll_deg = static_cast<float>(turn[2]);
  } else {
    // Matched by descriptors only (no tracks): the similarity's shift and rotation, turned into degrees.
    const double k = 1.0 / out.focal_used_w;
    out.pan_deg = static_cast<float>(-std::atan(out.dx * k) * 180.0 / CV_PI);
    out.tilt_deg = static_cast<float>(std::atan(out.dy * k) * 180.0 / CV_PI);
    out.roll_deg = out.rot_deg;
  }
}

// Carries the inliers forward (moving people and objects fall out), with their window anchors.
void MotionTracker::carry_points(const CornerTracks& f, double px) {
  const Similarity& s = f.sim;
  std::vector<cv::Point2f> keep, anchors;
  keep.reserve(f.b.size());
  anchors.reserve(f.b.size());
  for (size_t i = 0; i < f.b.size(); ++i) {
    // Points of other depths drift off the fit by a little each frame: keep them for the parallax window;
    // drop only what is far off (people and things moving on their own).
    if (!f.inlier.empty() && !f.inlier[i]) {
      const cv::Point2f& p = f.a[i];
      const cv::Point2f q(static_cast<float>(s.affine(0, 0) * p.x + s.affine(0, 1) * p.y + s.affine(0, 2)),
                          static_cast<float>(s.affine(1, 0) * p.x + s.affine(1, 1) * p.y + s.affine(1, 2)));
      if (cv::norm(q - f.b[i]) > kKeepPx * px) continue;
    }
    keep.push_back(f.b[i]);
    anchors.push_back(f.from[i] < m_anchor.size() ? m_anchor[f.from[i]] : cv::Point2f(-1, -1));
  }
  m_points = std::move(keep);
  m_anchor = std::move(anchors);
}

// Parallax: how badly one homography explains where the points went over the window, relative to how far they
// moved. Pan, tilt, roll and zoom leave no residual; travelling past things at different depths does.
void MotionTracker::close_window(FrameMotion& out, cv::Size size) {
  const double w = size.width;
  const double px = w / kReferenceWidth;
  const cv::Point2d c(w / 2, size.height / 2.0);
  bool chained = false;
  std::vector<cv::Point2f> a, b;
  std::vector<float> flow;
  for (size_t i = 0; i < m_points.size(); ++i) {
    if (m_anchor[i].x < 0) continue;
    a.push_back(m_anchor[i]);
    b.push_back(m_points[i]);
    flow.push_back(static_cast<float>(cv::norm(m_points[i] - m_anchor[i])));
  }
  const double med_flow = floor_rank(flow, 0.5);
  if (a.size() >= 12 && med_flow > kMinParallaxFlow * px) {
    const cv::Mat hm = cv::findHomography(a, b, cv::RANSAC, 1.5 * px);
    if (!hm.empty()) {
      std::vector<cv::Point2f> proj;
      cv::perspectiveTransform(a, proj, hm);
      // Points off the plane by more than noise and more than a fraction of their own motion.
      const double off = std::max(kOffPlanePx * px, 0.15 * med_flow);
      int off_plane = 0;
      for (size_t i = 0; i < a.size(); ++i) off_plane += cv::norm(proj[i] - b[i]) > off;
      out.parallax =
          static_cast<float>(std::max(1e-3, static_cast<double>(off_plane) / static_cast<double>(a.size())));
      out.held = static_cast<float>(held_fraction(a, b, w, kMinParallaxFlow * px));
      // The lens: windows that only turned (no point off the homography) are chained until the camera has
      // turned enough to tell the focal length (a slow tilt needs several).
      if (m_measure_lens && out.parallax < kLensParallax) {
        out.focal_w = chain_turn(cv::Matx33d(hm), c, w);
        chained = true;
      }
    }
  }
  if (!chained) restart_turn();  // a window that travelled, or told nothing, breaks the chain of turns
  m_anchor = m_points;
  m_window_age = 0;
}

}  // namespace cranes::analysis
