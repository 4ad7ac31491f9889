// SPDX-License-Identifier: MIT
// The operations of a look, one file each, every one with its ParamSpec table. They work on float pictures in
// linear light (CV_32FC3 BGR before the black-and-white conversion, CV_32FC1 after), except grain, which is
// added to the display-encoded picture as film grain sits on the print, and the frame's vignette.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <opencv2/core.hpp>
#include <span>
#include <vector>

#include "cranes/core/params.hpp"

namespace cranes::look {

/// Runs `f(first_row, end_row)` over bands of `rows` rows on OpenCV's threads (as many as
/// cv::setNumThreads allows): for the per-pixel loops, whose results do not depend on the split.
template <class F>
void for_rows(int rows, F&& f) {
  cv::parallel_for_(cv::Range(0, rows), [&](const cv::Range& r) { f(r.start, r.end); });
}

/// A smooth curve on [0, top] tabulated at 4096 points, even in the square root of its input (dense in the
/// shadows, where sRGB and film curves bend most), and interpolated linearly: the same to well under a 16-bit
/// step and far cheaper than a power per pixel. Inputs above `top` are computed exactly.
class CurveTable {
 public:
  template <class F>
  CurveTable(F f, double top) : m_f(f), m_top(static_cast<float>(top)), m_table(kN + 1) {
    for (int i = 0; i <= kN; ++i) {
      const double s = std::sqrt(top) * i / kN;
      m_table[static_cast<size_t>(i)] = static_cast<float>(f(s * s));
    }
    m_scale = static_cast<float>(kN / std::sqrt(top));
  }
  float operator()(float v) const {
    v = std::max(0.0f, v);
    if (v >= m_top) return static_cast<float>(m_f(v));
    const float t = std::sqrt(v) * m_scale;
    const int i = std::min(kN - 1, static_cast<int>(t));
    const float f = t - static_cast<float>(i);
    return m_table[static_cast<size_t>(i)] +
           f * (m_table[static_cast<size_t>(i) + 1] - m_table[static_cast<size_t>(i)]);
  }

 private:
  static constexpr int kN = 4096;
  std::function<double(double)> m_f;
  float m_top, m_scale = 1;
  std::vector<float> m_table;
};

/// Where pixel i of a line of `n` pixels reads a line of `small_n` enlarged to it bilinearly, pixel centres
/// aligned (as cv::resize enlarges): between pixels a and b of the small line, w of the way to b.
struct EnlargeTap {
  int a, b;
  float w;
};
inline std::vector<EnlargeTap> enlarge_taps(int n, int small_n) {
  const double scale = static_cast<double>(small_n) / n;
  std::vector<EnlargeTap> t(static_cast<size_t>(std::max(0, n)));
  for (int i = 0; i < n; ++i) {
    const double at = std::clamp((i + 0.5) * scale - 0.5, 0.0, small_n - 1.0);
    const int a = static_cast<int>(at);
    t[static_cast<size_t>(i)] = {a, std::min(a + 1, small_n - 1), static_cast<float>(at - a)};
  }
  return t;
}

/// Black and white from colour: panchromatic, orthochromatic or a near-infrared proxy (infrared.cpp).
std::span<const ParamSpec> infrared_params();
/// Display-encoded BGR (CV_8UC3 or CV_16UC3) -> CV_32FC1 linear grey, each pixel taken to linear light
/// through `lut` (one entry per code value).
cv::Mat black_and_white(const cv::Mat& bgr, std::span<const float> lut, const ParamSet& params);

/// The film's characteristic curve (tone.cpp), in place on linear grey.
std::span<const ParamSpec> tone_params();
void apply_tone(cv::Mat& linear_grey, const ParamSet& params);
/// The brightness the curve turns about: the pivot parameter, or the picture's log-average when it is 0.
double tone_pivot(const cv::Mat& linear_grey, const ParamSet& params);
/// The curve itself at one linear value, turning about `pivot`.
double tone_curve(double x, const ParamSet& params, double pivot);

/// Glow around the highlights (halation.cpp), in place on linear grey.
std::span<const ParamSpec> halation_params();
void apply_halation(cv::Mat& linear_grey, const ParamSet& params);

/// Film grain (grain.cpp), in place on display-encoded grey (0..1); the same seed gives the same grain.
std::span<const ParamSpec> grain_params();
void apply_grain(cv::Mat& display_grey, const ParamSet& params, uint64_t seed);
/// The grain itself, the one source of every grain the project draws (the look's, the old print's, the
/// synthetic footage's): zero-mean noise of unit deviation in each of `channels` channels
/// (CV_32FC(channels)), its clumps a Gaussian blur of `sigma` pixels (white below kMinGrainSigma). The same
/// seed gives the same field, whatever the number of threads.
constexpr double kMinGrainSigma = 0.3;
cv::Mat grain_field(cv::Size size, int channels, double sigma, uint64_t seed);

/// An old print's artefacts (oldfilm.cpp): gate weave, flicker, scratches, dust and the print's grain.
std::span<const ParamSpec> oldfilm_params();
struct OldFilm {
  double flicker = 0;                  ///< exposure flicker, +- this share
  double weave_px = 0, weave_deg = 0;  ///< gate weave: shift (pixels at 640 wide) and turn
  int scratches = 0;                   ///< scratch tracks
  int dust_min = 0, dust_max = 0;      ///< dust specks a frame
  double grain_sd = 0;                 ///< the print's grain, 8-bit levels
  bool any() const;
};
OldFilm old_film_of(const ParamSet& params);
/// The artefacts on `grey` (CV_8UC1, or CV_32FC1 in 0..255), frame `frame` of the stream `seed`; CV_32FC1 in
/// 0..255 (not clamped).
cv::Mat old_film(const cv::Mat& grey, const OldFilm& o, uint64_t seed, int64_t frame);
/// The same in place on display-encoded grey (0..1), the picture's seed as its frame number.
void apply_old_film(cv::Mat& display_grey, const ParamSet& params, uint64_t seed);

/// Lens distortion, Dutch tilt and the frame's crop and vignette (geometry.cpp).
std::span<const ParamSpec> geometry_params();
/// The output size for a source of `source` size: the frame's aspect ratio cropped from it.
cv::Size framed_size(cv::Size source, const ParamSet& params);
/// One map (CV_32FC2, of the framed size) that takes each output pixel to its source position: lens, tilt
/// and crop in one remap.
cv::Mat geometry_map(cv::Size source, const ParamSet& params);
/// Rows [y0, y1) of that map (y1 - y0 rows), for a picture too big to map whole at once.
cv::Mat geometry_map(cv::Size source, const ParamSet& params, int y0, int y1);
/// Whether the map is the identity (no lens, no tilt, no crop), so the remap can be skipped.
bool geometry_is_identity(cv::Size source, const ParamSet& params);
/// The vignette, in place on any float picture of the output size.
void apply_vignette(cv::Mat& picture, const ParamSet& params);

}  // namespace cranes::look
