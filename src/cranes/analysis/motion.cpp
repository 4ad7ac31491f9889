// SPDX-License-Identifier: MIT
#include "cranes/analysis/motion.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>

#include "cranes/analysis/frame_context.hpp"
#include "cranes/analysis/motion_tracker.hpp"
#include "cranes/analysis/movements.hpp"
#include "cranes/core/geometry.hpp"
#include "cranes/core/quantile.hpp"
#include "cranes/core/spill.hpp"

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
    const FrameMotion m = tracked ? *tracked : FrameMotion{};
    m_motion.push_back(m);
    if (m_events && m_events->wants_metrics()) {
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

  // The film's frame-to-frame motion is read back from the spill buffer a block at a time, three times in
  // order: for the lens, for each shot's movements, and for the per-second track; nothing per frame is held
  // for the whole film.
  void finish(film::Film& film) override {
    const int64_t n = m_motion.size();
    if (n == 0) return;
    const FrameTimes& times = m_events->times();
    // The field of view belongs to the picture, not to the bars around it: with a 1.37 film pillarboxed in a
    // 16:9 frame, the tracker (which assumed the fov over the whole frame width) read every pan and tilt 0.75
    // times too slow. The framing analyzer (finished before this one) found the active picture: rescale to
    // its width.
    const double picture = film.active.known && film.active.width > 0 && film.source.width > 0
                               ? static_cast<double>(film.source.width) / film.active.width
                               : 1.0;
    if (film.shots.empty()) {
      film::Shot s;
      s.end_frame = n;
      s.start_s = times.front();
      s.end_s = times.end();
      s.length_s = times.end() - times.front();
      film.shots.push_back(s);
    }
    // A dissolve or fade blends two pictures (or one and a colour): no single homography fits them whatever
    // the camera does, so the windows that overlap one say nothing of parallax, held points or the lens.
    std::vector<std::pair<int64_t, int64_t>> blends;
    for (const film::Transition& tr : film.transitions)
      if (film::is_gradual(tr.type))
        blends.emplace_back(std::max<int64_t>(0, tr.start_frame),
                            std::min(n, tr.end_frame + kParallaxWindow));
    std::sort(blends.begin(), blends.end());
    // Each frame's motion as read back, on the active picture's width and with the blends' lens evidence
    // gone.
    auto read = [&](int64_t a, int64_t b, const auto& each) {
      size_t blend = 0;
      m_motion.for_each(a, b, [&](int64_t i, FrameMotion m) {
        m.dx = static_cast<float>(m.dx * picture);
        m.dy = static_cast<float>(m.dy * picture);
        while (blend < blends.size() && blends[blend].second <= i) ++blend;
        for (size_t j = blend; j < blends.size() && blends[j].first <= i; ++j)
          if (i < blends[j].second) m.parallax = m.held = m.focal_w = 0;
        each(i, m);
      });
    };
    // The lens. A camera that turns without travelling warps the picture by K R K^-1, which fixes the focal
    // length: the tracker measured it once a parallax window where the camera turned. Degrees of pan and tilt
    // were read under the assumed focal length; a measured one rescales them (a 9.8 mm lens read as 60
    // degrees halves every pan). Without a measurement the assumed fov spans the active picture, not the
    // bars.
    const double picture_w = 1.0 / picture;  // the active picture's width, in frame widths
    const double assumed_focal_w = focal_of_fov(m_o.fov_deg) / picture;
    // The shots' frames (the shots are in frame order), and the measured focal lengths of the film and of
    // each shot, in one pass.
    std::vector<std::pair<int64_t, int64_t>> ranges;
    for (const film::Shot& shot : film.shots) {
      const int64_t a = std::clamp<int64_t>(shot.start_frame, 0, n);
      ranges.emplace_back(a, std::clamp<int64_t>(shot.end_frame, a, n));
    }
    std::vector<double> all_focal;
    std::vector<std::vector<double>> own_focal(ranges.size());
    size_t first_open = 0;
    read(0, n, [&](int64_t i, const FrameMotion& m) {
      if (m.focal_w <= 0) return;
      all_focal.push_back(m.focal_w);
      while (first_open < ranges.size() && ranges[first_open].second <= i) ++first_open;
      for (size_t k = first_open; k < ranges.size() && ranges[k].first <= i; ++k)
        if (i < ranges[k].second) own_focal[k].push_back(m.focal_w);
    });
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
    all_focal = {};
    // Per shot: its lens, then its movements; the turn each frame's degrees are scaled by, for the track.
    struct Span {
      int64_t a, b;
      double focal_w;
    };
    std::vector<Span> spans;
    for (size_t k = 0; k < film.shots.size(); ++k) {
      film::Shot& shot = film.shots[k];
      const auto [a, b] = ranges[k];
      if (a >= b) continue;
      std::vector<double>& own = own_focal[k];
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
      spans.push_back({a, b, focal_w});
      MovementStream stream(m_o, a);
      read(a, b, [&](int64_t i, FrameMotion m) {
        turn(m, focal_w);
        stream.add(m, times.start(i));
      });
      shot.movements = stream.finish(times.start_or_end(b));
    }
    // One value a second: mean rates of the frames whose motion lies within one shot.
    std::sort(spans.begin(), spans.end(), [](const Span& x, const Span& y) { return x.a < y.a; });
    film.motion.fov_deg = m_o.fov_deg;
    TrackWriter track(times, n, film.motion.step_s);
    size_t at = 0;
    read(0, n, [&](int64_t i, FrameMotion m) {
      while (at < spans.size() && spans[at].b <= i) ++at;
      const bool inside = at < spans.size() && spans[at].a <= i;
      if (inside) turn(m, spans[at].focal_w);
      track.add(i, m, inside && spans[at].a == i);
    });
    track.finish(film.motion);
  }

 private:
  // Small turns scale with the focal length they were read under.
  static void turn(FrameMotion& m, double focal_w) {
    const double k = m.focal_used_w > 0 ? m.focal_used_w / focal_w : 1.0;
    m.pan_deg = static_cast<float>(m.pan_deg * k);
    m.tilt_deg = static_cast<float>(m.tilt_deg * k);
  }

  // The per-second track, from the frames in order: mean rates per second of the frames that do not open a
  // shot, and the jitter per second (each frame's shift minus its 13-frame moving average, as an RMS).
  class TrackWriter {
   public:
    TrackWriter(const FrameTimes& times, int64_t frames, double step_s)
        : m_times(times),
          m_frames(frames),
          m_step(step_s),
          m_t0(times.front()),
          m_buckets(static_cast<size_t>(std::max(1.0, std::ceil((times.end() - m_t0) / step_s)))),
          m_pan(m_buckets),
          m_tilt(m_buckets),
          m_roll(m_buckets),
          m_zoom(m_buckets),
          m_energy(m_buckets),
          m_weight(m_buckets),
          m_jit(m_buckets),
          m_cnt(m_buckets) {}

    void add(int64_t i, const FrameMotion& m, bool opens_shot) {
      const double t = m_times.start(i);
      const size_t b = bucket(t);
      if (i > 0 && !opens_shot && m.ok) {
        const double dt = t - m_last_t;
        if (dt > 0) {
          const CameraRates r = camera_rates(m, dt);
          m_pan[b] += r.pan * dt;
          m_tilt[b] += r.tilt * dt;
          m_roll[b] += r.roll * dt;
          m_zoom[b] += r.zoom * dt;
          m_energy[b] += corner_speed(r) * dt;
          m_weight[b] += dt;
        }
      }
      m_last_t = t;
      const bool counts = m.ok && !opens_shot;
      m_window.push_back({counts ? m.dx : 0.0, counts ? m.dy : 0.0, b});
      if (m_window.size() > 2 * kHalf + 1) m_window.pop_front();
      // The frame kHalf back now has all its neighbours.
      if (i >= static_cast<int64_t>(kHalf)) jitter(i - static_cast<int64_t>(kHalf), i);
    }

    void finish(film::MotionTrack& track) {
      for (int64_t c = std::max<int64_t>(0, m_frames - static_cast<int64_t>(kHalf)); c < m_frames; ++c)
        jitter(c, m_frames - 1);
      for (size_t b = 0; b < m_buckets; ++b) {
        const double w = std::max(1e-9, m_weight[b]);
        track.pan_deg_s.push_back(m_pan[b] / w);
        track.tilt_deg_s.push_back(m_tilt[b] / w);
        track.roll_deg_s.push_back(m_roll[b] / w);
        track.zoom_per_s.push_back(std::exp(m_zoom[b] / w));
        track.energy.push_back(m_energy[b] / w);
      }
      for (size_t b = 0; b < m_buckets; ++b)
        track.shake.push_back(m_cnt[b] > 0 ? std::sqrt(m_jit[b] / m_cnt[b]) : 0.0);
    }

   private:
    static constexpr size_t kHalf = 6;
    struct Shift {
      double x, y;
      size_t bucket;
    };
    size_t bucket(double t) const {
      return std::min(m_buckets - 1, static_cast<size_t>((t - m_t0) / m_step));
    }
    // Frame c's jitter, the window holding frames up to `last`.
    void jitter(int64_t c, int64_t last) {
      const int64_t first_held = last - static_cast<int64_t>(m_window.size()) + 1;
      const int64_t a = std::max<int64_t>(0, c - static_cast<int64_t>(kHalf));
      const int64_t e = std::min(m_frames, c + static_cast<int64_t>(kHalf) + 1);
      double mx = 0, my = 0;
      for (int64_t j = a; j < e; ++j) {
        mx += m_window[static_cast<size_t>(j - first_held)].x;
        my += m_window[static_cast<size_t>(j - first_held)].y;
      }
      mx /= static_cast<double>(e - a);
      my /= static_cast<double>(e - a);
      const Shift& s = m_window[static_cast<size_t>(c - first_held)];
      m_jit[s.bucket] += (s.x - mx) * (s.x - mx) + (s.y - my) * (s.y - my);
      m_cnt[s.bucket] += 1;
    }

    const FrameTimes& m_times;
    int64_t m_frames;
    double m_step, m_t0;
    size_t m_buckets;
    std::vector<double> m_pan, m_tilt, m_roll, m_zoom, m_energy, m_weight, m_jit, m_cnt;
    std::deque<Shift> m_window;
    double m_last_t = 0;
  };

  PassEvents* m_events = nullptr;
  MotionOptions m_o;
  SpillBuffer<FrameMotion> m_motion;  // every frame's motion, the older blocks on disk
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
