// SPDX-License-Identifier: MIT
// From frame-to-frame picture motion to camera movements, per shot: the motion is turned into camera rates
// (pan/tilt from the shift under an assumed field of view, roll from the rotation, zoom from the scale),
// split into a smooth intent (0.5 s moving average) and jitter (what the average does not explain: handheld
// shake, as videostab's Gaussian motion filter separates them), labelled frame by frame by the strongest rate
// over its threshold, and merged into segments no shorter than a minimum. Under handheld jitter the steady
// component (a 2 s average of the camera path, which a sway of a few hertz cannot move) decides the label:
// shake is then an attribute of the move (a handheld pan), and `shake` alone is a handheld camera with no
// steady move under the jitter. Parallax (one homography cannot
// explain the tracked points) tells travelling moves from turning ones: dolly from zoom, truck from pan,
// pedestal from tilt; a travel that holds a compact group of points still while the rest slide is an arc
// round that subject.
#pragma once

#include <span>
#include <vector>

#include "cranes/analysis/motion_tracker.hpp"
#include "cranes/core/geometry.hpp"
#include "cranes/film/film.hpp"

namespace cranes::analysis {

struct MovementThresholds {
  double fov_deg = kDefaultFovDeg;  ///< horizontal field of view assumed for degrees
  double pan_deg_s = 2.0;           ///< pan and tilt rates below this are no movement
  double roll_deg_s = 3.0;
  double zoom_per_s = 0.03;  ///< |ln scale| per second
  double shake = 0.0012;     ///< jitter, RMS frame widths per frame, above which the camera is handheld
  double parallax = 0.1;  ///< median off-plane fraction above which a move travels (dolly, truck, pedestal)
  double arc_held = 0.1;  ///< median share of points held still while the rest slide: a travel is an arc
  double min_segment_s = 0.6;  ///< shorter runs join a neighbour
  double intent_s = 0.5;       ///< the moving average that separates intent from jitter
  double steady_s = 2.0;       ///< under handheld jitter, the longer average whose rates decide the move
  double whip_deg_s = 90.0;    ///< pans and tilts this fast, frame by frame, are whips: kept however short
  double crash_zoom_per_s =
      0.8;  ///< zooms this fast (|ln scale| per second) frame by frame: crash zooms, kept
};

/// Camera rates of one frame pair, derived from picture motion.
struct CameraRates {
  double pan = 0, tilt = 0, roll = 0;  ///< deg/s, camera-centric (pan right, tilt up, roll clockwise > 0)
  double zoom = 0;                     ///< ln(scale) per second (> 0: zoom or dolly in)
  double shift_x = 0, shift_y = 0;     ///< picture motion, frame widths per second (x right, y down)
};

/// (The tracker has already turned the shift into degrees under its lens: see FrameMotion.)
CameraRates camera_rates(const FrameMotion& m, double dt_s);

/// Picture motion at the frame corners, frame widths per second: the movement-energy figure.
double corner_speed(const CameraRates& r);

/// Movements of one shot. `motion[i]` is the motion from frame first_frame + i - 1 to first_frame + i
/// (motion[0] crosses the shot's opening cut and is ignored); `time_s` the frames' times (same length),
/// `end_s` the end of the shot's last frame.
std::vector<film::Movement> segment_movements(std::span<const FrameMotion> motion,
                                              std::span<const double> time_s, int64_t first_frame,
                                              double end_s, const MovementThresholds& t);

/// Frames segmented at once: a shot up to twice this long is segmented whole (segment_movements), a longer
/// one in pieces, so that memory stays bounded however long the take (about 16 minutes at 25 fps whole).
inline constexpr int64_t kMovementPieceFrames = 12000;

/// Movements of one shot whose frames arrive one at a time, held at most 2 * `piece` frames at once. A shot
/// no longer than that gets exactly segment_movements' answer. A longer one is segmented 2 * `piece` frames
/// at a time: the movements that end before three quarters of the window are kept, and the window moves on
/// to the start of the next one, which is segmented again with what follows. A single movement across the
/// whole window is cut at `piece` frames, and its parts are joined again (rates averaged over time, totals
/// added) when the next window finds it going on.
class MovementStream {
 public:
  MovementStream(const MovementThresholds& t, int64_t first_frame, int64_t piece = kMovementPieceFrames);

  /// The motion into the next frame (as segment_movements' `motion`; the shot's first is ignored) and that
  /// frame's start.
  void add(const FrameMotion& motion, double time_s);
  /// Frames added so far.
  int64_t frames() const { return m_first - m_shot_first + static_cast<int64_t>(m_motion.size()); }
  /// The shot ends at `end_s` (the end of its last frame): all its movements, in order.
  std::vector<film::Movement> finish(double end_s);

 private:
  void segment_window();
  void keep(std::vector<film::Movement> moves, bool cut_inside);

  MovementThresholds m_t;
  int64_t m_shot_first, m_first, m_piece;
  std::vector<FrameMotion> m_motion;
  std::vector<double> m_time;
  std::vector<film::Movement> m_done;
  bool m_join = false;  // the last kept movement was cut at a window's edge: the next one may go on with it
};

}  // namespace cranes::analysis
