// SPDX-License-Identifier: MIT
// Black and white from colour. Panchromatic film sees roughly as the eye does (the Rec. 709 luminance mix);
// orthochromatic stock is blind to red, so reds print dark and blue-greens light. Black-and-white infrared
// film (Kodak HIE behind a red filter, as on I Am Cuba) records near-infrared reflectance: foliage goes
// snow-white because the leaf's spongy mesophyll scatters infrared back out (the Wood effect, a matter of
// structure, not colour, so red autumn leaves glow as well), clear blue sky, which reflects almost no
// infrared, goes near black, while clouds and skin stay light. No photo records infrared, so the mode is a
// proxy: an infrared-like mix (red-heavy, negative blue, as the RawTherapee, digiKam and GIMP recipes
// are), a vegetation mask from chromaticity lifted toward white, and a clear-sky mask pushed toward black.
#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <string_view>
#include <vector>

#include "cranes/look/operations.hpp"

namespace cranes::look {

namespace {

constexpr std::array<std::string_view, 3> kModes = {"panchromatic", "orthochromatic", "infrared"};
constexpr ParamSpec kParams[] = {
    {"bw",
     "Black-and-white conversion: panchromatic (as the eye sees), orthochromatic (red-blind: reds dark, "
     "blue-greens light) or infrared (foliage white, clear sky black)",
     "", 0, 0, 2, ParamType::Choice, kModes},
    {"ir-strength", "How far the infrared mode departs from the panchromatic mix (0: not at all)", "", 1.0,
     0.0, 1.0},
    {"ir-glow", "How bright foliage glows in infrared: the gain on its reflected light before it saturates",
     "", 8.0, 1.0, 30.0},
    {"ir-sky", "How much of the clear sky's light the infrared mode takes away (1: black)", "", 0.8, 0.0,
     1.0},
};

double smoothstep(double e0, double e1, double x) {
  const double t = std::clamp((x - e0) / (e1 - e0), 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

// Hue (degrees), saturation and value as HSV gives them on display-like values: the square root of linear
// light is close enough to the sRGB curve for the masks' soft thresholds.
struct Hsv {
  double h, s, v;
};
Hsv hsv(const cv::Vec3f& bgr) {
  const double b = std::sqrt(std::max(0.0f, bgr[0])), g = std::sqrt(std::max(0.0f, bgr[1])),
               r = std::sqrt(std::max(0.0f, bgr[2]));
  const double mx = std::max({r, g, b}), mn = std::min({r, g, b}), d = mx - mn;
  Hsv out{0, mx > 0 ? d / mx : 0, mx};
  if (d <= 1e-9) return out;
  double h;
  if (mx == r)
    h = std::fmod((g - b) / d, 6.0);
  else if (mx == g)
    h = (b - r) / d + 2;
  else
    h = (r - g) / d + 4;
  out.h = h * 60 < 0 ? h * 60 + 360 : h * 60;
  return out;
}

// A soft window over hue: 1 inside [lo, hi], falling to 0 over `soft` degrees either side.
double hue_window(double h, double lo, double hi, double soft) {
  return smoothstep(lo - soft, lo, h) * (1 - smoothstep(hi, hi + soft, h));
}

double foliage(const Hsv& c) {
  const double lit = smoothstep(0.04, 0.15, c.v);  // the noise in near-black pixels has no colour to trust
  // Green leaves: yellow-green to blue-green, even when only slightly saturated (shaded forest greens are).
  const double green = hue_window(c.h, 65, 160, 20) * smoothstep(0.06, 0.28, c.s);
  // Autumn leaves: red, orange and yellow, but only strongly saturated, so skin (the same hues, paler) is
  // left to the mix, which keeps it light anyway.
  const double autumn =
      (hue_window(c.h, 0, 50, 10) + hue_window(c.h, 350, 370, 10)) * smoothstep(0.45, 0.7, c.s);
  return lit * std::min(1.0, green + 0.85 * autumn);
}

double sky(const Hsv& c, const cv::Vec3f& bgr) {
  // Clear sky: cyan-blue to blue and saturated; clouds are neutral, so they fall outside.
  return hue_window(c.h, 195, 245, 15) * smoothstep(0.18, 0.4, c.s) * (bgr[0] > bgr[2] ? 1.0 : 0.0);
}

// Calls f(y, x, p) for every pixel of a display-encoded BGR picture (8 or 16 bits), p its value in linear
// light through `lut`, row bands in parallel: no linear copy of the picture is made.
template <class F>
void for_each_linear_pixel(const cv::Mat& bgr, std::span<const float> lut, F f) {
  CV_Assert(bgr.channels() == 3 && (bgr.depth() == CV_8U || bgr.depth() == CV_16U));
  auto rows = [&]<class T>(int y0, int y1, T) {
    for (int y = y0; y < y1; ++y) {
      const T* in = bgr.ptr<T>(y);
      for (int x = 0; x < bgr.cols; ++x, in += 3) f(y, x, cv::Vec3f(lut[in[0]], lut[in[1]], lut[in[2]]));
    }
  };
  for_rows(bgr.rows, [&](int y0, int y1) {
    if (bgr.depth() == CV_8U)
      rows(y0, y1, uchar{});
    else
      rows(y0, y1, uint16_t{});
  });
}

// One grey value a pixel, f(p, y, x) of its linear value.
template <class F>
cv::Mat per_pixel(const cv::Mat& bgr, std::span<const float> lut, F f) {
  cv::Mat out(bgr.size(), CV_32FC1);
  for_each_linear_pixel(bgr, lut, [&](int y, int x, const cv::Vec3f& p) {
    out.at<float>(y, x) = static_cast<float>(f(p, y, x));
  });
  return out;
}

}  // namespace

std::span<const ParamSpec> infrared_params() {
  return kParams;
}

cv::Mat black_and_white(const cv::Mat& bgr, std::span<const float> lut, const ParamSet& params) {
  const std::string_view mode = params.get_choice("bw");
  if (mode == "orthochromatic")
    return per_pixel(bgr, lut,
                     [](const cv::Vec3f& p, int, int) { return 0.02 * p[2] + 0.53 * p[1] + 0.45 * p[0]; });
  auto pan = [](const cv::Vec3f& p) { return 0.2126f * p[2] + 0.7152f * p[1] + 0.0722f * p[0]; };
  if (mode != "infrared") return per_pixel(bgr, lut, [&](const cv::Vec3f& p, int, int) { return pan(p); });
  const double strength = params.get("ir-strength"), glow = params.get("ir-glow"),
               sky_cut = params.get("ir-sky");
  // The masks are smoothed: a photo's colour is stored at half resolution in 8x8 blocks (JPEG's 4:2:0),
  // and a mask that followed it pixel by pixel would print those blocks on bark and stone near its
  // thresholds. Smooth as they are, they are made and blurred at half size (where the colour was stored),
  // then enlarged: a quarter of the work.
  const double sigma = std::max(1.5, 0.002 * std::hypot(bgr.cols, bgr.rows));
  const bool halve = bgr.cols >= 64 && bgr.rows >= 64;
  cv::Mat small_display = bgr;
  if (halve) cv::resize(bgr, small_display, cv::Size(bgr.cols / 2, bgr.rows / 2), 0, 0, cv::INTER_AREA);
  cv::Mat leaves(small_display.size(), CV_32FC1), clear_sky(small_display.size(), CV_32FC1);
  for_each_linear_pixel(small_display, lut, [&](int y, int x, const cv::Vec3f& p) {
    const Hsv c = hsv(p);
    leaves.at<float>(y, x) = static_cast<float>(foliage(c));
    clear_sky.at<float>(y, x) = static_cast<float>(sky(c, p));
  });
  for (cv::Mat* m : {&leaves, &clear_sky})
    cv::GaussianBlur(*m, *m, cv::Size(), halve ? sigma / 2 : sigma, 0, cv::BORDER_REFLECT);
  // Each pixel reads the half-size masks bilinearly (as cv::resize would enlarge them, pixel centres
  // aligned), without making full-size copies of them.
  const double to_small_x = static_cast<double>(leaves.cols) / bgr.cols,
               to_small_y = static_cast<double>(leaves.rows) / bgr.rows;
  struct Tap {
    int a, b;
    float w;  // weight of b
  };
  auto taps = [](int n, int small_n, double scale) {
    std::vector<Tap> t(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      const double at = std::clamp((i + 0.5) * scale - 0.5, 0.0, small_n - 1.0);
      const int a = static_cast<int>(at);
      t[static_cast<size_t>(i)] = {a, std::min(a + 1, small_n - 1), static_cast<float>(at - a)};
    }
    return t;
  };
  const std::vector<Tap> tx = taps(bgr.cols, leaves.cols, to_small_x),
                         ty = taps(bgr.rows, leaves.rows, to_small_y);
  auto sample = [&](const cv::Mat& m, int y, int x) {
    const Tap& r = ty[static_cast<size_t>(y)];
    const Tap& c = tx[static_cast<size_t>(x)];
    const float* p0 = m.ptr<float>(r.a);
    const float* p1 = m.ptr<float>(r.b);
    const float top = p0[c.a] + c.w * (p0[c.b] - p0[c.a]);
    const float bottom = p1[c.a] + c.w * (p1[c.b] - p1[c.a]);
    return top + r.w * (bottom - top);
  };
  // Foliage's glow saturating softly (1 - e^(-glow m) of its brightest channel m), tabulated.
  const CurveTable leaf_glow([glow](double m) { return 1 - std::exp(-glow * m); }, 1.0);
  const auto fs = static_cast<float>(strength), fsky = static_cast<float>(sky_cut);
  return per_pixel(bgr, lut, [&](const cv::Vec3f& p, int y, int x) {
    const float f = sample(leaves, y, x), sk = sample(clear_sky, y, x);
    // The infrared-like mix: neutral greys (clouds) keep their value, reds gain, blues lose.
    const float base = std::max(0.0f, 0.50f * p[2] + 0.60f * p[1] - 0.10f * p[0]);
    // Foliage reflects about half the near infrared whatever its visible brightness: its brightest channel,
    // amplified and saturating softly, keeps the shading between sunlit and shaded leaves.
    const float leaf = leaf_glow(std::max({p[0], p[1], p[2]}));
    float ir = base + f * std::max(0.0f, leaf - base);
    ir *= 1 - fsky * sk;
    return (1 - fs) * pan(p) + fs * ir;
  });
}

}  // namespace cranes::look
