// SPDX-License-Identifier: MIT
// The named scenarios: each is a list of shot plans written in scenario seconds. Shot lengths and the times
// of in-shot effects stretch with duration_scale; rates (deg/s) and transition lengths do not. Camera paths
// that would leave the picture on long renders (pans, tilts) sweep back and forth within a fixed range at the
// same rate.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "cranes/core/error.hpp"
#include "cranes/synth/timeline.hpp"

namespace cranes::synth {
namespace detail {
namespace {

double smoothstep(double e) {
  e = std::clamp(e, 0.0, 1.0);
  return e * e * (3 - 2 * e);
}

/// Triangle wave: x >= 0 swept back and forth over [0, range].
double fold(double x, double range) {
  if (range <= 0) return 0;
  const double m = std::fmod(std::max(0.0, x), 2 * range);
  return m <= range ? m : 2 * range - m;
}

/// Integral over [0, t] of a piecewise-constant rate: `knots` are (from_s, rate) sorted, the rate holding
/// until the next knot.
double integrate(const std::vector<std::pair<double, double>>& knots, double t) {
  double sum = 0;
  for (size_t i = 0; i < knots.size(); ++i) {
    const double a = knots[i].first;
    const double b = i + 1 < knots.size() ? knots[i + 1].first : 1e300;
    if (t > a) sum += knots[i].second * (std::min(t, b) - a);
  }
  return sum;
}

std::string fmt(const char* f, double a, double b = 0, double c = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

class Builder {
 public:
  explicit Builder(const SynthOptions& o) : m_fps(o.fps.to_double()), m_scale(o.duration_scale) {}

  double scale() const { return m_scale; }
  double fps() const { return m_fps; }
  /// Frames of a shot that lasts `s` scenario seconds.
  int64_t shot_frames(double s) const { return std::max<int64_t>(1, std::llround(s * m_scale * m_fps)); }
  /// Frame offset of scenario time `s` within a shot.
  int64_t at(double s) const { return std::llround(s * m_scale * m_fps); }
  /// Frames of `s` real seconds (transitions, whip pans: not stretched).
  int64_t real(double s) const { return std::max<int64_t>(1, std::llround(s * m_fps)); }
  /// A dissolve length in frames, always odd so its middle frame is the exact 50/50 blend.
  int dissolve(double s) const { return static_cast<int>(real(s) | 1); }

  ShotPlan& add(int picture, double length_s, CameraPath cam, std::string desc, Join join = {}) {
    ShotPlan p;
    p.picture = picture;
    p.length = shot_frames(length_s);
    p.camera = std::move(cam);
    p.description = std::move(desc);
    p.join = std::move(join);
    plans.push_back(std::move(p));
    return plans.back();
  }
  /// Shot of a length already in frames (montage).
  ShotPlan& add_frames(int picture, int64_t frames, CameraPath cam, std::string desc, Join join = {}) {
    ShotPlan& p = add(picture, 1, std::move(cam), std::move(desc), std::move(join));
    p.length = frames;
    return p;
  }

  std::vector<ShotPlan> plans;

 private:
  double m_fps, m_scale;
};

Join cut() {
  return {};
}
Join dissolve(int frames) {
  return {JoinType::Dissolve, frames, 0, ""};
}
Join fade(int out, int in, const std::string& colour) {
  return {JoinType::Fade, out, in, colour};
}

CameraPath hold(double pan = 0, double tilt = 0, double roll = 0, double zoom = 1) {
  return [=](double, double) {
    CameraSample c;
    c.pan_deg = pan;
    c.tilt_deg = tilt;
    c.roll_deg = roll;
    c.zoom = zoom;
    return c;
  };
}

/// A still framing whose content is shifted `x_px` right and `y_px` down (pixels at 640 wide, for a frame
/// `width` px wide and a lens of `fov_deg`) and zoomed by `zoom`, as the camera's turn.
CameraPath shifted_framing(double width, double fov_deg, double x_px, double y_px, double zoom) {
  const double f = focal_length_px(static_cast<int>(width), fov_deg), px = width / 640.0;
  return hold(-std::atan(x_px * px / f) * 180 / std::numbers::pi,
              std::atan(y_px * px / f) * 180 / std::numbers::pi, 0, zoom);
}

/// Pans at `rate` deg/s between `t0` and `len - t1_margin`, sweeping back and forth over `range` deg from
/// `from`.
CameraPath pan_path(double from_deg, double rate, double range, double t0, double end_margin,
                    double tilt = 0) {
  return [=](double t, double len) {
    CameraSample c;
    const double tt = std::clamp(t, t0, std::max(t0, len - end_margin)) - t0;
    const double swept = fold(std::abs(rate) * tt, range);
    c.pan_deg = from_deg + (rate >= 0 ? swept : -swept);
    c.tilt_deg = tilt;
    return c;
  };
}

CameraPath tilt_path(double from_deg, double rate, double range, double t0, double end_margin,
                     double pan = 0) {
  return [=](double t, double len) {
    CameraSample c;
    const double tt = std::clamp(t, t0, std::max(t0, len - end_margin)) - t0;
    const double swept = fold(std::abs(rate) * tt, range);
    c.tilt_deg = from_deg + (rate >= 0 ? swept : -swept);
    c.pan_deg = pan;
    return c;
  };
}

/// Events for a back-and-forth sweep: one per leg, with its direction.
void sweep_events(ShotPlan& p, const Builder& b, const std::string& type, const char* pos, const char* neg,
                  double rate, double range, double t0_s, double end_s) {
  const double leg_s = range / std::abs(rate);
  bool forward = rate >= 0;
  for (double a = t0_s; a < end_s - 1e-9; a += leg_s, forward = !forward) {
    const double e = std::min(end_s, a + leg_s);
    p.events.push_back({type, std::llround(a * b.fps()), std::llround(e * b.fps()),
                        std::string(forward ? pos : neg) + fmt(" %.1f deg/s", std::abs(rate))});
  }
}

std::vector<ShotPlan> montage(const SynthOptions& o, Builder& b, uint64_t seed) {
  Gaussian rng(seed * 31 + 7);
  // Occluders and fire light draw from a stream of their own, a fixed count per shot, so that every other
  // choice a seed makes is what it was before they existed.
  Gaussian extra(seed * 131 + 977);
  const double total_s = 30.0 * o.duration_scale;
  double t = 0;
  int k = 0;
  while (t < total_s - 1e-9) {
    const double u = rng.uniform();
    const double len_s = 1.2 + 5.8 * u * u;  // mostly short shots, as in a cut film
    const double real_len = (total_s - t - len_s < 1.2) ? std::max(total_s - t, 1.0) : len_s;
    const int64_t frames = std::max<int64_t>(1, std::llround(real_len * b.fps()));
    Join join = cut();
    const double jr = rng.uniform();
    if (k > 0 && jr > 0.9)
      join = fade(b.real(0.4), b.real(0.4), rng.uniform() < 0.8 ? "black" : "white");
    else if (k > 0 && jr > 0.75)
      join = dissolve(b.dissolve(0.3 + 0.7 * rng.uniform()));
    const int picture = static_cast<int>(rng.uniform() * 24);
    const int kind = static_cast<int>(rng.uniform() * 8);
    const double sign = rng.uniform() < 0.5 ? -1 : 1;
    const double p0 = (rng.uniform() - 0.5) * 20, t0 = (rng.uniform() - 0.5) * 10;
    ShotPlan* p = nullptr;
    const double rate = sign * (3 + 12 * rng.uniform());
    switch (kind) {
      case 1:
        p = &b.add_frames(picture, frames, pan_path(p0 - sign * 10, rate, 24, 0, 0, t0),
                          fmt("pan %.1f deg/s", rate), join);
        p->events.push_back(
            {"pan", 0, frames, fmt("%.1f deg/s (> 0: pan_right), sweeping within 24 deg", rate)});
        break;
      case 2:
        p = &b.add_frames(picture, frames, tilt_path(t0 - sign * 8, rate * 0.6, 16, 0, 0, p0),
                          fmt("tilt %.1f deg/s", rate * 0.6), join);
        p->events.push_back(
            {"tilt", 0, frames, fmt("%.1f deg/s (> 0: tilt_up), sweeping within 16 deg", rate * 0.6)});
        break;
      case 3: {
        const double roll_rate = sign * (30 + 330 * rng.uniform());
        p = &b.add_frames(
            picture, frames,
            [=](double tt, double) {
              CameraSample c;
              c.pan_deg = p0;
              c.tilt_deg = t0;
              c.roll_deg = roll_rate * std::max(0.0, tt);
              return c;
            },
            fmt("roll %.0f deg/s", roll_rate), join);
        p->events.push_back({"spin", 0, frames, fmt("%.0f deg/s (> 0: roll_cw)", roll_rate)});
        break;
      }
      case 4: {
        const double z_per_s = rng.uniform() < 0.6 ? 1.35 : 0.8;
        p = &b.add_frames(
            picture, frames,
            [=](double tt, double) {
              CameraSample c;
              c.pan_deg = p0;
              c.tilt_deg = t0;
              c.zoom = std::clamp(std::pow(z_per_s, std::max(0.0, tt)), 0.7, 3.0) * (z_per_s < 1 ? 1.6 : 1.0);
              return c;
            },
            fmt("zoom x%.2f per s", z_per_s), join);
        p->events.push_back({"zoom", 0, frames, fmt("x%.2f per s (zoom clamped to 0.7..3)", z_per_s)});
        break;
      }
      case 5:
        p = &b.add_frames(picture, frames, hold(p0, t0), "handheld", join);
        p->shake_px = 0.006 * o.width * (1 + rng.uniform());
        p->shake_deg = 0.3 + 0.5 * rng.uniform();
        break;
      case 6: {
        const double whip_at = 0.3 + 0.4 * rng.uniform() * real_len;
        const double d = sign * 45;
        p = &b.add_frames(
            picture, frames,
            [=](double tt, double) {
              CameraSample c;
              c.pan_deg = p0 * 0.3 - d / 2 + d * smoothstep((tt - whip_at) / 0.32);
              c.tilt_deg = t0;
              return c;
            },
            "whip pan", join);
        p->shutter = 0.5;
        const int64_t f0 = std::llround(whip_at * b.fps());
        p->events.push_back({"whip_pan", f0, f0 + b.real(0.32), fmt("%.0f deg in 0.32 s", d)});
        break;
      }
      default:
        p = &b.add_frames(picture, frames, hold(p0, t0, (rng.uniform() - 0.5) * 6), "static", join);
        break;
    }
    if (rng.uniform() < 0.1) {
      const int64_t f = static_cast<int64_t>(rng.uniform() * static_cast<double>(frames - 3));
      p->flashes.push_back({std::max<int64_t>(1, f), {0.85}});
    }
    if (rng.uniform() < 0.05 && frames > 10)
      p->exposure_jumps.emplace_back(frames / 2, rng.uniform() < 0.5 ? 1.6 : 0.6);
    double e[8];
    for (double& v : e) v = extra.uniform();
    const int64_t cross = b.real(0.5 + 0.3 * e[1]);
    if (e[0] < 0.12 && frames >= cross + 4) {
      const auto at = static_cast<int64_t>(e[2] * static_cast<double>(frames - cross));
      p->occluders.push_back({at, static_cast<int>(cross), 0.6 + 0.2 * e[3], e[4] < 0.5, 0});
    }
    const int64_t fire_len = std::min(frames, b.real(1.5 + 1.5 * e[6]));
    if (e[5] < 0.08 && frames >= b.real(1.0)) {
      p->fire_start = static_cast<int64_t>(e[7] * static_cast<double>(frames - fire_len));
      p->fire_end = p->fire_start + fire_len;
    }
    t += real_len;
    ++k;
  }
  return b.plans;
}

// Everything a scenario's builder writes into: the shot plans, and fades at the film's head and tail.
struct Scene {
  Builder& b;
  const SynthOptions& o;
  double sc;  // the duration scale
  double w;   // the picture width, pixels
  int fade_in = 0;
  std::string fade_in_colour = "black";
  int fade_out = 0;
  std::string fade_out_colour = "black";
  std::string caption;  ///< burned in over the whole film (Timeline::caption)
};

// The names the scenario builders use (plain references: clang 14 cannot capture structured bindings).
#define SCENE_NAMES(s)                                               \
  [[maybe_unused]] Builder& b = (s).b;                               \
  [[maybe_unused]] const SynthOptions& o = (s).o;                    \
  [[maybe_unused]] const double sc = (s).sc;                         \
  [[maybe_unused]] const double w = (s).w;                           \
  [[maybe_unused]] int& fade_in = (s).fade_in;                       \
  [[maybe_unused]] std::string& fade_in_colour = (s).fade_in_colour; \
  [[maybe_unused]] int& fade_out = (s).fade_out;                     \
  [[maybe_unused]] std::string& fade_out_colour = (s).fade_out_colour

struct ScenarioInfo {
  const char* name;
  const char* help;
  void (*build)(Scene&);
};

// The scenarios, in the order `cranes synth --list` shows them: name, one line of help, and the builder.
const ScenarioInfo kScenarios[] = {
    {"demo",
     "15 s: static shot, cut, spinning long take (roll_cw 180 deg/s), dissolve, panning shot with a "
     "one-frame flash, cut, zoom in, fade out/in through black, handheld shot",
     [](Scene& s) {
       SCENE_NAMES(s);
       b.add(0, 2, hold(4, 1), "static");
       ShotPlan& spin = b.add(
           3, 5,
           [sc](double t, double) {
             CameraSample c;
             c.roll_deg = 180 * std::clamp(t - 0.5 * sc, 0.0, 4.0 * sc);
             return c;
           },
           "spinning long take, roll_cw 180 deg/s", cut());
       spin.events.push_back({"spin", b.at(0.5), b.at(4.5), "roll_cw 180 deg/s"});
       ShotPlan& pan = b.add(1, 3, pan_path(-9, 6, 18, 0, 0), "pan_right 6 deg/s with a flash",
                             dissolve(b.dissolve(1.0)));
       pan.flashes.push_back({b.at(1.5), {0.85}});
       pan.events.push_back({"pan", 0, pan.length, "pan_right 6 deg/s"});
       ShotPlan& zoom = b.add(
           9, 2.5,
           [sc](double t, double) {
             CameraSample c;
             c.zoom = std::pow(2.0, std::clamp((t - 0.3 * sc) / (1.5 * sc), 0.0, 1.0));
             return c;
           },
           "zoom_in x2", cut());
       zoom.events.push_back({"zoom", b.at(0.3), b.at(1.8), fmt("zoom_in x2 over %.2f s", 1.5 * sc)});
       ShotPlan& hand = b.add(5, 2.5, hold(-3, 0), "handheld", fade(b.real(0.5), b.real(0.5), "black"));
       hand.shake_px = 0.004 * w;
       hand.shake_deg = 0.2;
     }},
    {"cuts",
     "10 s: six shots of different photos joined by hard cuts (the last is a jump cut: same photo, new "
     "framing)",
     [](Scene& s) {
       SCENE_NAMES(s);
       b.add(0, 1.6, hold(-5, 0), "static");
       b.add(1, 1.2, pan_path(-5, 4, 10, 0, 0), "pan_right 4 deg/s", cut());
       b.add(2, 2.0, hold(8, -3), "static", cut());
       b.add(3, 1.0, tilt_path(-3, 3, 6, 0, 0), "tilt_up 3 deg/s", cut());
       b.add(4, 1.4, hold(0, 0), "static", cut());
       b.add(4, 1.8, hold(22, 5, 0, 1.6), "jump cut: same photo, panned 22 deg and zoomed x1.6", cut());
     }},
    {"slow_dissolves",
     "21 s: slow dissolves: 48 and 72 frames between shots panning in opposite directions; 40 frames between "
     "two still shots of equal mean and contrast; then an old black-and-white print with an 18-frame "
     "dissolve and a fade out and in through black",
     [](Scene& s) {
       SCENE_NAMES(s);
       b.add(1, 3, pan_path(-12, 4, 24, 0, 0), "pan_right 4 deg/s");
       b.add(5, 3, pan_path(12, -4, 24, 0, 0), "pan_left 4 deg/s", dissolve(49));
       b.add(6, 3.5, pan_path(-12, 3, 24, 0, 0), "pan_right 3 deg/s", dissolve(73));
       // Each plan is set before the next is added (adding may move the plans).
       auto same_levels = [](ShotPlan& p) {
         p.level_mean = 110;
         p.level_std = 40;
       };
       same_levels(b.add(2, 3, hold(0, 0), "static, levels set", cut()));
       same_levels(b.add(9, 3, hold(4, -2), "static, the same levels", dissolve(41)));
       b.add(10, 2.5, hold(3, 1), "old film, static", cut()).old_film = true;
       b.add(3, 2.5, hold(-5, 2), "old film, static", dissolve(b.dissolve(0.72))).old_film = true;
       b.add(8, 2.5, hold(2, 0), "old film, static", fade(12, 12, "black")).old_film = true;
     }},
    {"moving_dissolves",
     "50 s: dissolves of 13, 25, 37, 49, 61, 73, 87 and 101 frames (0.5 to 4 s) between shots that all keep "
     "moving through them: pans both ways, tilts, a slow zoom, pans with a tilt",
     [](Scene& s) {
       SCENE_NAMES(s);
       // Steady moves centred on the shot that go on through the dissolves on either side of it (the other
       // scenarios' paths hold still outside their shot).
       auto steady = [](double pan_rate, double tilt_rate, double zoom_per_s = 1) -> CameraPath {
         return [=](double t, double len) {
           CameraSample c;
           c.pan_deg = pan_rate * (t - len / 2);
           c.tilt_deg = tilt_rate * (t - len / 2);
           c.zoom = 1.2 * std::pow(zoom_per_s, t - len / 2);
           return c;
         };
       };
       b.add(1, 6, steady(4, 0), "pan_right 4 deg/s");
       b.add(5, 6, steady(0, 3), "tilt_up 3 deg/s", dissolve(13));
       b.add(6, 6, steady(-4, 0), "pan_left 4 deg/s", dissolve(25));
       b.add(2, 6, steady(0, 0, 1.06), "zoom_in x1.06/s", dissolve(37));
       b.add(9, 6, steady(3, 0), "pan_right 3 deg/s", dissolve(49));
       b.add(10, 6, steady(1, -3), "tilt_down 3 deg/s", dissolve(61));
       b.add(3, 6, steady(-4, 0), "pan_left 4 deg/s", dissolve(73));
       b.add(8, 6.5, steady(3, 1), "pan_right 3 deg/s", dissolve(87));
       b.add(4, 6.5, steady(0, 2.5), "tilt_up 2.5 deg/s", dissolve(101));
     }},
    {"old_dissolves",
     "24 s on an old black-and-white print whose exposure flickers +-12 % (clumped grain, dust, scratches, "
     "gate weave): dissolves of 13, 25, 49 and 73 frames, still and panning shots, a fade out and in through "
     "black, and a jump cut within one picture (36 px right, 20 px down, x1.12, half a stop)",
     [](Scene& s) {
       SCENE_NAMES(s);
       auto old = [](ShotPlan& p) -> ShotPlan& {
         p.old_film = true;
         p.old_film_flicker = 0.12;
         return p;
       };
       old(b.add(10, 3, hold(3, 1), "static"));
       old(b.add(3, 3, hold(-5, 2), "static", dissolve(13)));
       old(b.add(1, 3.5, pan_path(-8, 3, 12, 0, 0), "pan_right 3 deg/s", dissolve(25)));
       old(b.add(8, 3.5, hold(2, 0), "static", dissolve(49)));
       old(b.add(6, 4, pan_path(6, -3, 12, 0, 0), "pan_left 3 deg/s", dissolve(73)));
       old(b.add(9, 2.5, hold(0, 0), "static", fade(12, 12, "black")));
       old(b.add(9, 2.5, shifted_framing(w, s.o.fov_deg, 36, 20, 1.12),
                 "jump cut: 36 px right, 20 px down, x1.12, +0.5 stop", cut()))
           .exposure_jumps.emplace_back(0, std::sqrt(2.0));
     }},
    {"jump_cuts",
     "10 s: jump cuts within one photo between still framings, each in one frame: 36 px right, 20 px down, "
     "x1.12 and half a stop brighter; 32 px left (5 % of the width); then the first jump again on an old "
     "black-and-white print (flicker, dust, scratches, gate weave)",
     [](Scene& s) {
       SCENE_NAMES(s);
       auto framing = [&](double x_px, double y_px, double zoom) {
         return shifted_framing(w, s.o.fov_deg, x_px, y_px, zoom);
       };
       b.add(4, 2, framing(0, 0, 1), "static");
       b.add(4, 2, framing(36, 20, 1.12), "jump cut: 36 px right, 20 px down, x1.12, +0.5 stop", cut())
           .exposure_jumps.emplace_back(0, std::sqrt(2.0));
       b.add(4, 2, framing(4, 20, 1.12), "jump cut: 32 px left", cut());
       b.add(4, 2, framing(0, 0, 1), "old film, static", cut()).old_film = true;
       ShotPlan& old = b.add(4, 2, framing(36, 20, 1.12), "old film, jump cut as the first", cut());
       old.old_film = true;
       old.exposure_jumps.emplace_back(0, std::sqrt(2.0));
     }},
    {"dissolve", "7 s: three shots joined by a 25-frame and a 13-frame cross-dissolve, cameras moving",
     [](Scene& s) {
       SCENE_NAMES(s);
       b.add(1, 2.5, pan_path(-10, 5, 20, 0, 0), "pan_right 5 deg/s");
       b.add(
           5, 2.5,
           [](double t, double) {
             CameraSample c;
             c.zoom = std::pow(1.06, std::max(-1.0, t));
             return c;
           },
           "slow zoom in", dissolve(b.dissolve(1.0)));
       b.add(8, 2.0, hold(-6, 2), "static", dissolve(b.dissolve(0.5)));
     }},
    {"fades",
     "6 s: fade in from black, fade out/in through black, fade out/in through white, fade out to black",
     [](Scene& s) {
       SCENE_NAMES(s);
       fade_in = fade_out = static_cast<int>(b.real(0.5));
       b.add(2, 2, hold(0, 0), "static");
       b.add(6, 2, pan_path(-5, 3, 10, 0, 0), "pan_right 3 deg/s", fade(fade_in, fade_in, "black"));
       b.add(9, 2, hold(4, -2), "static", fade(fade_in, fade_in, "white"));
     }},
    {"caption_fades",
     "8 s: a copyright line burned into the corner of every frame, which stays through a fade in from black, "
     "a fade out/in through black, a 15-frame dissolve and a fade out to black",
     [](Scene& s) {
       SCENE_NAMES(s);
       s.caption = "(c) 1957 Mosfilm";
       fade_in = fade_out = static_cast<int>(b.real(0.6));
       b.add(2, 2.5, hold(0, 0), "static, captioned");
       b.add(6, 2.5, pan_path(-5, 3, 10, 0, 0), "pan_right 3 deg/s, captioned",
             fade(fade_in, fade_in, "black"));
       b.add(9, 2.5, hold(4, -2), "static, captioned", dissolve(b.dissolve(0.6)));
     }},
    {"spin", "7 s: one long take rolling clockwise at 90, then 180, then 360 deg/s (2 s each)",
     [](Scene& s) {
       SCENE_NAMES(s);
       const std::vector<std::pair<double, double>> knots = {
           {0.5 * sc, 90}, {2.5 * sc, 180}, {4.5 * sc, 360}, {6.5 * sc, 0}};
       ShotPlan& p = b.add(
           3, 7,
           [knots](double t, double) {
             CameraSample c;
             c.roll_deg = integrate(knots, t);
             return c;
           },
           "long take rolling clockwise at 90, 180, 360 deg/s");
       for (size_t i = 0; i + 1 < knots.size(); ++i)
         p.events.push_back({"spin", b.at(knots[i].first / sc), b.at(knots[i + 1].first / sc),
                             fmt("roll_cw %.0f deg/s", knots[i].second)});
     }},
    {"whip_pan", "4.5 s: one shot with two whip pans (50 deg in 0.32 s, motion blurred) right then left",
     [](Scene& s) {
       SCENE_NAMES(s);
       const double a = 1.5 * sc, c2 = 3.0 * sc, dur = 0.32;
       ShotPlan& p = b.add(
           4, 4.5,
           [=](double t, double) {
             CameraSample c;
             c.pan_deg = -25 + 50 * smoothstep((t - a) / dur) - 50 * smoothstep((t - c2) / dur);
             return c;
           },
           "two whip pans");
       p.shutter = 0.5;
       const int64_t n = b.real(dur);
       p.events.push_back(
           {"whip_pan", b.at(1.5), b.at(1.5) + n, "pan_right 50 deg in 0.32 s (peak 234 deg/s)"});
       p.events.push_back(
           {"whip_pan", b.at(3.0), b.at(3.0) + n, "pan_left 50 deg in 0.32 s (peak 234 deg/s)"});
     }},
    {"whip_handheld",
     "9 s: one handheld take (sway +-4 px, 1.5-4 Hz; 360-degree shutter) with a whip pan right of 80 deg in "
     "8 "
     "frames (about 160 px a frame at its peak), a whip pan left of 85 deg in 7 frames (about 200 px), each "
     "landing on another part of the scene, then a crash zoom x2 in 0.5 s",
     [](Scene& s) {
       SCENE_NAMES(s);
       const double fps = b.fps();
       const double w1 = 2.0 * sc, w2 = 4.5 * sc, z = 6.5 * sc;  // starts, s
       const double d1 = 8 / fps, d2 = 7 / fps;                  // real-time lengths
       ShotPlan& p = b.add(
           3, 9,
           [=](double t, double) {
             CameraSample c;
             c.pan_deg = -40 + 80 * smoothstep((t - w1) / d1) - 85 * smoothstep((t - w2) / d2);
             c.zoom = std::pow(2.0, smoothstep((t - z) / 0.5));
             return c;
           },
           "handheld take: whip right, whip left, crash zoom");
       const double px = w / 640.0;
       p.shake_px = 4 * px;
       p.shake_deg = 0.3;
       p.shake_hz_lo = 1.5;
       p.shake_hz_hi = 4;
       p.shutter = 1.0;
       p.events.push_back({"whip_pan", b.at(2.0), b.at(2.0) + 8, "pan_right 80 deg in 8 frames"});
       p.events.push_back({"whip_pan", b.at(4.5), b.at(4.5) + 7, "pan_left 85 deg in 7 frames"});
       p.events.push_back({"zoom", b.at(6.5), b.at(6.5) + b.real(0.5), "crash zoom_in x2 in 0.5 s"});
     }},
    {"flash", "4 s: one slowly panning shot with a 1-frame, a 2-frame and a 3-frame flash",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(5, 4, pan_path(-6, 3, 12, 0, 0), "slow pan with flashes");
       p.flashes.push_back({b.at(1.0), {0.85}});
       p.flashes.push_back({b.at(2.0), {0.8, 0.5}});
       p.flashes.push_back({b.at(3.0), {0.6, 0.9, 0.4}});
     }},
    {"exposure", "4 s: one shot whose exposure jumps up (x1.7) and later down (x0.5); each gain persists",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(6, 4, pan_path(-4, 2, 8, 0, 0), "exposure jumps");
       p.exposure_jumps.emplace_back(b.at(1.3), 1.7);
       p.exposure_jumps.emplace_back(b.at(2.7), 0.5);
     }},
    {"underwater",
     "6 s: one shot drifting underwater: blue-green tint, blur and wobble growing from 1 s to 5 s",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(
           7, 6,
           [](double t, double) {
             CameraSample c;
             c.pan_deg = 4 * std::sin(0.35 * t);
             c.tilt_deg = -1.5 * std::sin(0.5 * t);
             c.roll_deg = 3 * std::sin(0.8 * t);
             return c;
           },
           "underwater drift");
       p.underwater_start = b.at(1.0);
       p.underwater_full = b.at(5.0);
     }},
    {"shake", "4 s: one handheld shot (random-walk shake, about 1.2% of the width and 0.6 deg)",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(8, 4, hold(3, 1), "handheld");
       p.shake_px = 0.012 * w;
       p.shake_deg = 0.6;
     }},
    {"handheld",
     "35 s: steady moves under handheld jitter, joined by cuts: a slow pan right at 3.5 deg/s under a light "
     "sway (+-4 px, 1.5-4 Hz); a drift left at 4.5 deg/s under a running camera's bounce (+-15 px, +-3 deg, "
     "6-10 Hz, 360-degree shutter); a tripod hold; a handheld hold under the sway; a tilt up at 3 deg/s "
     "under "
     "the sway",
     [](Scene& s) {
       SCENE_NAMES(s);
       const double px = w / 640.0;
       auto sway = [px](ShotPlan& p) {
         p.shake_px = 4 * px;
         p.shake_deg = 0.3;
         p.shake_hz_lo = 1.5;
         p.shake_hz_hi = 4;
         p.shutter = 0.5;
       };
       sway(b.add(1, 12, pan_path(-21, 3.5, 42, 0, 0), "handheld pan_right 3.5 deg/s, light sway"));
       ShotPlan& run =
           b.add(3, 8, pan_path(18, -4.5, 36, 0, 0), "running camera drifting left 4.5 deg/s", cut());
       run.shake_px = 15 * px;
       run.shake_deg = 3;
       run.shake_hz_lo = 6;
       run.shake_hz_hi = 10;
       run.shutter = 1.0;
       b.add(2, 4, hold(-3, 1), "tripod hold", cut());
       sway(b.add(8, 5, hold(4, -1), "handheld hold, light sway", cut()));
       sway(b.add(5, 6, tilt_path(-9, 3, 18, 0, 0), "handheld tilt_up 3 deg/s, light sway", cut()));
     }},
    {"zoom", "5 s: one shot zooming in x2.5 over 2 s, holding, then zooming out to x1.25 over 1.5 s",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(
           9, 5,
           [sc](double t, double) {
             CameraSample c;
             const double in = std::clamp((t - 0.5 * sc) / (2.0 * sc), 0.0, 1.0);
             const double out = std::clamp((t - 3.0 * sc) / (1.5 * sc), 0.0, 1.0);
             c.zoom = std::pow(2.5, in) * std::pow(0.5, out);
             return c;
           },
           "zoom in x2.5, hold, zoom out x0.5");
       p.events.push_back(
           {"zoom", b.at(0.5), b.at(2.5),
            fmt("zoom_in x2.5 over %.2f s (x%.3f per s)", 2 * sc, std::pow(2.5, 1 / (2 * sc)))});
       p.events.push_back(
           {"zoom", b.at(3.0), b.at(4.5),
            fmt("zoom_out x0.5 over %.2f s (x%.3f per s)", 1.5 * sc, std::pow(0.5, 1 / (1.5 * sc)))});
     }},
    {"dolly", "4 s: one shot dollying in with a near foreground layer that grows faster than the background",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(
           10, 4,
           [sc](double t, double) {
             CameraSample c;
             c.dolly = 1 + 0.8 * std::clamp((t - 0.5 * sc) / (3.0 * sc), 0.0, 1.0);
             return c;
           },
           "dolly_in, foreground layer x1.8, background x1.2");
       p.layer_picture = 11;
       p.events.push_back({"dolly", b.at(0.5), b.at(3.5), "dolly_in: foreground x1.8, background x1.2"});
     }},
    {"truck", "4 s: one shot trucking left past a near foreground layer (0.35 layer distances/s for 3 s)",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(
           10, 4,
           [sc](double t, double) {
             CameraSample c;
             c.truck = -0.35 * std::clamp(t - 0.5 * sc, 0.0, 3.0 * sc);
             return c;
           },
           "truck_left 0.35 layer distances/s");
       p.layer_picture = 11;
       p.events.push_back(
           {"truck", b.at(0.5), b.at(3.5), "truck_left: near layer slides right, background 4x slower"});
     }},
    {"arc",
     "8 s: one shot arcing right round a near subject at 10 deg/s for 3 s, holding 1 s, arcing back left",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(
           3, 8,
           [sc](double t, double) {
             CameraSample c;
             c.arc_deg =
                 10 * std::clamp(t - 0.5 * sc, 0.0, 3.0 * sc) - 10 * std::clamp(t - 4.5 * sc, 0.0, 3.0 * sc);
             return c;
           },
           "arc_right 10 deg/s round the near layer, hold, arc_left back");
       p.layer_picture = 11;
       p.events.push_back(
           {"arc", b.at(0.5), b.at(3.5), "arc_right 10 deg/s: near layer holds, background slides right"});
       p.events.push_back({"arc", b.at(4.5), b.at(7.5), "arc_left 10 deg/s"});
     }},
    {"pan", "4.5 s: one shot panning right at 12 deg/s for 3.5 s between 0.5 s holds",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(1, 4.5, pan_path(-21, 12, 42, 0.5 * sc, 0.5 * sc), "pan_right 12 deg/s");
       sweep_events(p, b, "pan", "pan_right", "pan_left", 12, 42, 0.5 * sc, 4.0 * sc);
     }},
    {"tilt", "4 s: one shot tilting up at 8 deg/s for 3 s between 0.5 s holds",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(2, 4, tilt_path(-12, 8, 24, 0.5 * sc, 0.5 * sc), "tilt_up 8 deg/s");
       sweep_events(p, b, "tilt", "tilt_up", "tilt_down", 8, 24, 0.5 * sc, 3.5 * sc);
     }},
    {"static", "3 s: one static shot",
     [](Scene& s) {
       SCENE_NAMES(s);
       b.add(0, 3, hold(5, 2), "static");
     }},
    {"occluder",
     "4 s: one slowly panning shot crossed twice by a dark blurred shape close to the lens (75% and 65% "
     "of the width at its widest, 0.72 s and 0.56 s)",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p =
           b.add(1, 4, pan_path(-3, 1.5, 6, 0, 0), "slow pan_right 1.5 deg/s, crossed twice near the lens");
       // Crossings are real-time motions, like whip pans: their length does not stretch with duration_scale.
       p.occluders.push_back({b.at(1.0), static_cast<int>(b.real(0.72)), 0.75, true, 0});
       p.occluders.push_back({b.at(2.6), static_cast<int>(b.real(0.56)), 0.65, false, 1});
     }},
    {"fire",
     "5 s: one static shot lit by flickering fire light (+-25%, strongest low in the frame) with smoke "
     "drifting up through it, from 1 s to 4 s",
     [](Scene& s) {
       SCENE_NAMES(s);
       ShotPlan& p = b.add(6, 5, hold(-4, -2), "static, lit by fire light with smoke");
       p.fire_start = b.at(1.0);
       p.fire_end = b.at(4.0);
     }},
    {"old_film",
     "6 s: an old black-and-white print (exposure flicker, dust, scratches, gate weave, grain) of two "
     "shots joined by one hard cut",
     [](Scene& s) {
       SCENE_NAMES(s);
       b.add(10, 3, hold(3, 1), "static, old film").old_film = true;
       b.add(3, 3, pan_path(-6, 2, 12, 0, 0), "pan_right 2 deg/s, old film", cut()).old_film = true;
     }},
    {"moves",
     "26 s: a long take that holds, tilts up 10 deg/s, pans right 15 deg/s, rolls clockwise 360 deg at "
     "120 deg/s, zooms in x2, dollies in past a near layer; a handheld shot; a static shot; a diagonal pan "
     "left 8 deg/s with tilt down 3 deg/s (for camera-movement accuracy)",
     [](Scene& s) {
       SCENE_NAMES(s);
       // Piecewise-constant rates (deg/s, or ln-scale/s for zoom and dolly) from scenario times; holds
       // between.
       struct Leg {
         double from, to, pan, tilt, roll, zoom, dolly;
       };
       // Tilt before pan, so that the pan turns about the camera's own vertical axis (a pan with the camera
       // tilted is partly a roll as the camera sees it).
       const std::vector<Leg> legs = {{1.5, 3.5, 0, 10, 0, 0, 0},
                                      {4.5, 7.0, 15, 0, 0, 0, 0},
                                      {7.0, 10.0, 0, 0, 120, 0, 0},
                                      {11.0, 13.0, 0, 0, 0, std::log(2.0) / 2.0, 0},
                                      {14.0, 16.5, 0, 0, 0, 0, std::log(1.8) / 2.5}};
       ShotPlan& p = b.add(
           6, 17.5,
           [legs, sc](double t, double) {
             // The turns end facing straight ahead, where the near layer stands for the dolly.
             CameraSample c;
             c.pan_deg = -37.5;
             c.tilt_deg = -20;
             double zoom_log = 0, dolly_log = 0;
             for (const Leg& l : legs) {
               const double d = std::clamp(t - l.from * sc, 0.0, (l.to - l.from) * sc);
               c.pan_deg += l.pan * d;
               c.tilt_deg += l.tilt * d;
               c.roll_deg += l.roll * d;
               zoom_log += l.zoom * d;
               dolly_log += l.dolly * d;
             }
             c.zoom = std::exp(zoom_log);
             c.dolly = std::exp(dolly_log);
             return c;
           },
           "long take: pan, tilt, roll 360, zoom, dolly");
       p.layer_picture = 11;
       for (const Leg& l : legs)
         p.events.push_back({l.pan    ? "pan"
                             : l.tilt ? "tilt"
                             : l.roll ? "spin"
                             : l.zoom ? "zoom"
                                      : "dolly",
                             b.at(l.from), b.at(l.to), ""});
       ShotPlan& hand = b.add(8, 3, hold(2, 1), "handheld", cut());
       hand.shake_px = 0.01 * w;
       hand.shake_deg = 0.5;
       b.add(2, 2.5, hold(-4, 2), "static", cut());
       b.add(
           5, 3,
           [](double t, double) {
             CameraSample c;
             c.pan_deg = 12 - 8 * t;
             c.tilt_deg = 4 - 3 * t;
             return c;
           },
           "pan_left 8 deg/s, tilt_down 3 deg/s", cut());
     }},
    {"dutch",
     "14 s: three static shots of the first photo, level, rolled 20 deg clockwise and rolled 12 deg "
     "counter-clockwise (Dutch angles), then a shot turning clockwise through 360 deg at 120 deg/s between "
     "1 s level holds, closer and further right; joined by cuts",
     [](Scene& s) {
       SCENE_NAMES(s);
       b.add(0, 3, hold(0, 0, 0), "level");
       b.add(0, 3, hold(0, 0, 20), "Dutch: rolled 20 deg clockwise", cut());
       b.add(0, 3, hold(0, 0, -12), "Dutch: rolled 12 deg counter-clockwise", cut());
       const std::vector<std::pair<double, double>> turn = {{1.0 * sc, 120}, {4.0 * sc, 0}};
       ShotPlan& p = b.add(
           0, 5,
           [turn](double t, double) {
             CameraSample c;
             c.roll_deg = integrate(turn, t);
             c.pan_deg = 10;  // another part of the photo, closer: a new shot, not the same view turned
             c.zoom = 1.6;
             return c;
           },
           "a full clockwise turn at 120 deg/s between level holds", cut());
       p.events.push_back({"spin", b.at(1.0), b.at(4.0), "roll_cw 120 deg/s"});
     }},
    {"montage",
     "30 s x duration-scale: a seeded random film of 1.2-7 s shots (cuts, dissolves, fades; pans, "
     "tilts, rolls, zooms, shake, whip pans, flashes, occluders, fire light); duration-scale adds "
     "shots, for benchmarks",
     [](Scene& s) {
       SCENE_NAMES(s);
       montage(o, b, o.seed);
     }},
};

const ScenarioInfo* find_scenario(const std::string& name) {
  for (const ScenarioInfo& s : kScenarios)
    if (name == s.name) return &s;
  return nullptr;
}

std::string known_scenarios() {
  std::string known;
  for (const ScenarioInfo& s : kScenarios) known += (known.empty() ? "" : ", ") + std::string(s.name);
  return known;
}

}  // namespace

Timeline build_scenario(const std::string& name, const SynthOptions& o) {
  Builder b(o);
  Scene scene{b, o, b.scale(), static_cast<double>(o.width), 0, "black", 0, "black", ""};
  const ScenarioInfo* info = find_scenario(name);
  if (!info) throw Error(name, "unknown scenario (known: " + known_scenarios() + ")", Error::Kind::Usage);
  info->build(scene);
  Timeline tl = lay_out(b.plans, o, resolve_photos(o), scene.fade_in, scene.fade_in_colour, scene.fade_out,
                        scene.fade_out_colour);
  tl.truth.scenario = name;
  if (!scene.caption.empty()) {
    tl.caption = scene.caption;
    for (const TruthShot& shot : tl.truth.shots)  // events lie within a shot
      tl.truth.events.push_back(
          {"caption", shot.start_frame, shot.end_frame, "burned in, lower left: " + scene.caption});
  }
  return tl;
}

}  // namespace detail

std::vector<std::string> scenario_names() {
  std::vector<std::string> out;
  for (const auto& s : detail::kScenarios) out.emplace_back(s.name);
  return out;
}

std::string scenario_help(const std::string& name) {
  if (const detail::ScenarioInfo* s = detail::find_scenario(name)) return s->help;
  throw Error(name, "unknown scenario (known: " + detail::known_scenarios() + ")", Error::Kind::Usage);
}

}  // namespace cranes::synth
