// SPDX-License-Identifier: MIT
// An old print, as the films survive on worn copies: the frame weaving in the gate (a smooth random shift and
// turn), the exposure flickering from frame to frame, scratches that wander slowly and come and go, dust
// specks that differ every frame, and the print's own clumped grain. Every artefact follows the frame number
// (a hash of it, or a smooth signal of it), so a film's frames get a continuous weave and a photo's artefacts
// are reproducible from its seed. The synthetic footage's old prints are made by this same operation.
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "cranes/core/hash_noise.hpp"
#include "cranes/look/operations.hpp"

namespace cranes::look {

namespace {

constexpr ParamSpec kParams[] = {
    {"flicker", "Old print: the exposure flickering from frame to frame, +- this share (0: none)", "", 0.0,
     0.0, 0.5},
    {"weave", "Old print: the frame weaving in the gate, +- this many pixels at 640 wide (0: none)", "px",
     0.0, 0.0, 10.0},
    {"weave-turn", "Old print: the weave's turn, +- this many degrees", "deg", 0.0, 0.0, 2.0},
    {"scratches", "Old print: scratch tracks along the film, each coming and going", "", 0, 0, 8,
     ParamType::Int},
    {"dust", "Old print: at most this many dust specks a frame, dark or bright (at least a quarter of it)",
     "", 0, 0, 60, ParamType::Int},
    {"print-grain",
     "Old print: the worn copy's own clumped grain, standard deviation in 8-bit levels (beside the "
     "negative's --grain)",
     "levels", 0.0, 0.0, 30.0},
};

}  // namespace

std::span<const ParamSpec> oldfilm_params() {
  return kParams;
}

OldFilm old_film_of(const ParamSet& p) {
  OldFilm o;
  o.flicker = p.get("flicker");
  o.weave_px = p.get("weave");
  o.weave_deg = p.get("weave-turn");
  o.scratches = p.get_int("scratches");
  o.dust_max = p.get_int("dust");
  o.dust_min = o.dust_max / 4;
  o.grain_sd = p.get("print-grain");
  return o;
}

bool OldFilm::any() const {
  return flicker > 0 || weave_px > 0 || weave_deg > 0 || scratches > 0 || dust_max > 0 || grain_sd > 0;
}

cv::Mat old_film(const cv::Mat& grey, const OldFilm& o, uint64_t seed, int64_t frame) {
  CV_Assert(grey.channels() == 1);
  const double s = grey.cols / 640.0, t = static_cast<double>(frame);
  const auto uf = static_cast<uint64_t>(frame);
  const double w = grey.cols, h = grey.rows;
  // Gate weave, low-pass in time: knots every 3 frames.
  const cv::Point2f centre(static_cast<float>((w - 1) / 2), static_cast<float>((h - 1) / 2));
  cv::Mat m = cv::getRotationMatrix2D(centre, o.weave_deg * smooth_noise(seed, 1, t, 3), 1.0);
  m.at<double>(0, 2) += o.weave_px * s * smooth_noise(seed, 2, t, 3);
  m.at<double>(1, 2) += o.weave_px * s * smooth_noise(seed, 3, t, 3);
  cv::Mat fl;
  cv::warpAffine(grey, fl, m, grey.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  fl.convertTo(fl, CV_32F, 1 + o.flicker * (2 * hash_uniform(seed, 4, uf) - 1));
  // Scratches: thin lines, bright or dark, each at its own place, wandering slowly and visible now and then.
  for (int k = 0; k < o.scratches; ++k) {
    const auto sk = static_cast<uint64_t>(k) * 16;
    const double visible = smooth_noise(seed, 100 + sk, t, 10) - (k == 0 ? -0.5 : 0.2);
    if (visible <= 0) continue;
    const double strength = std::min(1.0, visible / 0.3) * (30 + 40 * hash_uniform(seed, 101 + sk, 0));
    const double sign = hash_uniform(seed, 102 + sk, 0) < 0.5 ? -1 : 1;
    const double x0 =
        w * (0.15 + 0.7 * hash_uniform(seed, 103 + sk, 0)) + 0.03 * w * smooth_noise(seed, 104 + sk, t, 20);
    const double slant = 0.003 * w * smooth_noise(seed, 105 + sk, t, 30);  // nearly vertical
    for (int y = 0; y < fl.rows; ++y) {
      const double along = 0.65 + 0.35 * smooth_noise(seed ^ uf, 106 + sk, y, 0.25 * h);  // patchy along it
      const double xc = x0 + slant * (y / h - 0.5);
      float* row = fl.ptr<float>(y);
      for (int x = static_cast<int>(std::floor(xc - 2 * s)); x <= static_cast<int>(std::ceil(xc + 2 * s));
           ++x) {
        if (x < 0 || x >= fl.cols) continue;
        const double wgt = std::max(0.0, 1 - std::abs(x - xc) / (0.8 * s));
        row[x] += static_cast<float>(sign * strength * along * wgt);
      }
    }
  }
  // Dust: a few specks, 1-4 px across at 640 wide, dark or bright, drawn anti-aliased into coverage masks
  // (OpenCV anti-aliases 8-bit images only).
  if (o.dust_max > 0) {
    const int specks =
        o.dust_min + static_cast<int>(hash_uniform(seed, 5, uf) * (o.dust_max - o.dust_min + 1));
    cv::Mat dark(fl.size(), CV_8UC1, cv::Scalar(0)), bright(fl.size(), CV_8UC1, cv::Scalar(0));
    for (int i = 0; i < specks; ++i) {
      const auto si = uf * 64 + static_cast<uint64_t>(i);
      const double r = s * (0.5 + 1.5 * hash_uniform(seed, 6, si));
      const double aspect = 0.5 + 0.5 * hash_uniform(seed, 7, si);
      constexpr int shift = 4, one = 1 << shift;  // sub-pixel drawing
      const cv::Point c(static_cast<int>(hash_uniform(seed, 8, si) * w * one),
                        static_cast<int>(hash_uniform(seed, 9, si) * h * one));
      const cv::Size axes(std::max(one / 2, static_cast<int>(r * one)),
                          std::max(one / 2, static_cast<int>(r * aspect * one)));
      const double opacity = 0.75 + 0.25 * hash_uniform(seed, 11, si);
      cv::ellipse(hash_uniform(seed, 10, si) < 0.4 ? bright : dark, c, axes, 360 * hash_uniform(seed, 12, si),
                  0, 360, cv::Scalar(255 * opacity), cv::FILLED, cv::LINE_AA, shift);
    }
    for (int y = 0; y < fl.rows; ++y) {
      float* row = fl.ptr<float>(y);
      const uint8_t* md = dark.ptr<uint8_t>(y);
      const uint8_t* mb = bright.ptr<uint8_t>(y);
      for (int x = 0; x < fl.cols; ++x) {
        if (md[x]) row[x] += (20 - row[x]) * (md[x] / 255.0f);
        if (mb[x]) row[x] += (240 - row[x]) * (mb[x] / 255.0f);
      }
    }
  }
  // Grain: the look's grain field, slightly clumped, at the print's constant deviation (a worn print's grain
  // does not fade in the highlights as the negative's does).
  if (o.grain_sd > 0) {
    constexpr double kClumpSigma = 0.6;
    cv::scaleAdd(grain_field(fl.size(), 1, kClumpSigma, mix(seed * 31 + uf)), o.grain_sd, fl, fl);
  }
  return fl;
}

void apply_old_film(cv::Mat& display_grey, const ParamSet& params, uint64_t seed) {
  CV_Assert(display_grey.type() == CV_32FC1);
  const OldFilm o = old_film_of(params);
  if (!o.any() || display_grey.empty()) return;
  // In 8-bit levels, as the artefacts are made; the frame number is the seed (a film's frames count up).
  cv::Mat levels = display_grey * 255.0;
  levels = old_film(levels, o, 0x01DF11, static_cast<int64_t>(seed));
  display_grey = levels / 255.0;
}

}  // namespace cranes::look
