// SPDX-License-Identifier: MIT
// The order of the operations follows the film: the lens and the camera's roll shape the image before it
// reaches the emulsion; the emulsion's spectral sensitivity makes it black and white; its characteristic
// curve sets the tones; halation spreads the brightest light; grain and the lens's fall-off sit on the print.
// Everything between decoding and encoding is float in linear light, so 16-bit sources keep their precision.
#include "cranes/look/look.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "cranes/core/error.hpp"
#include "cranes/look/operations.hpp"

namespace cranes::look {

namespace {

double srgb_to_linear(double v) {
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}
double linear_to_srgb(double v) {
  v = std::clamp(v, 0.0, 1.0);
  return v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1 / 2.4) - 0.055;
}

// The decoded picture as display-encoded BGR of 8 or 16 bits (grey and BGRA converted).
cv::Mat display_bgr(const cv::Mat& in) {
  if (in.empty()) throw Error("look", "empty picture", Error::Kind::Usage);
  const int depth = in.depth();
  if (depth != CV_8U && depth != CV_16U)
    throw Error("look", "expects an 8-bit or 16-bit picture", Error::Kind::Usage);
  cv::Mat bgr;
  if (in.channels() == 1)
    cv::cvtColor(in, bgr, cv::COLOR_GRAY2BGR);
  else if (in.channels() == 4)
    cv::cvtColor(in, bgr, cv::COLOR_BGRA2BGR);
  else if (in.channels() == 3)
    bgr = in;
  else
    throw Error("look", "expects a grey, BGR or BGRA picture", Error::Kind::Usage);
  return bgr;
}

// sRGB code value -> linear light, one entry per value of 8 or 16 bits (made once).
std::span<const float> linear_table(int depth) {
  auto make = [](int levels) {
    std::vector<float> t(static_cast<size_t>(levels));
    for (int i = 0; i < levels; ++i)
      t[static_cast<size_t>(i)] = static_cast<float>(srgb_to_linear(i / double(levels - 1)));
    return t;
  };
  static const std::vector<float> eight = make(256), sixteen = make(65536);
  return depth == CV_8U ? std::span<const float>(eight) : std::span<const float>(sixteen);
}

// The largest lens-and-tilt map kept for the frames that follow (a 4K film's is 66 MB); a bigger picture is
// mapped a band of rows at a time.
constexpr size_t kMaxKeptMap = size_t{128} << 20;
constexpr int kMapBand = 256;

}  // namespace

ParamSet look_params() {
  ParamSet p;
  p.add(infrared_params(), "infrared");
  p.add(tone_params(), "tone");
  p.add(halation_params(), "halation");
  p.add(grain_params(), "grain");
  p.add(geometry_params(), "geometry");
  p.add(oldfilm_params(), "oldfilm");
  return p;
}

cv::Mat Renderer::render(const cv::Mat& bgr, uint64_t seed, int depth) {
  if (depth != 8 && depth != 16) throw Error("look", "output depth must be 8 or 16 bits", Error::Kind::Usage);
  // The emulsion's conversion works pixel by pixel (its masks are smooth), so it runs before the lens's
  // remap, which then moves one channel instead of three.
  const cv::Mat display = display_bgr(bgr);
  cv::Mat grey = black_and_white(display, linear_table(display.depth()), m_params);
  if (!geometry_is_identity(grey.size(), m_params)) {
    const cv::Size out = framed_size(grey.size(), m_params);
    cv::Mat shaped(out, grey.type());
    if (static_cast<size_t>(out.area()) * sizeof(cv::Vec2f) <= kMaxKeptMap) {
      // Films: one map for every frame.
      if (m_map.empty() || m_map_size != grey.size()) {
        m_map = geometry_map(grey.size(), m_params);
        m_map_size = grey.size();
      }
      cv::remap(grey, shaped, m_map, cv::noArray(), cv::INTER_CUBIC, cv::BORDER_REPLICATE);
    } else {
      // A big photo: the map a band of rows at a time (a 24-megapixel one would be 192 MB whole).
      for (int y = 0; y < out.height; y += kMapBand) {
        const int y1 = std::min(out.height, y + kMapBand);
        cv::Mat rows = shaped.rowRange(y, y1);
        cv::remap(grey, rows, geometry_map(grey.size(), m_params, y, y1), cv::noArray(), cv::INTER_CUBIC,
                  cv::BORDER_REPLICATE);
      }
    }
    grey = shaped;
  }
  apply_tone(grey, m_params);
  apply_halation(grey, m_params);
  // To the display encoding: grain and vignette sit on the print.
  static const CurveTable srgb(linear_to_srgb, 1.0);
  for_rows(grey.rows, [&](int y0, int y1) {
    for (int y = y0; y < y1; ++y) {
      float* p = grey.ptr<float>(y);
      for (int x = 0; x < grey.cols; ++x) p[x] = std::min(1.0f, srgb(p[x]));
    }
  });
  apply_grain(grey, m_params, seed);
  apply_old_film(grey, m_params, seed);
  apply_vignette(grey, m_params);
  cv::Mat out;
  grey.convertTo(out, depth == 8 ? CV_8U : CV_16U, depth == 8 ? 255.0 : 65535.0);
  return out;
}

cv::Mat render_look(const cv::Mat& bgr, const ParamSet& params, uint64_t seed, int depth) {
  return Renderer(params).render(bgr, seed, depth);
}

}  // namespace cranes::look
