// SPDX-License-Identifier: MIT
// Lays shot plans on the timeline (truth spans, transition overlaps, per-frame cameras with seeded handheld
// shake) and provides the pictures the camera films: installed photos, or procedural textures with structure
// at every scale when there are none.
#include "cranes/synth/timeline.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <opencv2/imgproc.hpp>
#include <system_error>

#include "cranes/core/error.hpp"
#include "cranes/core/log.hpp"
#include "cranes/media/picture.hpp"

namespace cranes::synth {
namespace fs = std::filesystem;

double focal_length_px(int width_px, double fov_deg) {
  return 0.5 * width_px / std::tan(0.5 * fov_deg * std::numbers::pi / 180.0);
}

std::vector<fs::path> default_photos() {
  static const char* const wallpapers[] = {"Path",        "Autumn",      "FallenLeaf",  "BytheWater",
                                           "Kite",        "ColdRipple",  "EveningGlow", "summer_1am",
                                           "PastelHills", "OneStandsOut"};
  static const char* const samples[] = {"building.jpg", "home.jpg", "baboon.jpg", "fruits.jpg", "lena.jpg"};
  std::vector<fs::path> out;
  std::error_code ec;
  for (const char* w : wallpapers) {
    fs::path p = fs::path("/usr/share/wallpapers") / w / "contents/images/1920x1080.jpg";
    if (fs::is_regular_file(p, ec)) out.push_back(p);
  }
  for (const char* s : samples) {
    fs::path p = fs::path("/usr/share/doc/opencv-doc/examples/data") / s;
    if (fs::is_regular_file(p, ec)) out.push_back(p);
  }
  return out;
}

namespace detail {

double Gaussian::uniform() {
  // splitmix64: tiny, fully specified, so truth files are identical on every platform.
  uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);
}

double Gaussian::next() {
  if (m_has_spare) {
    m_has_spare = false;
    return m_spare;
  }
  double u = 0, v = 0, s = 0;
  do {
    u = 2 * uniform() - 1;
    v = 2 * uniform() - 1;
    s = u * u + v * v;
  } while (s >= 1 || s == 0);
  const double k = std::sqrt(-2 * std::log(s) / s);
  m_spare = v * k;
  m_has_spare = true;
  return u * k;
}

std::vector<fs::path> resolve_photos(const SynthOptions& opts) {
  if (!opts.photos.empty()) return opts.photos;
  return opts.use_default_photos ? default_photos() : std::vector<fs::path>{};
}

std::string picture_name(const std::vector<fs::path>& photos, int index) {
  if (photos.empty()) return "procedural:" + std::to_string(index);
  const size_t n = photos.size();
  const fs::path& p = photos[static_cast<size_t>(index) % n];
  std::string name = p.stem().string();
  // Wallpaper packages name every file by its size; the package folder is the picture's name.
  if (p.parent_path().filename() == "images" && p.parent_path().parent_path().filename() == "contents")
    name = p.parent_path().parent_path().parent_path().filename().string();
  if ((static_cast<size_t>(index) / n) % 2 == 1) name += " (mirrored)";
  return name;
}

cv::Mat procedural_texture(uint64_t seed, int width, int height) {
  cv::RNG rng(seed * 7919ULL + 17ULL);
  cv::Mat acc(height, width, CV_32FC3, cv::Scalar::all(0));
  // Noise octaves: coarse colour regions down to fine grain.
  double weight = 1.0, total = 0;
  for (int cells = 6; cells <= 192; cells *= 2) {
    cv::Mat small(std::max(2, cells * height / width), cells, CV_32FC3);
    rng.fill(small, cv::RNG::UNIFORM, 0.0, 1.0);
    cv::Mat big;
    cv::resize(small, big, acc.size(), 0, 0, cv::INTER_CUBIC);
    cv::scaleAdd(big, weight, acc, acc);
    total += weight;
    weight *= 0.6;
  }
  acc.convertTo(acc, -1, 255.0 / total);
  cv::Mat img;
  acc.convertTo(img, CV_8UC3);
  // Shapes give edges and corners for motion estimation and make each texture distinct.
  for (int i = 0; i < 70; ++i) {
    const cv::Scalar colour(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256));
    const cv::Point c(rng.uniform(0, width), rng.uniform(0, height));
    const int r = rng.uniform(10, height / 5);
    switch (rng.uniform(0, 4)) {
      case 0:
        cv::circle(img, c, r, colour, cv::FILLED, cv::LINE_AA);
        break;
      case 1:
        cv::rectangle(img, c, c + cv::Point(r, r * 2 / 3), colour, cv::FILLED, cv::LINE_AA);
        break;
      case 2:
        cv::line(img, c, cv::Point(rng.uniform(0, width), rng.uniform(0, height)), colour, rng.uniform(2, 8),
                 cv::LINE_AA);
        break;
      default:
        cv::circle(img, c, r, colour, rng.uniform(2, 6), cv::LINE_AA);
        break;
    }
  }
  cv::GaussianBlur(img, img, cv::Size(0, 0), 0.8);
  return img;
}

cv::Mat load_picture(const std::vector<fs::path>& photos, int index, uint64_t seed, bool grey,
                     std::string* name) {
  cv::Mat img;
  if (!photos.empty()) {
    const size_t n = photos.size();
    const fs::path& p = photos[static_cast<size_t>(index) % n];
    try {
      // Through FFmpeg's decoder, as every measured table of the synthetic footage was made: libjpeg-turbo's
      // pixels differ by a level or three here and there, which makes another film.
      img = media::read_picture(p, false, media::JpegDecoder::Ffmpeg);
    } catch (const Error& e) {
      warn(std::string(e.what()) + "; filming a procedural texture instead");
    }
    if (!img.empty()) {
      if ((static_cast<size_t>(index) / n) % 2 == 1) cv::flip(img, img, 1);
      if (name) *name = picture_name(photos, index);
    }
  }
  if (img.empty()) {
    img = procedural_texture(seed * 1000003ULL + static_cast<uint64_t>(index));
    if (name) *name = "procedural:" + std::to_string(index);
  }
  if (grey) cv::cvtColor(img, img, cv::COLOR_BGR2GRAY);
  return img;
}

Timeline lay_out(const std::vector<ShotPlan>& plans, const SynthOptions& opts, std::vector<fs::path> photos,
                 int fade_in_frames, const std::string& fade_in_colour, int fade_out_frames,
                 const std::string& fade_out_colour) {
  Timeline tl;
  tl.photos = std::move(photos);
  GroundTruth& t = tl.truth;
  t.width = opts.width;
  t.height = opts.height;
  t.fps = opts.fps;
  t.fov_deg = opts.fov_deg;
  t.seed = opts.seed;
  const double fps = opts.fps.to_double();
  const size_t n = plans.size();
  if (n == 0) throw Error("synth", "a scenario needs at least one shot", Error::Kind::Usage);

  // Truth spans, then the transitions that fit (a transition is shortened to fit a short shot).
  std::vector<int64_t> start(n + 1, 0);
  for (size_t k = 0; k < n; ++k) start[k + 1] = start[k] + std::max<int64_t>(1, plans[k].length);
  t.frames = start[n];
  std::vector<Join> joins(n);
  for (size_t k = 1; k < n; ++k) {
    Join j = plans[k].join;
    const int64_t len_a = start[k] - start[k - 1], len_b = start[k + 1] - start[k];
    if (j.type == JoinType::Dissolve) {
      int64_t nd = std::min<int64_t>(j.frames, 2 * std::min(len_a, len_b) - 1);
      if (nd % 2 == 0) --nd;
      if (nd < 1) j.type = JoinType::Cut;
      j.frames = static_cast<int>(nd);
    } else if (j.type == JoinType::Fade) {
      j.frames = static_cast<int>(std::clamp<int64_t>(j.frames, 1, len_a));
      j.frames_in = static_cast<int>(std::clamp<int64_t>(j.frames_in, 1, len_b));
    }
    joins[k] = j;
  }

  if (fade_in_frames > 0) {
    const int64_t nf = std::min<int64_t>(fade_in_frames, start[1]);
    t.transitions.push_back({film::TransitionType::FadeIn, 0, nf, fade_in_colour});
  }
  tl.clips.resize(n);
  for (size_t k = 0; k < n; ++k) {
    const ShotPlan& p = plans[k];
    Clip& c = tl.clips[k];
    c.picture = p.picture;
    c.layer_picture = p.layer_picture;
    c.shutter = p.shutter;
    c.level_mean = p.level_mean;
    c.level_std = p.level_std;
    c.truth_start = start[k];
    c.truth_end = start[k + 1];
    c.visible_start = c.truth_start;
    c.visible_end = c.truth_end;
    if (k > 0) {
      const Join& j = joins[k];
      if (j.type == JoinType::Cut) {
        t.transitions.push_back({film::TransitionType::Cut, c.truth_start, c.truth_start + 1, ""});
      } else if (j.type == JoinType::Dissolve) {
        const int64_t d = c.truth_start - j.frames / 2;
        c.visible_start = d;
        t.transitions.push_back({film::TransitionType::Dissolve, d, d + j.frames, ""});
      } else {
        t.transitions.push_back(
            {film::TransitionType::FadeOut, c.truth_start - j.frames, c.truth_start, j.colour});
        t.transitions.push_back(
            {film::TransitionType::FadeIn, c.truth_start, c.truth_start + j.frames_in, j.colour});
      }
    }
    if (k + 1 < n && joins[k + 1].type == JoinType::Dissolve)
      c.visible_end = c.truth_end + (joins[k + 1].frames - joins[k + 1].frames / 2);

    // Cameras for every visible frame; handheld shake is an Ornstein-Uhlenbeck walk (mean-reverting, so the
    // frame drifts and returns as a held camera does), seeded per shot.
    const double length_s = static_cast<double>(c.truth_end - c.truth_start) / fps;
    Gaussian g(opts.seed * 1000 + k);
    const double dt = 1.0 / fps, tau_s = 0.25, rho = std::exp(-dt / tau_s), q = std::sqrt(1 - rho * rho);
    double sx = g.next() * p.shake_px, sy = g.next() * p.shake_px, sr = g.next() * p.shake_deg;
    // Band-limited shake: three sinusoids per axis, each a third of the peak.
    struct Wave {
      double hz, phase;
    };
    std::array<std::array<Wave, 3>, 3> waves{};
    const bool banded = p.shake_hz_hi > 0;
    if (banded)
      for (auto& axis : waves)
        for (Wave& wv : axis)
          wv = {p.shake_hz_lo + (p.shake_hz_hi - p.shake_hz_lo) * g.uniform(),
                2 * std::numbers::pi * g.uniform()};
    auto sway = [&](const std::array<Wave, 3>& axis, double t_s) {
      double v = 0;
      for (const Wave& wv : axis) v += std::sin(2 * std::numbers::pi * wv.hz * t_s + wv.phase) / 3;
      return v;
    };
    c.camera.reserve(static_cast<size_t>(c.visible_end - c.visible_start));
    for (int64_t f = c.visible_start; f < c.visible_end; ++f) {
      const double t_s = static_cast<double>(f - c.truth_start) / fps;
      CameraSample cam = p.camera ? p.camera(t_s, length_s) : CameraSample{};
      if (banded) {
        cam.shake_x_px += p.shake_px * sway(waves[0], t_s);
        cam.shake_y_px += p.shake_px * sway(waves[1], t_s);
        cam.roll_deg += p.shake_deg * sway(waves[2], t_s);
      } else if (p.shake_px > 0 || p.shake_deg > 0) {
        sx = rho * sx + q * p.shake_px * g.next();
        sy = rho * sy + q * p.shake_px * g.next();
        sr = rho * sr + q * p.shake_deg * g.next();
        cam.shake_x_px += sx;
        cam.shake_y_px += sy;
        cam.roll_deg += sr;
      }
      c.camera.push_back(cam);
    }

    // In-shot effects, in timeline frames, with their truth events.
    for (const Flash& fl : p.flashes) {
      const int64_t f0 = c.truth_start + fl.frame;
      for (size_t i = 0; i < fl.amounts.size(); ++i)
        c.flash.emplace_back(f0 + static_cast<int64_t>(i), fl.amounts[i]);
      t.events.push_back({"flash", f0, f0 + static_cast<int64_t>(fl.amounts.size()),
                          std::to_string(fl.amounts.size()) + " frame(s) pushed toward white"});
    }
    for (const auto& [f, gain] : p.exposure_jumps) {
      c.exposure_jumps.emplace_back(c.truth_start + f, gain);
      char detail[64];
      std::snprintf(detail, sizeof detail, "gain x%.2f, persists", gain);
      t.events.push_back({"exposure_jump", c.truth_start + f, c.truth_start + f + 1, detail});
    }
    if (p.underwater_start >= 0) {
      c.underwater_start = c.truth_start + p.underwater_start;
      c.underwater_full = c.truth_start + std::max(p.underwater_full, p.underwater_start + 1);
      t.events.push_back({"underwater", c.underwater_start, c.truth_end,
                          "tint, blur and wobble growing until frame " + std::to_string(c.underwater_full)});
    }
    for (const Occluder& o : p.occluders) {
      Occluder on = o;
      on.frame = c.truth_start + o.frame;
      c.occluders.push_back(on);
      const int64_t end = std::min(on.frame + o.frames, c.truth_end);  // a cut ends the crossing early
      if (on.frame >= end) continue;
      char detail[128];
      std::snprintf(detail, sizeof detail,
                    "dark near-lens shape crossing %s in %.2f s, %.0f%% of the width at its widest",
                    o.left_to_right ? "left_to_right" : "right_to_left", o.frames / fps, 100 * o.width_frac);
      t.events.push_back({"occluder", on.frame, end, detail});
    }
    if (p.fire_start >= 0 && c.truth_start + p.fire_start < c.truth_end) {
      c.fire_start = c.truth_start + p.fire_start;
      c.fire_end = std::min(c.truth_end, c.truth_start + std::max(p.fire_end, p.fire_start + 1));
      char detail[160];
      std::snprintf(
          detail, sizeof detail,
          "fire light flickering +-%.0f%% frame to frame, strongest low in the frame; smoke drifting up, "
          "alpha %.1f-%.1f",
          100 * kFireFlicker, kSmokeAlphaMin, kSmokeAlphaMax);
      t.events.push_back({"fire_flicker", c.fire_start, c.fire_end, detail});
    }
    if (p.old_film) {
      c.old_film = true;
      c.old_film_flicker = p.old_film_flicker > 0 ? p.old_film_flicker : kOldFilmFlicker;
      char detail[192];
      std::snprintf(
          detail, sizeof detail,
          "grey; exposure flicker +-%.0f%%, %d-%d dust specks per frame, %d intermittent scratches, gate "
          "weave +-%.1f px and +-%.1f deg (at 640 px wide), grain %.0f levels",
          100 * c.old_film_flicker, kDustMin, kDustMax, kScratches, kGateWeavePx, kGateWeaveDeg,
          kOldFilmGrain);
      t.events.push_back({"old_film", c.truth_start, c.truth_end, detail});
    }
    if (p.shake_px > 0 || p.shake_deg > 0) {
      char detail[128];
      if (p.shake_hz_hi > 0)
        std::snprintf(detail, sizeof detail, "handheld, +-%.1f px and +-%.2f deg at %.1f-%.1f Hz", p.shake_px,
                      p.shake_deg, p.shake_hz_lo, p.shake_hz_hi);
      else
        std::snprintf(detail, sizeof detail, "handheld, %.1f px and %.2f deg standard deviation", p.shake_px,
                      p.shake_deg);
      t.events.push_back({"shake", c.truth_start, c.truth_end, detail});
    }
    for (TruthEvent e : p.events) {
      e.start_frame = std::clamp(e.start_frame + c.truth_start, c.truth_start, c.truth_end);
      e.end_frame = std::clamp(e.end_frame + c.truth_start, e.start_frame, c.truth_end);
      if (e.end_frame > e.start_frame) t.events.push_back(e);
    }

    std::string desc = picture_name(tl.photos, p.picture);
    if (p.layer_picture >= 0) desc += " + foreground layer from " + picture_name(tl.photos, p.layer_picture);
    if (!p.description.empty()) desc += ": " + p.description;
    t.shots.push_back({c.truth_start, c.truth_end, desc});
  }
  if (fade_out_frames > 0) {
    const int64_t nf = std::min<int64_t>(fade_out_frames, start[n] - start[n - 1]);
    t.transitions.push_back({film::TransitionType::FadeOut, t.frames - nf, t.frames, fade_out_colour});
  }
  std::stable_sort(t.events.begin(), t.events.end(),
                   [](const TruthEvent& a, const TruthEvent& b) { return a.start_frame < b.start_frame; });

  t.camera.reserve(static_cast<size_t>(t.frames));
  for (const Clip& c : tl.clips)
    for (int64_t f = c.truth_start; f < c.truth_end; ++f)
      t.camera.push_back(c.camera[static_cast<size_t>(f - c.visible_start)]);

  int max_picture = 0;
  for (const Clip& c : tl.clips) max_picture = std::max({max_picture, c.picture, c.layer_picture});
  for (int i = 0; i <= max_picture; ++i) {
    if (tl.photos.empty()) {
      t.photos.push_back("procedural:" + std::to_string(i));
    } else {
      const fs::path& p = tl.photos[static_cast<size_t>(i) % tl.photos.size()];
      t.photos.push_back(p.string() +
                         ((static_cast<size_t>(i) / tl.photos.size()) % 2 == 1 ? " (mirrored)" : ""));
    }
  }
  return tl;
}

}  // namespace detail
}  // namespace cranes::synth
