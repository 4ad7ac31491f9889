// SPDX-License-Identifier: MIT
#include "cranes/analysis/motion.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "cranes/analysis/frame_context.hpp"
#include "cranes/analysis/motion_tracker.hpp"
#include "cranes/analysis/movements.hpp"
#include "cranes/core/geometry.hpp"
#include "cranes/core/quantile.hpp"

namespace cranes::analysis {

namespace {

// The analyzer's options: the movement thresholds (their defaults are MovementThresholds' own) and whether
// the lens is measured; the table below fills them from the command line. The field of view is the pass's
// (`fov`).
struct MotionOptions : MovementThresholds {
  bool lens_auto = true;
};
constexpr MotionOptions kDefaults{};
using O = MotionOptions;
constexpr OptionSpec<O> kOptions[] = {
    {{"pan-rate", "Pans and tilts slower than this are no movement", "deg/s", kDefaults.pan_deg_s, 0.1, 90.0},
     &O::pan_deg_s},
    {{"roll-rate", "Rolls slower than this are no movement", "deg/s", kDefaults.roll_deg_s, 0.1, 180.0},
     &O::roll_deg_s},
    {{"zoom-rate", "Zooms and dollies slower than this (|ln scale| per second) are no movement", "1/s",
      kDefaults.zoom_per_s, 0.001, 2.0},
     &O::zoom_per_s},
    {{"shake", "Jitter (RMS frame widths per frame) above which the camera is handheld", "width/frame",
      kDefaults.shake, 0.0001, 0.1},
     &O::shake},
    {{"parallax",
      "Fraction of tracked points off one homography above which a move travels (dolly, truck, "
      "pedestal) rather than turns",
      "", kDefaults.parallax, 0.01, 10.0},
     &O::parallax},
    {{"arc-held",
      "Share of tracked points held still while the rest slide above which a travelling move is an arc round "
      "that subject",
      "", kDefaults.arc_held, 0.01, 1.0},
     &O::arc_held},
    {{"min-move", "Movements shorter than this join a neighbour", "s", kDefaults.min_segment_s, 0.04, 30.0},
     &O::min_segment_s},
    {{"intent-window", "The moving window that separates the camera's intended move from handheld jitter",
      "s", kDefaults.intent_s, 0.08, 5.0},
     &O::intent_s},
    {{"steady-window",
      "Under handheld jitter, the longer moving window whose mean rates decide the move beneath the jitter "
      "(a handheld pan rather than shake)",
      "s", kDefaults.steady_s, 0.2, 20.0},
     &O::steady_s},
    {{"whip-rate",
      "Pans and tilts at least this fast from frame to frame are whip pans: movements of their own (whip: "
      "true) however short, left out of the intent and jitter around them",
      "deg/s", kDefaults.whip_deg_s, 10.0, 2000.0},
     &O::whip_deg_s},
    {{"crash-zoom-rate",
      "Zooms at least this fast (|ln scale| per second) from frame to frame are crash zooms: movements of "
      "their own (whip: true) however short",
      "1/s", kDefaults.crash_zoom_per_s, 0.05, 20.0},
     &O::crash_zoom_per_s},
    {{"lens-auto",
      "true: measure the lens's field of view from the camera's turns (per shot, else over the film) and "
      "use it for pan and tilt degrees; false: always the assumed --fov",
      "", kDefaults.lens_auto ? 1.0 : 0.0, 0.0, 1.0, ParamType::Bool},
     &O::lens_auto},
};
constexpr auto kParams = param_specs(kOptions);

constexpr int kMinLensWindows = 3;  // turning windows needed for a measured field of view

class MotionAnalyzer final : public Analyzer {
 public:
  explicit MotionAnalyzer(const ParamSet& p) : m_o(options_from(p, kOptions)) { m_o.fov_deg = p.get("fov"); }

  std::string_view name() const override { return "motion"; }
  Needs needs() const override {
    Needs n;
    n.tracker_fov_deg = m_o.fov_deg;
    n.measure_lens = m_o.lens_auto;
    return n;
  }

  void begin(const media::VideoInfo&, cv::Size, PassEvents& events) override { m_events = &events; }

  void process(const media::Frame& frame, FrameContext& ctx) override {
    const FrameMotion* tracked = ctx.motion();
    m_motion.push_back(tracked ? *tracked : FrameMotion{});
    if (m_events && m_events->wants_metrics()) {
      const FrameMotion& m = m_motion.back();
      const std::pair<std::string_view, double> values[] = {{"ok", m.ok},
                                                            {"pan_deg", m.pan_deg},
                                                            {"tilt_deg", m.tilt_deg},
                                                            {"roll_deg", m.roll_deg},
                                                            {"dx", m.dx},
                                                            {"dy", m.dy},
                                                            {"rot_deg", m.rot_deg},
                                                            {"log_scale", m.log_scale},
                                                            {"parallax", m.parallax},
                                                            {"held", m.held},
                                                            {"focal_w", m.focal_w},
                                                            {"inliers", m.inlier_ratio},
                                                            {"points", m.points}};
      for (const auto& [key, value] : values) m_events->metric(frame.index, key, value);
    }
  }

  void finish(film::Film& film) override {
    const auto n = static_cast<int64_t>(m_motion.size());
    if (n == 0) return;
    // The field of view belongs to the picture, not to the bars around it: with a 1.37 film pillarboxed in a
    // 16:9 frame, the tracker (which assumed the fov over the whole frame width) read every pan and tilt 0.75
    // times too slow. The framing analyzer (finished before this one) found the active picture: rescale to
    // its width.
    const double picture = film.active.known && film.active.width > 0 && film.source.width > 0
                               ? static_cast<double>(film.source.width) / film.active.width
                               : 1.0;
    for (FrameMotion& m : m_motion) {
      m.dx = static_cast<float>(m.dx * picture);
      m.dy = static_cast<float>(m.dy * picture);
    }
    if (film.shots.empty()) {
      film::Shot s;
      s.end_frame = n;
      s.start_s = m_events->times().start_s.front();
      s.end_s = m_events->times().end_s;
      s.length_s = m_events->times().end_s - m_events->times().start_s.front();
      film.shots.push_back(s);
    }
    // A dissolve or fade blends two pictures (or one and a colour): no single homography fits them whatever
    // the camera does, so the windows that overlap one say nothing of parallax, held points or the lens.
    for (const film::Transition& tr : film.transitions) {
      if (!film::is_gradual(tr.type)) continue;
      for (int64_t i = std::max<int64_t>(0, tr.start_frame); i < std::min(n, tr.end_frame + kParallaxWindow);
           ++i) {
        FrameMotion& m = m_motion[static_cast<size_t>(i)];
        m.parallax = m.held = m.focal_w = 0;
      }
    }
    // The lens. A camera that turns without travelling warps the picture by K R K^-1, which fixes the focal
    // length: the tracker measured it once a parallax window where the camera turned. Degrees of pan and tilt
    // were read under the assumed focal length; a measured one rescales them (a 9.8 mm lens read as 60
    // degrees halves every pan). Without a measurement the assumed fov spans the active picture, not the
    // bars.
    const double picture_w = 1.0 / picture;  // the active picture's width, in frame widths
    const double assumed_focal_w = focal_of_fov(m_o.fov_deg) / picture;
    std::vector<double> all_focal;
    for (const FrameMotion& m : m_motion)
      if (m.focal_w > 0) all_focal.push_back(m.focal_w);
    film.motion = film::MotionTrack{};
    double film_focal_w = 0;
    if (m_o.lens_auto && static_cast<int>(all_focal.size()) >= kMinLensWindows) {
      film_focal_w = cranes::median(all_focal);
      std::vector<double> fovs;
      for (double f : all_focal) fovs.push_back(fov_of_focal(f, picture_w));
      std::sort(fovs.begin(), fovs.end());
      film.motion.measured_fov_deg = fov_of_focal(film_focal_w, picture_w);
      film.motion.measured_fov_windows = static_cast<int>(fovs.size());
      film.motion.measured_fov_spread_deg = (fovs[fovs.size() * 3 / 4] - fovs[fovs.size() / 4]) / 2.0;
    }
    std::vector<bool> opens_shot(static_cast<size_t>(n), false);
    for (auto& shot : film.shots) {
      const int64_t a = std::clamp<int64_t>(shot.start_frame, 0, n),
                    b = std::clamp<int64_t>(shot.end_frame, a, n);
      if (a >= b) continue;
      opens_shot[static_cast<size_t>(a)] = true;
      std::vector<double> own;
      for (int64_t i = a; i < b; ++i)
        if (m_motion[static_cast<size_t>(i)].focal_w > 0)
          own.push_back(m_motion[static_cast<size_t>(i)].focal_w);
      double focal_w = 0;
      if (m_o.lens_auto && static_cast<int>(own.size()) >= kMinLensWindows) {
        focal_w = cranes::median(own);
        shot.fov_source = film::FovSource::Measured;
      } else if (film_focal_w > 0) {
        focal_w = film_focal_w;
        shot.fov_source = film::FovSource::Film;
      } else {
        shot.fov_source = film::FovSource::Assumed;
      }
      shot.fov_deg = focal_w > 0 ? fov_of_focal(focal_w, picture_w) : m_o.fov_deg;
      if (focal_w <= 0) focal_w = assumed_focal_w;
      // Small turns scale with the focal length they were read under.
      for (int64_t i = a; i < b; ++i) {
        FrameMotion& m = m_motion[static_cast<size_t>(i)];
        const double turn = m.focal_used_w > 0 ? m.focal_used_w / focal_w : 1.0;
        m.pan_deg = static_cast<float>(m.pan_deg * turn);
        m.tilt_deg = static_cast<float>(m.tilt_deg * turn);
      }
      const double end = b < n ? m_events->times().start_s[static_cast<size_t>(b)] : m_events->times().end_s;
      shot.movements = segment_movements(
          std::span(m_motion).subspan(static_cast<size_t>(a), static_cast<size_t>(b - a)),
          std::span(m_events->times().start_s).subspan(static_cast<size_t>(a), static_cast<size_t>(b - a)), a,
          end, m_o);
    }
    write_track(film.motion, opens_shot);
  }

 private:
  // One value a second: mean rates of the frames whose motion lies within one shot.
  void write_track(film::MotionTrack& track, const std::vector<bool>& opens_shot) const {
    track.fov_deg = m_o.fov_deg;
    const double t0 = m_events->times().start_s.front();
    const auto buckets =
        static_cast<size_t>(std::max(1.0, std::ceil((m_events->times().end_s - t0) / track.step_s)));
    std::vector<double> pan(buckets), tilt(buckets), roll(buckets), zoom(buckets), energy(buckets),
        weight(buckets);
    for (size_t i = 1; i < m_motion.size(); ++i) {
      if (opens_shot[i] || !m_motion[i].ok) continue;
      const double dt = m_events->times().start_s[i] - m_events->times().start_s[i - 1];
      if (dt <= 0) continue;
      const CameraRates r = camera_rates(m_motion[i], dt);
      const size_t b =
          std::min(buckets - 1, static_cast<size_t>((m_events->times().start_s[i] - t0) / track.step_s));
      pan[b] += r.pan * dt;
      tilt[b] += r.tilt * dt;
      roll[b] += r.roll * dt;
      zoom[b] += r.zoom * dt;
      energy[b] += corner_speed(r) * dt;
      weight[b] += dt;
    }
    for (size_t b = 0; b < buckets; ++b) {
      const double w = std::max(1e-9, weight[b]);
      track.pan_deg_s.push_back(pan[b] / w);
      track.tilt_deg_s.push_back(tilt[b] / w);
      track.roll_deg_s.push_back(roll[b] / w);
      track.zoom_per_s.push_back(std::exp(zoom[b] / w));
      track.energy.push_back(energy[b] / w);
    }
    // Jitter per second: each frame's shift minus its 13-frame moving average, as an RMS over the second.
    std::vector<double> sx(m_motion.size()), sy(m_motion.size());
    for (size_t i = 0; i < m_motion.size(); ++i) {
      sx[i] = m_motion[i].ok && !opens_shot[i] ? m_motion[i].dx : 0.0;
      sy[i] = m_motion[i].ok && !opens_shot[i] ? m_motion[i].dy : 0.0;
    }
    std::vector<double> jit(buckets), cnt(buckets);
    const size_t half = 6;
    for (size_t i = 0; i < m_motion.size(); ++i) {
      const size_t a = i >= half ? i - half : 0, e = std::min(m_motion.size(), i + half + 1);
      double mx = 0, my = 0;
      for (size_t j = a; j < e; ++j) {
        mx += sx[j];
        my += sy[j];
      }
      mx /= static_cast<double>(e - a);
      my /= static_cast<double>(e - a);
      const size_t b =
          std::min(buckets - 1, static_cast<size_t>((m_events->times().start_s[i] - t0) / track.step_s));
      jit[b] += (sx[i] - mx) * (sx[i] - mx) + (sy[i] - my) * (sy[i] - my);
      cnt[b] += 1;
    }
    for (size_t b = 0; b < buckets; ++b) track.shake.push_back(cnt[b] > 0 ? std::sqrt(jit[b] / cnt[b]) : 0.0);
  }

  PassEvents* m_events = nullptr;
  MotionOptions m_o;
  std::vector<FrameMotion> m_motion;
};

}  // namespace

std::span<const ParamSpec> motion_params() {
  return kParams;
}

std::unique_ptr<Analyzer> make_motion_analyzer(const ParamSet& params) {
  return std::make_unique<MotionAnalyzer>(params);
}

namespace {
constexpr std::string_view kAfter[] = {"boundaries", "framing"};  // reads the shots and the active picture
const Registration kRegistration{
    {"motion",
     "camera movements per shot (pan, tilt, roll, zoom, dolly, truck, pedestal, arc, shake) with rates",
     kParams, &make_motion_analyzer, kAfter}};
}  // namespace

}  // namespace cranes::analysis
