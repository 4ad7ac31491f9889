// SPDX-License-Identifier: MIT
// The renderer: each frame is one warpPerspective of a prepared (downscaled, mirror-padded) photo by the
// homography H = K_src R K_out^-1 of a pinhole camera rotating about its centre (Hartley & Zisserman,
// ch. 8.4: pure rotation maps image planes by a homography whatever the scene), then in-shot effects,
// transition blends and grain.
#include "cranes/synth/synth.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <list>
#include <nlohmann/json.hpp>
#include <numbers>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/hash_noise.hpp"
#include "cranes/look/operations.hpp"
#include "cranes/media/video_writer.hpp"
#include "cranes/synth/timeline.hpp"

namespace cranes::synth {
namespace fs = std::filesystem;
using detail::Clip;
using detail::kFireFlicker, detail::kSmokeAlphaMin, detail::kSmokeAlphaMax, detail::kOldFilmFlicker;
using detail::kGateWeavePx, detail::kGateWeaveDeg, detail::kOldFilmGrain, detail::kDustMin, detail::kDustMax;
using detail::kScratches;

namespace {

constexpr double kPhotoHalfWidth = 1.4;   // a photo spans x in [-1.4, 1.4] of the plane z = 1: a 109 deg view
constexpr double kOversample = 1.25;      // source pixels per output pixel at zoom 1
constexpr double kBackgroundDepth = 4.0;  // the background's distance, in near-layer distances (truck, arc)
constexpr double kBackgroundDolly =
    1.0 / kBackgroundDepth;  // background magnification grows at this fraction of
                             // the layer's (a dolly's parallax, linearised)
constexpr int kMaxBlurSamples = 32;

/// A picture on the plane z = 1: plane point (X, Y) is source pixel centre + f_px * (X, Y).
struct Source {
  cv::Mat image;
  double f_px = 1;
  cv::Point2d centre;
};

cv::Matx33d rotation(const CameraSample& c) {
  const double d = std::numbers::pi / 180.0;
  const double p = (c.pan_deg - c.arc_deg) * d, t = c.tilt_deg * d, r = c.roll_deg * d;
  const cv::Matx33d ry(std::cos(p), 0, std::sin(p), 0, 1, 0, -std::sin(p), 0, std::cos(p));
  const cv::Matx33d rx(1, 0, 0, 0, std::cos(t), -std::sin(t), 0, std::sin(t), std::cos(t));
  const cv::Matx33d rz(std::cos(r), -std::sin(r), 0, std::sin(r), std::cos(r), 0, 0, 0, 1);
  return ry * rx * rz;
}

CameraSample lerp(const CameraSample& a, const CameraSample& b, double w) {
  auto l = [w](double x, double y) { return x + (y - x) * w; };
  return {l(a.pan_deg, b.pan_deg),       l(a.tilt_deg, b.tilt_deg),
          l(a.roll_deg, b.roll_deg),     l(a.zoom, b.zoom),
          l(a.dolly, b.dolly),           l(a.shake_x_px, b.shake_x_px),
          l(a.shake_y_px, b.shake_y_px), l(a.truck, b.truck),
          l(a.arc_deg, b.arc_deg)};
}

/// Low-frequency noise in [0, 1] (CV_32FC1): two octaves of cubic-interpolated random cells, about `cells_x`
/// across. With `wrap_rows` it is periodic in y with period `rows`, so it can scroll without a seam.
cv::Mat cloud(uint64_t seed, int cols, int rows, int cells_x, bool wrap_rows) {
  cv::RNG rng(seed * 6364136223846793005ULL + 1442695040888963407ULL);
  cv::Mat acc(rows, cols, CV_32FC1, cv::Scalar(0));
  double weight = 1;
  for (int octave = 0; octave < 2; ++octave, cells_x *= 2, weight *= 0.5) {
    const int cy = std::max(2, cells_x * rows / std::max(1, cols));
    cv::Mat cells(cy, cells_x, CV_32FC1), big;
    rng.fill(cells, cv::RNG::UNIFORM, 0.0, 1.0);
    if (wrap_rows) {
      // Interpolate three stacked copies and keep the middle one: its top and bottom rows then meet smoothly.
      cv::Mat tiled;
      cv::repeat(cells, 3, 1, tiled);
      cv::resize(tiled, big, cv::Size(cols, 3 * rows), 0, 0, cv::INTER_CUBIC);
      big = big.rowRange(rows, 2 * rows);
    } else {
      cv::resize(cells, big, cv::Size(cols, rows), 0, 0, cv::INTER_CUBIC);
    }
    cv::scaleAdd(big, weight, acc, acc);
  }
  cv::normalize(acc, acc, 0, 1, cv::NORM_MINMAX);
  return acc;
}

/// img = img * (1 - alpha) + value * alpha, per channel; alpha and value are CV_32FC1 of img's size, value in
/// levels, `tint` scales value per channel (B, G, R).
void blend(cv::Mat& img, const cv::Mat& alpha, const cv::Mat& value, const cv::Vec3f& tint = {1, 1, 1}) {
  const int ch = img.channels();
  for (int y = 0; y < img.rows; ++y) {
    uint8_t* d = img.ptr<uint8_t>(y);
    const float* a = alpha.ptr<float>(y);
    const float* v = value.ptr<float>(y);
    for (int x = 0; x < img.cols; ++x, d += ch) {
      if (a[x] <= 0) continue;
      for (int c = 0; c < ch; ++c)
        d[c] = cv::saturate_cast<uint8_t>(d[c] + (v[x] * (ch == 3 ? tint[c] : 1.0f) - d[c]) * a[x]);
    }
  }
}

/// dst = dst * (1 - a) + fg * a, a = the last channel of `fg` (0..255).
void composite(cv::Mat& dst, const cv::Mat& fg) {
  const int ch = dst.channels();
  for (int y = 0; y < dst.rows; ++y) {
    uint8_t* d = dst.ptr<uint8_t>(y);
    const uint8_t* f = fg.ptr<uint8_t>(y);
    for (int x = 0; x < dst.cols; ++x, d += ch, f += ch + 1) {
      const int a = f[ch];
      if (a == 0) continue;
      for (int c = 0; c < ch; ++c) d[c] = static_cast<uint8_t>((d[c] * (255 - a) + f[c] * a + 127) / 255);
    }
  }
}

}  // namespace

struct Renderer::Impl {
  SynthOptions opts;
  detail::Timeline tl;
  double focal_px = 1;
  cv::Point2d out_centre;
  std::list<std::pair<int, Source>> sources;  // most recently used first; key < 0: a foreground layer

  const Source& source(int key) {
    for (auto it = sources.begin(); it != sources.end(); ++it)
      if (it->first == key) {
        sources.splice(sources.begin(), sources, it);
        return sources.front().second;
      }
    sources.emplace_front(key, key >= 0 ? prepare_background(key) : prepare_layer(-key - 1));
    if (sources.size() > 4) sources.pop_back();  // two dissolving shots, each with a layer
    return sources.front().second;
  }

  // The photo, downscaled to kOversample source pixels per output pixel, mirror-padded by a quarter of its
  // size on every side so that pans, tilts and rolls within range never see past it (warps beyond still
  // reflect).
  Source prepare_background(int picture) {
    std::string name;
    cv::Mat img = detail::load_picture(tl.photos, picture, opts.seed, opts.grey, &name);
    double f = img.cols / (2 * kPhotoHalfWidth);
    const double target = kOversample * focal_px;
    if (f > target) {
      const double s = target / f;
      cv::resize(img, img, cv::Size(), s, s, cv::INTER_AREA);
      f = img.cols / (2 * kPhotoHalfWidth);
    }
    Source src;
    cv::copyMakeBorder(img, src.image, img.rows / 4, img.rows / 4, img.cols / 4, img.cols / 4,
                       cv::BORDER_REFLECT_101);
    src.f_px = f;
    src.centre = {(src.image.cols - 1) / 2.0, (src.image.rows - 1) / 2.0};
    return src;
  }

  // A near object: an elliptical cut-out of another picture with a soft edge (alpha in the last channel),
  // placed left of and below the centre of the view, 0.45 plane units wide.
  Source prepare_layer(int picture) {
    cv::Mat img = detail::load_picture(tl.photos, picture, opts.seed, opts.grey, nullptr);
    const double target_w = 0.45 * kOversample * focal_px;
    cv::Rect roi(img.cols * 3 / 10, img.rows / 5, img.cols * 2 / 5, img.rows * 13 / 20);
    cv::Mat crop = img(roi);
    const double s = std::min(1.0, target_w / crop.cols);
    cv::resize(crop, crop, cv::Size(), s, s, s < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Mat mask(crop.size(), CV_8UC1, cv::Scalar(0));
    cv::ellipse(mask, cv::Point(crop.cols / 2, crop.rows / 2),
                cv::Size(crop.cols * 9 / 20, crop.rows * 9 / 20), 0, 0, 360, cv::Scalar(255), cv::FILLED,
                cv::LINE_AA);
    cv::GaussianBlur(mask, mask, cv::Size(0, 0), 0.02 * crop.cols + 0.5);
    std::vector<cv::Mat> planes;
    cv::split(crop, planes);
    planes.push_back(mask);
    Source src;
    cv::merge(planes, src.image);
    src.f_px = crop.cols / 0.45;
    const cv::Point2d at(-0.3, 0.12);  // plane position of the layer's centre
    src.centre = {(crop.cols - 1) / 2.0 - src.f_px * at.x, (crop.rows - 1) / 2.0 - src.f_px * at.y};
    return src;
  }

  /// Output pixel -> source pixel, for a layer magnified by `magnification` about the centre of the view and
  /// standing `depth` near-layer distances away (for the camera's travel: truck and arc).
  cv::Matx33d homography(const CameraSample& c, const Source& s, double magnification, double depth) const {
    const double fz = focal_px * c.zoom;
    const cv::Matx33d k_src(s.f_px, 0, s.centre.x, 0, s.f_px, s.centre.y, 0, 0, 1);
    const cv::Matx33d k_out_inv(1 / fz, 0, -out_centre.x / fz, 0, 1 / fz, -out_centre.y / fz, 0, 0, 1);
    // Undo the shake shift, then the magnification about the centre.
    const double m = 1 / magnification;
    const cv::Matx33d unscale(m, 0, out_centre.x * (1 - m), 0, m, out_centre.y * (1 - m), 0, 0, 1);
    const cv::Matx33d unshake(1, 0, -c.shake_x_px, 0, 1, -c.shake_y_px, 0, 0, 1);
    // The camera at (tx, 0, tz) sees the plane z = depth: a viewing direction d meets it at plane point
    // ((depth - tz) d + tx d_z) / (depth d_z), a projective map of d.
    const double a = c.arc_deg * std::numbers::pi / 180.0;
    const double tx = c.truck + std::sin(a), tz = 1 - std::cos(a);
    const cv::Matx33d travel((depth - tz) / depth, 0, tx / depth, 0, (depth - tz) / depth, 0, 0, 0, 1);
    return k_src * travel * rotation(c) * k_out_inv * unscale * unshake;
  }

  /// The far background's homography: it stands kBackgroundDepth layer distances away and magnifies that much
  /// less than the layer as the camera dollies.
  cv::Matx33d background_homography(const CameraSample& c, const Source& bg) const {
    return homography(c, bg, 1 + (c.dolly - 1) * kBackgroundDolly, kBackgroundDepth);
  }

  void warp_camera(const Clip& clip, const CameraSample& cam, cv::Mat& out) {
    const cv::Size size(opts.width, opts.height);
    const Source& bg = source(clip.picture);
    cv::warpPerspective(bg.image, out, background_homography(cam, bg), size,
                        cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REFLECT);
    if (clip.layer_picture >= 0) {
      const Source& layer = source(-clip.layer_picture - 1);
      cv::Mat fg;
      cv::warpPerspective(layer.image, fg, homography(cam, layer, cam.dolly, 1.0), size,
                          cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT, cv::Scalar::all(0));
      composite(out, fg);
    }
  }

  CameraSample camera_at(const Clip& clip, double local) const {
    const auto n = static_cast<double>(clip.camera.size());
    if (n <= 1) return clip.camera.front();
    const double i = std::clamp(local, 0.0, n - 1);
    const auto i0 = std::min(static_cast<size_t>(i), clip.camera.size() - 2);
    return lerp(clip.camera[i0], clip.camera[i0 + 1], local - static_cast<double>(i0));
  }

  /// Largest displacement (output pixels) of the frame's corners and centre between two cameras.
  double displacement_px(const Clip& clip, const CameraSample& a, const CameraSample& b) {
    const Source& bg = source(clip.picture);
    const cv::Matx33d ha = background_homography(a, bg);
    const cv::Matx33d hb = background_homography(b, bg);
    const cv::Matx33d m = hb.inv() * ha;
    double worst = 0;
    const double w = opts.width - 1, h = opts.height - 1;
    for (const cv::Vec3d& p : {cv::Vec3d(0, 0, 1), cv::Vec3d(w, 0, 1), cv::Vec3d(0, h, 1), cv::Vec3d(w, h, 1),
                               cv::Vec3d(w / 2, h / 2, 1)}) {
      const cv::Vec3d q = m * p;
      worst = std::max(worst, std::hypot(q[0] / q[2] - p[0], q[1] / q[2] - p[1]));
    }
    return worst;
  }

  cv::Mat clip_frame(size_t k, int64_t f) {
    const Clip& clip = tl.clips[k];
    const double local = static_cast<double>(f - clip.visible_start);
    cv::Mat out;
    int samples = 1;
    if (clip.shutter > 0) {
      const double d = displacement_px(clip, camera_at(clip, local - clip.shutter / 2),
                                       camera_at(clip, local + clip.shutter / 2));
      samples = std::clamp(static_cast<int>(std::ceil(d / 2)), 1, kMaxBlurSamples);
    }
    if (samples == 1) {
      warp_camera(clip, clip.camera[static_cast<size_t>(f - clip.visible_start)], out);
    } else {
      // Motion blur: the mean of views spread over the open shutter.
      cv::Mat acc, one;
      for (int i = 0; i < samples; ++i) {
        const double at = local + clip.shutter * (static_cast<double>(i) / (samples - 1) - 0.5);
        warp_camera(clip, camera_at(clip, at), one);
        if (acc.empty()) acc = cv::Mat::zeros(one.size(), CV_32FC(one.channels()));
        cv::accumulate(one, acc);
      }
      acc.convertTo(out, CV_8U, 1.0 / samples);
    }
    if (clip.level_mean > 0 && clip.level_std > 0) {
      cv::Scalar mean, sd;
      cv::Mat grey;
      if (out.channels() == 1)
        grey = out;
      else
        cv::cvtColor(out, grey, cv::COLOR_BGR2GRAY);
      cv::meanStdDev(grey, mean, sd);
      const double g = clip.level_std / std::max(1.0, sd[0]);
      out.convertTo(out, -1, g, clip.level_mean - g * mean[0]);
    }
    apply_underwater(clip, f, out);
    // Exposure jumps persist; a flash pushes toward white, keeping the picture's structure.
    double gain = 1, flash = 0;
    for (const auto& [from, g] : clip.exposure_jumps)
      if (f >= from) gain *= g;
    for (const auto& [at, a] : clip.flash)
      if (at == f) flash = a;
    if (gain != 1 || flash != 0) out.convertTo(out, -1, gain * (1 - flash), 255 * flash);
    apply_occluders(clip, f, out);
    apply_fire(clip, f, out);
    apply_old_film(clip, f, out);  // last: the artefacts are on the print, over everything filmed
    return out;
  }

  // Occluder: a dark, out-of-focus blob (a rounded vertical superellipse, like a passer-by's back close to
  // the lens) that enters at one edge, slows through the middle, where it covers width_frac of the width for
  // several frames, and leaves by the other; its edge softens with its speed (motion blur). Drawn at a
  // quarter of the resolution and upscaled: everything about it is soft.
  void apply_occluders(const Clip& clip, int64_t f, cv::Mat& img) const {
    for (const detail::Occluder& o : clip.occluders) {
      if (f < o.frame || f >= o.frame + o.frames) continue;
      const double w = img.cols, h = img.rows, half_w = 0.5 * o.width_frac * w, edge_px = 0.05 * w;
      const double dir = o.left_to_right ? 1 : -1, travel = 0.5 * w + half_w + edge_px;
      // s runs over (-1, 1) frame by frame; the cubic term makes it quick at the edges, slow in the middle.
      auto centre_at = [&](double i) {
        const double s = -1 + (2 * i + 1) / o.frames;
        return 0.5 * w + dir * travel * (0.5 * s + 0.5 * s * s * s);
      };
      const double i = static_cast<double>(f - o.frame);
      const double cx = centre_at(i), speed_px = std::abs(centre_at(i + 0.5) - centre_at(i - 0.5));
      const double soft_px = edge_px + 0.5 * speed_px;
      const double half_h = 0.75 * h,
                   cy = 0.62 * h;  // the top edge is above the frame: the full height is covered
      const int qw = std::max(2, (img.cols + 3) / 4), qh = std::max(2, (img.rows + 3) / 4);
      const double q = static_cast<double>(qw) / w;
      // The texture moves with the blob.
      const cv::Mat tex_full = cloud(opts.seed * 131 + static_cast<uint64_t>(o.index), 4 * qw, qh, 10, false);
      cv::Mat tex;
      cv::getRectSubPix(
          tex_full, cv::Size(qw, qh),
          cv::Point2f(static_cast<float>(2 * qw + (0.5 * w - cx) * q), 0.5f * static_cast<float>(qh)), tex,
          CV_32F);
      cv::Mat alpha(qh, qw, CV_32FC1), value(qh, qw, CV_32FC1);
      for (int y = 0; y < qh; ++y) {
        const double fy = (y + 0.5) / q, dy = std::abs(fy - cy) / half_h;
        const double lean = dir * 0.04 * w * (fy / h - 0.5);  // leaning into its walk
        for (int x = 0; x < qw; ++x) {
          const double dx = std::abs((x + 0.5) / q - cx - lean) / half_w;
          const double d = std::sqrt(std::sqrt(dx * dx * dx * dx + dy * dy * dy * dy));
          alpha.at<float>(y, x) =
              static_cast<float>(1 - smoothstep(((d - 1) * half_w + 0.5 * soft_px) / soft_px));
          value.at<float>(y, x) =
              static_cast<float>(30 + 32 * (tex.at<float>(y, x) - 0.5) + 8 * (1 - fy / h));
        }
      }
      cv::resize(alpha, alpha, img.size(), 0, 0, cv::INTER_LINEAR);
      cv::resize(value, value, img.size(), 0, 0, cv::INTER_LINEAR);
      blend(img, alpha, value, {1.06f, 1.0f, 0.95f});
    }
  }

  // Fire light: a gain map, strongest low and left of centre where the fire would be, whose amplitude jumps
  // at random every frame (+-kFireFlicker at the map's peak), over a steady warm cast; a translucent smoke
  // layer of low-frequency noise drifts up through it. Both ramp in and out over a few frames.
  void apply_fire(const Clip& clip, int64_t f, cv::Mat& img) const {
    if (clip.fire_start < 0 || f < clip.fire_start || f >= clip.fire_end) return;
    const double ramp = std::clamp(static_cast<double>(clip.fire_end - clip.fire_start) / 4, 1.0, 6.0);
    const double env = std::min({1.0, static_cast<double>(f - clip.fire_start + 1) / ramp,
                                 static_cast<double>(clip.fire_end - f) / ramp});
    const double flicker = kFireFlicker * (2 * hash_uniform(opts.seed, 0xF17E, static_cast<uint64_t>(f)) - 1);
    const double w = img.cols, h = img.rows;
    const int ch = img.channels();
    std::vector<float> gx(static_cast<size_t>(img.cols));
    for (int x = 0; x < img.cols; ++x) {
      const double u = (x + 0.5) / w - 0.42;
      gx[static_cast<size_t>(x)] = static_cast<float>(std::exp(-u * u / (2 * 0.3 * 0.3)));
    }
    for (int y = 0; y < img.rows; ++y) {
      const double gy = smoothstep(((y + 0.5) / h - 0.3) / 0.7);
      uint8_t* d = img.ptr<uint8_t>(y);
      for (int x = 0; x < img.cols; ++x, d += ch) {
        const double g = env * (0.25 + 0.75 * gy * gx[static_cast<size_t>(x)]);
        const double gain = 1 + flicker * g;
        if (ch == 3) {
          d[0] = cv::saturate_cast<uint8_t>(d[0] * gain * (1 - 0.08 * g));
          d[1] = cv::saturate_cast<uint8_t>(d[1] * gain * (1 + 0.02 * g));
          d[2] = cv::saturate_cast<uint8_t>(d[2] * gain * (1 + 0.10 * g));
        } else {
          d[0] = cv::saturate_cast<uint8_t>(d[0] * gain);
        }
      }
    }
    // Smoke: a vertically periodic cloud, scrolled up at 12% of the height per second, swaying a little
    // sideways.
    const int qw = std::max(2, (img.cols + 3) / 4), qh = std::max(2, (img.rows + 3) / 4), period = 2 * qh;
    const cv::Mat wrapped = cloud(opts.seed * 977 + 5, qw + 16, period, 5, true);
    cv::Mat tex;
    cv::vconcat(wrapped, wrapped.rowRange(0, qh + 2), tex);  // rows [off, off + qh) never run past the end
    const double t_s = static_cast<double>(f) / opts.fps.to_double();
    const double off = std::fmod(0.12 * qh * t_s, static_cast<double>(period));
    const double sway = 4 * std::sin(0.7 * t_s);
    cv::Mat smoke, alpha;
    cv::getRectSubPix(
        tex, cv::Size(qw, qh),
        cv::Point2f(static_cast<float>(0.5 * tex.cols + sway), static_cast<float>(off + 0.5 * qh)), smoke,
        CV_32F);
    smoke.convertTo(alpha, CV_32F, env * (kSmokeAlphaMax - kSmokeAlphaMin), env * kSmokeAlphaMin);
    cv::resize(alpha, alpha, img.size(), 0, 0, cv::INTER_LINEAR);
    const cv::Mat value(img.size(), CV_32FC1, cv::Scalar(150));
    blend(img, alpha, value, {0.97f, 1.0f, 1.04f});
  }

  // Old film: the print in grey with the look's old-film artefacts (gate weave, flicker, scratches, dust, the
  // print's grain) at the synthetic stock's strengths. Its randomness follows the timeline frame, not the
  // shot: the artefacts run on across a splice.
  void apply_old_film(const Clip& clip, int64_t f, cv::Mat& img) const {
    if (!clip.old_film) return;
    look::OldFilm o;
    o.flicker = clip.old_film_flicker;
    o.weave_px = kGateWeavePx;
    o.weave_deg = kGateWeaveDeg;
    o.scratches = kScratches;
    o.dust_min = kDustMin;
    o.dust_max = kDustMax;
    o.grain_sd = kOldFilmGrain;
    cv::Mat g;
    if (img.channels() == 3)
      cv::cvtColor(img, g, cv::COLOR_BGR2GRAY);
    else
      g = img;
    const cv::Mat fl = look::old_film(g, o, opts.seed * 7 + 0x01DF11, f);
    if (img.channels() == 3) {
      fl.convertTo(g, CV_8U);
      cv::cvtColor(g, img, cv::COLOR_GRAY2BGR);
    } else {
      fl.convertTo(img, CV_8U);
    }
  }

  // Underwater: a refraction wobble (sinusoidal displacement), a blur and a blue-green tint, all growing with
  // u.
  void apply_underwater(const Clip& clip, int64_t f, cv::Mat& img) const {
    if (clip.underwater_start < 0 || f < clip.underwater_start) return;
    const double u = std::clamp(static_cast<double>(f - clip.underwater_start) /
                                    static_cast<double>(clip.underwater_full - clip.underwater_start),
                                0.0, 1.0);
    if (u <= 0) return;
    const double t = static_cast<double>(f) / opts.fps.to_double();
    const double amp = 0.006 * opts.width * u, wavelength = 0.25 * opts.width;
    std::vector<float> dx(static_cast<size_t>(img.rows)), dy(static_cast<size_t>(img.cols));
    for (int y = 0; y < img.rows; ++y)
      dx[static_cast<size_t>(y)] =
          static_cast<float>(amp * std::sin(2 * std::numbers::pi * (y / wavelength + 0.6 * t)));
    for (int x = 0; x < img.cols; ++x)
      dy[static_cast<size_t>(x)] =
          static_cast<float>(amp * std::sin(2 * std::numbers::pi * (x / wavelength + 0.45 * t)));
    cv::Mat map_x(img.size(), CV_32FC1), map_y(img.size(), CV_32FC1);
    for (int y = 0; y < img.rows; ++y) {
      float* mx = map_x.ptr<float>(y);
      float* my = map_y.ptr<float>(y);
      for (int x = 0; x < img.cols; ++x) {
        mx[x] = static_cast<float>(x) + dx[static_cast<size_t>(y)];
        my[x] = static_cast<float>(y) + dy[static_cast<size_t>(x)];
      }
    }
    cv::Mat warped;
    cv::remap(img, warped, map_x, map_y, cv::INTER_LINEAR, cv::BORDER_REFLECT);
    const double sigma = 0.004 * opts.width * u;
    if (sigma > 0.3) cv::GaussianBlur(warped, warped, cv::Size(0, 0), sigma);
    const double w = 0.35 * u;
    if (warped.channels() == 3) {
      const double red = (1 - w) * (1 - 0.5 * u);
      const cv::Matx34f m(static_cast<float>(1 - w), 0, 0, static_cast<float>(150 * w),  //
                          0, static_cast<float>(1 - w), 0, static_cast<float>(130 * w),  //
                          0, 0, static_cast<float>(red), static_cast<float>(30 * w));
      cv::transform(warped, img, m);
    } else {
      warped.convertTo(img, -1, 1 - w, 100 * w);
    }
  }

  size_t owner(int64_t f) const {
    const auto it = std::upper_bound(tl.clips.begin(), tl.clips.end(), f,
                                     [](int64_t v, const Clip& c) { return v < c.truth_start; });
    return static_cast<size_t>(std::max<std::ptrdiff_t>(0, (it - tl.clips.begin()) - 1));
  }

  cv::Mat frame(int64_t f) {
    if (f < 0 || f >= tl.truth.frames)
      throw Error("synth",
                  "frame " + std::to_string(f) + " is outside [0, " + std::to_string(tl.truth.frames) + ")",
                  Error::Kind::Usage);
    const size_t k = owner(f);
    cv::Mat out;
    // During a dissolve two clips are visible: the owner and its neighbour.
    size_t other = k;
    if (k > 0 && tl.clips[k - 1].visible_end > f) other = k - 1;
    if (k + 1 < tl.clips.size() && tl.clips[k + 1].visible_start <= f) other = k + 1;
    out = clip_frame(k, f);
    for (const TruthTransition& tr : tl.truth.transitions) {
      if (f < tr.start_frame || f >= tr.end_frame) continue;
      const double n = static_cast<double>(tr.end_frame - tr.start_frame);
      const double kf = static_cast<double>(f - tr.start_frame);
      if (tr.type == film::TransitionType::Dissolve && other != k) {
        const double a = (kf + 1) / (n + 1);  // weight of the incoming shot
        const cv::Mat b = clip_frame(other, f);
        const bool k_is_a = other > k;
        cv::addWeighted(k_is_a ? out : b, 1 - a, k_is_a ? b : out, a, 0, out);
      } else if (film::is_fade(tr.type)) {
        const double g = tr.type == film::TransitionType::FadeOut ? 1 - (kf + 1) / n : kf / n;
        out.convertTo(out, -1, g, tr.colour == "white" ? 255 * (1 - g) : 0);
      }
    }
    if (!tl.caption.empty()) draw_caption(out);
    if (opts.noise > 0) add_noise(f, out);
    return out;
  }

  // The burned-in line: light grey, small, in the lower left corner (about 1 % of the picture).
  void draw_caption(cv::Mat& img) const {
    const double scale = 0.45 * img.cols / 640.0;
    const int thickness = std::max(1, static_cast<int>(std::lround(img.cols / 640.0)));
    const cv::Point at(static_cast<int>(0.03 * img.cols), static_cast<int>(0.95 * img.rows));
    cv::putText(img, tl.caption, at, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar::all(220), thickness,
                cv::LINE_AA);
  }

  // Grain: the look's grain field, white (a grain a pixel, each channel its own), drawn afresh each frame
  // from the seed and the frame number, at the asked deviation in 8-bit levels.
  void add_noise(int64_t f, cv::Mat& img) const {
    const cv::Mat field = look::grain_field(
        img.size(), img.channels(), 0, mix(opts.seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(f)));
    cv::Mat levels;
    field.convertTo(levels, CV_16S, opts.noise);
    cv::add(img, levels, img, cv::noArray(), img.depth());
  }
};

Renderer::Renderer(const std::string& scenario, const SynthOptions& opts) : m_impl(std::make_unique<Impl>()) {
  Impl& m = *m_impl;
  if (opts.width < 1 || opts.height < 1 || opts.width > 16384 || opts.height > 16384)
    throw Error("--size",
                "invalid frame size " + std::to_string(opts.width) + "x" + std::to_string(opts.height),
                Error::Kind::Usage);
  if (!opts.fps.valid()) throw Error("--fps", "the frame rate must be positive", Error::Kind::Usage);
  if (!(opts.duration_scale > 0 && opts.duration_scale <= 10000))
    throw Error("--duration-scale", "must be in (0, 10000]", Error::Kind::Usage);
  if (!(opts.noise >= 0 && opts.noise <= 255))
    throw Error("--noise", "must be in [0, 255]", Error::Kind::Usage);
  if (!(opts.fov_deg > 1 && opts.fov_deg < 150))
    throw Error("fov", "must be in (1, 150) deg", Error::Kind::Usage);
  m.opts = opts;
  m.tl = detail::build_scenario(scenario, opts);
  m.focal_px = focal_length_px(opts.width, opts.fov_deg);
  m.out_centre = {(opts.width - 1) / 2.0, (opts.height - 1) / 2.0};
}

Renderer::~Renderer() = default;
const GroundTruth& Renderer::truth() const {
  return m_impl->tl.truth;
}
int64_t Renderer::frames() const {
  return m_impl->tl.truth.frames;
}
cv::Mat Renderer::frame(int64_t index) {
  return m_impl->frame(index);
}

cv::Mat Renderer::shot_frame(size_t shot, int64_t index) {
  const auto& clips = m_impl->tl.clips;
  if (shot >= clips.size() || index < clips[shot].visible_start || index >= clips[shot].visible_end)
    throw Error("synth", "shot " + std::to_string(shot) + " is not visible at frame " + std::to_string(index),
                Error::Kind::Usage);
  return m_impl->clip_frame(shot, index);
}

GroundTruth render(const std::string& scenario, const SynthOptions& opts, const fs::path& out_video,
                   const RenderProgress& progress) {
  Renderer r(scenario, opts);
  media::VideoWriterOptions wo;
  wo.codec = opts.codec;
  wo.crf = opts.crf;
  wo.bit_rate = opts.bit_rate;
  wo.fps = opts.fps;
  media::VideoWriter writer(out_video, opts.width, opts.height, wo);
  const int64_t n = r.frames();
  for (int64_t f = 0; f < n; ++f) {
    writer.write(r.frame(f));
    if (progress && (f % 25 == 24 || f + 1 == n)) progress(f + 1, n);
  }
  writer.finish();
  return r.truth();
}

// ---- JSON
// ------------------------------------------------------------------------------------------------------

namespace {
constexpr const char* kSchema = "cranes-synth-truth/1";
constexpr double CameraSample::*kCameraFields[] = {
    &CameraSample::pan_deg,    &CameraSample::tilt_deg, &CameraSample::roll_deg,
    &CameraSample::zoom,       &CameraSample::dolly,    &CameraSample::shake_x_px,
    &CameraSample::shake_y_px, &CameraSample::truck,    &CameraSample::arc_deg};
constexpr const char* kCameraNames[] = {"pan_deg",    "tilt_deg",   "roll_deg", "zoom",   "dolly",
                                        "shake_x_px", "shake_y_px", "truck",    "arc_deg"};
constexpr size_t kOptionalCameraFields =
    7;  // columns from here on may be missing (truth written before them)
}  // namespace

nlohmann::json to_json(const GroundTruth& t) {
  using nlohmann::json;
  json j;
  j["schema"] = kSchema;
  j["scenario"] = t.scenario;
  j["width"] = t.width;
  j["height"] = t.height;
  j["fps"] = t.fps.to_double();
  j["fps_rational"] = {t.fps.num, t.fps.den};
  j["frames"] = t.frames;
  j["duration_s"] = static_cast<double>(t.frames) / t.fps.to_double();
  j["fov_deg"] = t.fov_deg;
  j["seed"] = t.seed;
  j["photos"] = t.photos;
  j["conventions"] =
      "frames 0-based, ranges [start, end); pan_deg > 0: camera turned right; tilt_deg > 0: up; roll_deg > "
      "0: "
      "clockwise seen from behind (content turns counter-clockwise); zoom: focal length factor; camera[i] is "
      "the "
      "camera of the shot owning frame i";
  json shots = json::array();
  for (size_t i = 0; i < t.shots.size(); ++i)
    shots.push_back({{"index", i},
                     {"start_frame", t.shots[i].start_frame},
                     {"end_frame", t.shots[i].end_frame},
                     {"description", t.shots[i].description}});
  j["shots"] = shots;
  json trs = json::array();
  for (const TruthTransition& tr : t.transitions) {
    json o = {{"type", tr.type}, {"start_frame", tr.start_frame}, {"end_frame", tr.end_frame}};
    if (!tr.colour.empty()) o["colour"] = tr.colour;
    trs.push_back(o);
  }
  j["transitions"] = trs;
  json evs = json::array();
  for (const TruthEvent& e : t.events)
    evs.push_back(
        {{"type", e.type}, {"start_frame", e.start_frame}, {"end_frame", e.end_frame}, {"detail", e.detail}});
  j["events"] = evs;
  json cam = json::object();
  for (size_t f = 0; f < std::size(kCameraFields); ++f) {
    json col = json::array();
    for (const CameraSample& c : t.camera) col.push_back(c.*kCameraFields[f]);
    cam[kCameraNames[f]] = std::move(col);
  }
  j["camera"] = std::move(cam);
  return j;
}

GroundTruth truth_from_json(const nlohmann::json& j) {
  if (!j.is_object() || j.value("schema", "") != kSchema)
    throw Error("", std::string("not a synth truth document (schema ") + kSchema + " expected)",
                Error::Kind::Format);
  try {
    GroundTruth t;
    t.scenario = j.at("scenario").get<std::string>();
    t.width = j.at("width").get<int>();
    t.height = j.at("height").get<int>();
    t.fps = {j.at("fps_rational").at(0).get<int64_t>(), j.at("fps_rational").at(1).get<int64_t>()};
    t.frames = j.at("frames").get<int64_t>();
    t.fov_deg = j.at("fov_deg").get<double>();
    t.seed = j.at("seed").get<uint64_t>();
    t.photos = j.at("photos").get<std::vector<std::string>>();
    for (const auto& s : j.at("shots"))
      t.shots.push_back({s.at("start_frame").get<int64_t>(), s.at("end_frame").get<int64_t>(),
                         s.at("description").get<std::string>()});
    for (const auto& s : j.at("transitions"))
      t.transitions.push_back({s.at("type").get<film::TransitionType>(), s.at("start_frame").get<int64_t>(),
                               s.at("end_frame").get<int64_t>(), s.value("colour", "")});
    for (const auto& s : j.at("events"))
      t.events.push_back({s.at("type").get<std::string>(), s.at("start_frame").get<int64_t>(),
                          s.at("end_frame").get<int64_t>(), s.value("detail", "")});
    const auto& cam = j.at("camera");
    t.camera.resize(cam.at("pan_deg").size());
    for (size_t f = 0; f < std::size(kCameraFields); ++f) {
      if (f >= kOptionalCameraFields && !cam.contains(kCameraNames[f])) continue;
      const auto& col = cam.at(kCameraNames[f]);
      if (col.size() != t.camera.size())
        throw Error("", "camera columns differ in length", Error::Kind::Format);
      for (size_t i = 0; i < col.size(); ++i) t.camera[i].*kCameraFields[f] = col[i].get<double>();
    }
    return t;
  } catch (const nlohmann::json::exception& e) {
    throw Error("", std::string("malformed synth truth: ") + e.what(), Error::Kind::Format);
  }
}

void write_truth(const GroundTruth& truth, const fs::path& json_path) {
  // Readable layout for the small parts; the per-frame camera columns stay one line each.
  nlohmann::json j = to_json(truth);
  nlohmann::json cam = std::move(j["camera"]);
  j.erase("camera");
  std::string text = j.dump(2);
  text.erase(text.find_last_of('}'));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  text += ",\n  \"camera\": {";
  bool first = true;
  for (const auto& [key, col] : cam.items()) {
    text += (first ? "\n    " : ",\n    ") + nlohmann::json(key).dump() + ": " + col.dump();
    first = false;
  }
  text += "\n  }\n}\n";
  write_file_atomic(json_path, text);
}

GroundTruth read_truth(const fs::path& json_path) {
  std::ifstream in(json_path);
  if (!in) throw Error(json_path.string(), "cannot open the truth file");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw Error(json_path.string(), std::string("not JSON: ") + e.what(), Error::Kind::Format);
  }
  try {
    return truth_from_json(j);
  } catch (const Error& e) {
    throw Error(json_path.string(), e.cause(), e.kind());
  }
}

}  // namespace cranes::synth
