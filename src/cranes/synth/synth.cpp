// SPDX-License-Identifier: MIT
// The renderer: each frame is one warpPerspective of a prepared (downscaled, mirror-padded) photo by the homography
// H = K_src R K_out^-1 of a pinhole camera rotating about its centre (Hartley & Zisserman, ch. 8.4: pure rotation
// maps image planes by a homography whatever the scene), then in-shot effects, transition blends and grain.
#include "cranes/synth/synth.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <list>
#include <numbers>
#include <sstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/media/video_writer.hpp"
#include "cranes/synth/timeline.hpp"

namespace cranes::synth {
namespace fs = std::filesystem;
using detail::Clip;

namespace {

constexpr double kPhotoHalfWidth = 1.4;     // a photo spans x in [-1.4, 1.4] of the plane z = 1: a 109 deg view
constexpr double kOversample = 1.25;        // source pixels per output pixel at zoom 1
constexpr double kBackgroundDolly = 0.25;   // background magnification grows at this fraction of the layer's
constexpr int kMaxBlurSamples = 32;

/// A picture on the plane z = 1: plane point (X, Y) is source pixel centre + f_px * (X, Y).
struct Source {
  cv::Mat image;
  double f_px = 1;
  cv::Point2d centre;
};

cv::Matx33d rotation(const CameraSample& c) {
  const double d = std::numbers::pi / 180.0;
  const double p = c.pan_deg * d, t = c.tilt_deg * d, r = c.roll_deg * d;
  const cv::Matx33d ry(std::cos(p), 0, std::sin(p), 0, 1, 0, -std::sin(p), 0, std::cos(p));
  const cv::Matx33d rx(1, 0, 0, 0, std::cos(t), -std::sin(t), 0, std::sin(t), std::cos(t));
  const cv::Matx33d rz(std::cos(r), -std::sin(r), 0, std::sin(r), std::cos(r), 0, 0, 0, 1);
  return ry * rx * rz;
}

CameraSample lerp(const CameraSample& a, const CameraSample& b, double w) {
  auto l = [w](double x, double y) { return x + (y - x) * w; };
  return {l(a.pan_deg, b.pan_deg), l(a.tilt_deg, b.tilt_deg), l(a.roll_deg, b.roll_deg), l(a.zoom, b.zoom),
          l(a.dolly, b.dolly), l(a.shake_x_px, b.shake_x_px), l(a.shake_y_px, b.shake_y_px)};
}

uint64_t mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
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
  std::vector<cv::Mat> noise_bank;

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

  // The photo, downscaled to kOversample source pixels per output pixel, mirror-padded by a quarter of its size on
  // every side so that pans, tilts and rolls within range never see past it (warps beyond still reflect).
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

  // A near object: an elliptical cut-out of another picture with a soft edge (alpha in the last channel), placed
  // left of and below the centre of the view, 0.45 plane units wide.
  Source prepare_layer(int picture) {
    cv::Mat img = detail::load_picture(tl.photos, picture, opts.seed, opts.grey, nullptr);
    const double target_w = 0.45 * kOversample * focal_px;
    cv::Rect roi(img.cols * 3 / 10, img.rows / 5, img.cols * 2 / 5, img.rows * 13 / 20);
    cv::Mat crop = img(roi);
    const double s = std::min(1.0, target_w / crop.cols);
    cv::resize(crop, crop, cv::Size(), s, s, s < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Mat mask(crop.size(), CV_8UC1, cv::Scalar(0));
    cv::ellipse(mask, cv::Point(crop.cols / 2, crop.rows / 2), cv::Size(crop.cols * 9 / 20, crop.rows * 9 / 20), 0,
                0, 360, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
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

  /// Output pixel -> source pixel, for a layer magnified by `magnification` about the centre of the view.
  cv::Matx33d homography(const CameraSample& c, const Source& s, double magnification) const {
    const double fz = focal_px * c.zoom;
    const cv::Matx33d k_src(s.f_px, 0, s.centre.x, 0, s.f_px, s.centre.y, 0, 0, 1);
    const cv::Matx33d k_out_inv(1 / fz, 0, -out_centre.x / fz, 0, 1 / fz, -out_centre.y / fz, 0, 0, 1);
    // Undo the shake shift, then the magnification about the centre.
    const double m = 1 / magnification;
    const cv::Matx33d unscale(m, 0, out_centre.x * (1 - m), 0, m, out_centre.y * (1 - m), 0, 0, 1);
    const cv::Matx33d unshake(1, 0, -c.shake_x_px, 0, 1, -c.shake_y_px, 0, 0, 1);
    return k_src * rotation(c) * k_out_inv * unscale * unshake;
  }

  void warp_camera(const Clip& clip, const CameraSample& cam, cv::Mat& out) {
    const cv::Size size(opts.width, opts.height);
    const Source& bg = source(clip.picture);
    const double m_bg = 1 + (cam.dolly - 1) * kBackgroundDolly;
    cv::warpPerspective(bg.image, out, homography(cam, bg, m_bg), size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                        cv::BORDER_REFLECT);
    if (clip.layer_picture >= 0) {
      const Source& layer = source(-clip.layer_picture - 1);
      cv::Mat fg;
      cv::warpPerspective(layer.image, fg, homography(cam, layer, cam.dolly), size,
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
    const cv::Matx33d ha = homography(a, bg, 1 + (a.dolly - 1) * kBackgroundDolly);
    const cv::Matx33d hb = homography(b, bg, 1 + (b.dolly - 1) * kBackgroundDolly);
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
    apply_underwater(clip, f, out);
    // Exposure jumps persist; a flash pushes toward white, keeping the picture's structure.
    double gain = 1, flash = 0;
    for (const auto& [from, g] : clip.exposure_jumps)
      if (f >= from) gain *= g;
    for (const auto& [at, a] : clip.flash)
      if (at == f) flash = a;
    if (gain != 1 || flash != 0) out.convertTo(out, -1, gain * (1 - flash), 255 * flash);
    return out;
  }

  // Underwater: a refraction wobble (sinusoidal displacement), a blur and a blue-green tint, all growing with u.
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
      dx[static_cast<size_t>(y)] = static_cast<float>(amp * std::sin(2 * std::numbers::pi * (y / wavelength + 0.6 * t)));
    for (int x = 0; x < img.cols; ++x)
      dy[static_cast<size_t>(x)] = static_cast<float>(amp * std::sin(2 * std::numbers::pi * (x / wavelength + 0.45 * t)));
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
      throw Error("synth", "frame " + std::to_string(f) + " is outside [0, " + std::to_string(tl.truth.frames) + ")",
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
      if (tr.type == "dissolve" && other != k) {
        const double a = (kf + 1) / (n + 1);  // weight of the incoming shot
        const cv::Mat b = clip_frame(other, f);
        const bool k_is_a = other > k;
        cv::addWeighted(k_is_a ? out : b, 1 - a, k_is_a ? b : out, a, 0, out);
      } else if (tr.type == "fade_out" || tr.type == "fade_in") {
        const double g = tr.type == "fade_out" ? 1 - (kf + 1) / n : kf / n;
        out.convertTo(out, -1, g, tr.colour == "white" ? 255 * (1 - g) : 0);
      }
    }
    if (opts.noise > 0) add_noise(f, out);
    return out;
  }

  // Grain: a crop of one of two precomputed Gaussian fields at a per-frame random offset (cheap and seeded).
  void add_noise(int64_t f, cv::Mat& img) {
    constexpr int pad = 64;
    if (noise_bank.empty()) {
      cv::RNG rng(opts.seed * 2654435761ULL + 11);
      for (int i = 0; i < 2; ++i) {
        cv::Mat n(opts.height + pad, opts.width + pad, CV_32FC(img.channels()));
        rng.fill(n, cv::RNG::NORMAL, 0.0, opts.noise);
        cv::Mat s;
        n.convertTo(s, CV_16S);
        noise_bank.push_back(s);
      }
    }
    const uint64_t h = mix(opts.seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(f));
    const cv::Mat& bank = noise_bank[h & 1];
    const cv::Rect roi(static_cast<int>((h >> 8) % pad), static_cast<int>((h >> 24) % pad), opts.width, opts.height);
    cv::add(img, bank(roi), img, cv::noArray(), img.depth());
  }
};

Renderer::Renderer(const std::string& scenario, const SynthOptions& opts) : m_impl(std::make_unique<Impl>()) {
  Impl& m = *m_impl;
  if (opts.width < 1 || opts.height < 1 || opts.width > 16384 || opts.height > 16384)
    throw Error("--size", "invalid frame size " + std::to_string(opts.width) + "x" + std::to_string(opts.height),
                Error::Kind::Usage);
  if (!opts.fps.valid()) throw Error("--fps", "the frame rate must be positive", Error::Kind::Usage);
  if (!(opts.duration_scale > 0 && opts.duration_scale <= 10000))
    throw Error("--duration-scale", "must be in (0, 10000]", Error::Kind::Usage);
  if (!(opts.noise >= 0 && opts.noise <= 255)) throw Error("--noise", "must be in [0, 255]", Error::Kind::Usage);
  if (!(opts.fov_deg > 1 && opts.fov_deg < 150)) throw Error("fov", "must be in (1, 150) deg", Error::Kind::Usage);
  m.opts = opts;
  m.tl = detail::build_scenario(scenario, opts);
  m.focal_px = focal_length_px(opts.width, opts.fov_deg);
  m.out_centre = {(opts.width - 1) / 2.0, (opts.height - 1) / 2.0};
}

Renderer::~Renderer() = default;
const GroundTruth& Renderer::truth() const { return m_impl->tl.truth; }
int64_t Renderer::frames() const { return m_impl->tl.truth.frames; }
cv::Mat Renderer::frame(int64_t index) { return m_impl->frame(index); }

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

// ---- JSON ------------------------------------------------------------------------------------------------------

namespace {
constexpr const char* kSchema = "cranes-synth-truth/1";
constexpr double CameraSample::* kCameraFields[] = {&CameraSample::pan_deg,    &CameraSample::tilt_deg,
                                                    &CameraSample::roll_deg,   &CameraSample::zoom,
                                                    &CameraSample::dolly,      &CameraSample::shake_x_px,
                                                    &CameraSample::shake_y_px};
constexpr const char* kCameraNames[] = {"pan_deg", "tilt_deg", "roll_deg", "zoom", "dolly", "shake_x_px",
                                        "shake_y_px"};
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
      "frames 0-based, ranges [start, end); pan_deg > 0: camera turned right; tilt_deg > 0: up; roll_deg > 0: "
      "clockwise seen from behind (content turns counter-clockwise); zoom: focal length factor; camera[i] is the "
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
    evs.push_back({{"type", e.type}, {"start_frame", e.start_frame}, {"end_frame", e.end_frame}, {"detail", e.detail}});
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
    throw Error("", std::string("not a synth truth document (schema ") + kSchema + " expected)", Error::Kind::Format);
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
      t.transitions.push_back({s.at("type").get<std::string>(), s.at("start_frame").get<int64_t>(),
                               s.at("end_frame").get<int64_t>(), s.value("colour", "")});
    for (const auto& s : j.at("events"))
      t.events.push_back({s.at("type").get<std::string>(), s.at("start_frame").get<int64_t>(),
                          s.at("end_frame").get<int64_t>(), s.value("detail", "")});
    const auto& cam = j.at("camera");
    t.camera.resize(cam.at("pan_deg").size());
    for (size_t f = 0; f < std::size(kCameraFields); ++f) {
      const auto& col = cam.at(kCameraNames[f]);
      if (col.size() != t.camera.size()) throw Error("", "camera columns differ in length", Error::Kind::Format);
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
