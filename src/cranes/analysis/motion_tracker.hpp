// SPDX-License-Identifier: MIT
// Frame-to-frame global motion for measuring the camera: corners tracked across frames by pyramidal
// Lucas-Kanade (Bouguet; the project's one corner tracker, corner_tracks.hpp, set for a camera path), seeded
// with the previous pair's motion so fast spins and pans are followed, kept from frame to frame and topped up
// only when they thin out (Shi-Tomasi detection is the costly part), then a similarity by RANSAC and a
// homography residual over every tracked point as the parallax index (pan, tilt, roll and zoom warp the
// picture by one homography; travelling moves do not).
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "cranes/analysis/corner_tracks.hpp"
#include "cranes/analysis/global_motion.hpp"
#include "cranes/core/geometry.hpp"

namespace cranes::analysis {

/// The motion of the picture content from one frame to the next (camera motion is its opposite).
struct FrameMotion {
  bool ok = false;
  float dx = 0, dy = 0;  ///< shift of the frame centre, in frame widths (x right, y down)
  float rot_deg = 0;     ///< content rotation about the centre, counter-clockwise on screen positive
  /// The camera's turn, camera-centric (pan right, tilt up, roll clockwise > 0), in degrees: the rotation
  /// that best maps the tracked points' viewing rays onto each other (Kabsch), under the tracker's field of
  /// view, so the keystone of a wide lens does not inflate it.
  float pan_deg = 0, tilt_deg = 0, roll_deg = 0;
  float log_scale = 0;  ///< ln of the magnification (> 0: content grows)
  float parallax = 0;  ///< fraction of the points tracked over the last few frames that one homography leaves
                       ///< off (set once a window, 0 = not measured in this frame)
  /// Set once a parallax window, like parallax (0 = not measured in this frame):
  /// the fraction of the window's points that held still (or moved against the others) while the rest slid
  /// one way, when they lie together in one compact part of the picture: a subject the camera arcs round.
  float held = 0;
  /// the focal length, in frame widths, that makes the window's homography a pure camera turn (K R K^-1),
  /// when the window turned the camera enough, without parallax or zoom, to tell (only with measure_lens on).
  float focal_w = 0;
  /// The focal length, in frame widths, that pan_deg, tilt_deg and roll_deg were read under.
  float focal_used_w = 0;
  float inlier_ratio = 0;  ///< similarity inliers / tracked points
  uint16_t points = 0;     ///< points tracked
};

/// The focal length (pixels) that makes `h` (a homography between two views, pixel coordinates, principal
/// point `centre`) closest to a pure rotation K R K^-1 with K = diag(f, f, 1) about the centre, as Hartley's
/// and Szeliski's rotation-only self-calibration; 0 when the homography does not tell (too small a turn off
/// the optical axis, a zoom, or no clear best f). `width_px` bounds the search to fields of view of 15-150
/// degrees.
double focal_from_turn(const cv::Matx33d& h, cv::Point2d centre, double width_px);

/// Frames over which parallax (and the held points, and the lens) are measured: FrameMotion::parallax is set
/// on the last frame of each window.
constexpr int kParallaxWindow = 8;

class MotionTracker {
 public:
  /// `hfov_deg`: horizontal field of view assumed for the camera turn; `max_points`: corners kept in flight.
  explicit MotionTracker(double hfov_deg = kDefaultFovDeg, int max_points = 100)
      : m_fov_deg(hfov_deg), m_max_points(max_points) {}

  /// Motion from the previous grey picture to `grey` (CV_8UC1, same size every call). The first call, and the
  /// first after `reset`, returns ok = false.
  FrameMotion track(const cv::Mat& grey);
  /// Forget the previous picture (at a known cut).
  void reset();
  /// on: measure the focal length from the camera's turns (FrameMotion::focal_w; off, it stays 0) and, once a
  /// few windows have measured it, read the camera's turn under the median of the latest ones instead of the
  /// assumed field of view.
  void measure_lens(bool on) { m_measure_lens = on; }
  /// The similarity (grey-proxy pixels, previous frame to current) behind the last `track`; ok = false when
  /// it found none.
  const Similarity& similarity() const { return m_last; }

 private:
  void seed(const cv::Mat& grey, bool top_up);
  // The stages of track(): descriptors when the corners are lost, the turn read off the fit, the tracks
  // carried to the next frame, and the parallax window closed (parallax, held points, the lens).
  bool recover(const cv::Mat& grey, const std::vector<cv::Mat>& pyr, CornerTracks& f, bool& features_kept);
  static bool plausible(const Similarity& s);
  void blurred_shift(const cv::Mat& before, const cv::Mat& grey, FrameMotion& out);
  void read_turn(FrameMotion& out, const CornerTracks& f, cv::Size size);
  void carry_points(const CornerTracks& f, double px);
  void close_window(FrameMotion& out, cv::Size size);

  double focal_w() const;  // the focal length the turn is read under, frame widths
  void restart_turn();
  // Adds a window that only turned (its homography) to the chain since the last measurement; returns the
  // focal length, in frame widths, once the chain tells it (and starts a new chain), else 0.
  float chain_turn(const cv::Matx33d& window, cv::Point2d centre, double width);

  double m_fov_deg;
  int m_max_points;
  bool m_measure_lens = false;
  std::vector<float> m_focal_history;       // the latest focal-length measurements, oldest first (bounded)
  cv::Matx33d m_turn = cv::Matx33d::eye();  // turning windows chained since the last measurement
  int m_turn_windows = 0;
  cv::Mat m_prev;
  std::vector<cv::Mat> m_prev_pyramid;  // of m_prev, with gradients
  std::vector<cv::Point2f> m_points;
  std::vector<cv::Point2f>
      m_anchor;  // each point's position at the start of the parallax window (x < 0: none)
  int m_window_age = 0;
  Similarity m_predicted;
  Similarity m_last;
  int m_since_seed = 0;
  Features
      m_prev_features;  // of m_prev, kept after a frame that needed them (a fast spin needs them every frame)
  bool m_prev_features_ok = false;
};

}  // namespace cranes::analysis
