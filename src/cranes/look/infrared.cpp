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

float smoothstep(float e0, float e1, float x) {
  const float t = std::clamp((x - e0) / (e1 - e0), 0.0f, 1.0f);
  return t * t * (3 - 2 * t);
}

// Hue (degrees), saturation and value as HSV gives them on display-like values: the square root of linear
// light (tabulated per code value) is close enough to the sRGB curve for the masks' soft thresholds.
struct Hsv {
  float h, s, v;
};
Hsv hsv(float b, float g, float r) {
  const float mx = std::max({r, g, b}), mn = std::min({r, g, b}), d = mx - mn;
  Hsv out{0, mx > 0 ? d / mx : 0, mx};
  if (d <= 1e-9f) return out;
  float h;
  if (mx == r) {
    h = (g - b) / d;
    if (h < 0) h += 6;
  } else if (mx == g) {
    h = (b - r) / d + 2;
  } else {
    h = (r - g) / d + 4;
  }
  out.h = h * 60;
  return out;
}

// A soft window over hue: 1 inside [lo, hi], falling to 0 over `soft` degrees either side.
float hue_window(float h, float lo, float hi, float soft) {
  return smoothstep(lo - soft, lo, h) * (1 - smoothstep(hi, hi + soft, h));
}

float foliage(const Hsv& c) {
  const float lit = smoothstep(0.04f, 0.15f, c.v);  // the noise in near-black pixels has no colour to trust
  // Green leaves: yellow-green to blue-green, even when only slightly saturated (shaded forest greens are).
  const float green = hue_window(c.h, 65, 160, 20) * smoothstep(0.06f, 0.28f, c.s);
  // Autumn leaves: red, orange and yellow, but only strongly saturated, so skin (the same hues, paler) is
  // left to the mix, which keeps it light anyway.
  const float autumn =
      (hue_window(c.h, 0, 50, 10) + hue_window(c.h, 350, 370, 10)) * smoothstep(0.45f, 0.7f, c.s);
  return lit * std::min(1.0f, green + 0.85f * autumn);
}

float sky(const Hsv& c, float b, float r) {
  // Clear sky: cyan-blue to blue and saturated; clouds are neutral, so they fall outside.
  return b > r ? hue_window(c.h, 195, 245, 15) * smoothstep(0.18f, 0.4f, c.s) : 0.0f;
}

// One grey value a pixel of a display-encoded BGR picture (8 or 16 bits): row(y, in, out) fills the row y of
// the CV_32FC1 result from its code values, in bands of rows in parallel.
template <class Row>
cv::Mat per_row(const cv::Mat& bgr, Row row) {
  CV_Assert(bgr.channels() == 3 && (bgr.depth() == CV_8U || bgr.depth() == CV_16U));
  cv::Mat out(bgr.size(), CV_32FC1);
  for_rows(bgr.rows, [&](int y0, int y1) {
    for (int y = y0; y < y1; ++y) {
      if (bgr.depth() == CV_8U)
        row(y, bgr.ptr<uchar>(y), out.ptr<float>(y));
      else
        row(y, bgr.ptr<uint16_t>(y), out.ptr<float>(y));
    }
  });
  return out;
}

// A fixed mix of the three channels in linear light, a pixel at a time.
cv::Mat mix(const cv::Mat& bgr, std::span<const float> lut, float kb, float kg, float kr) {
  return per_row(bgr, [&](int, const auto* in, float* out) {
    for (int x = 0; x < bgr.cols; ++x, in += 3) out[x] = kb * lut[in[0]] + kg * lut[in[1]] + kr * lut[in[2]];
  });
}

// f(code value) for every code value of the picture's depth.
template <class F>
std::vector<float> per_level(std::span<const float> lut, F f) {
  std::vector<float> t(lut.size());
  for (size_t i = 0; i < lut.size(); ++i) t[i] = static_cast<float>(f(lut[i]));
  return t;
}

}  // namespace

std::span<const ParamSpec> infrared_params() {
  return kParams;
}

cv::Mat black_and_white(const cv::Mat& bgr, std::span<const float> lut, const ParamSet& params) {
  const std::string_view mode = params.get_choice("bw");
  if (mode == "orthochromatic") return mix(bgr, lut, 0.45f, 0.53f, 0.02f);
  if (mode != "infrared") return mix(bgr, lut, 0.0722f, 0.7152f, 0.2126f);
  const auto strength = static_cast<float>(params.get("ir-strength")),
             glow = static_cast<float>(params.get("ir-glow")),
             sky_cut = static_cast<float>(params.get("ir-sky"));
  // The masks are smooth: a photo's colour is stored at half resolution in 8x8 blocks (JPEG's 4:2:0), and a
  // mask that followed it pixel by pixel would print those blocks on bark and stone near its thresholds.
  // Smooth as they are, they are made and blurred on the picture shrunk (by 2, or by 4 where the blur is
  // wide enough to hide the coarser grid: photos of many megapixels), then enlarged as each pixel reads them.
  const double sigma = std::max(1.5, 0.002 * std::hypot(bgr.cols, bgr.rows));
  const int shrink = bgr.cols < 64 || bgr.rows < 64 ? 1 : sigma >= 8 ? 4 : 2;
  cv::Mat small_display = bgr;
  if (shrink > 1)
    cv::resize(bgr, small_display, cv::Size(bgr.cols / shrink, bgr.rows / shrink), 0, 0, cv::INTER_AREA);
  const std::vector<float> root = per_level(lut, [](float v) { return std::sqrt(std::max(0.0f, v)); });
  // Two channels: foliage, clear sky.
  cv::Mat masks(small_display.size(), CV_32FC2);
  for_rows(small_display.rows, [&](int y0, int y1) {
    auto rows = [&](const auto* in, int y) {
      auto* m = masks.ptr<cv::Vec2f>(y);
      for (int x = 0; x < small_display.cols; ++x, in += 3) {
        const float b = root[in[0]], g = root[in[1]], r = root[in[2]];
        const Hsv c = hsv(b, g, r);
        m[x] = cv::Vec2f(foliage(c), sky(c, b, r));
      }
    };
    for (int y = y0; y < y1; ++y) {
      if (small_display.depth() == CV_8U)
        rows(small_display.ptr<uchar>(y), y);
      else
        rows(small_display.ptr<uint16_t>(y), y);
    }
  });
  cv::GaussianBlur(masks, masks, cv::Size(), sigma / shrink, 0, cv::BORDER_REFLECT);
  // Each pixel reads the small masks bilinearly (as cv::resize would enlarge them, pixel centres aligned):
  // each row's two mask rows blended once, then each pixel between its two columns.
  const std::vector<EnlargeTap> tx = enlarge_taps(bgr.cols, masks.cols),
                                ty = enlarge_taps(bgr.rows, masks.rows);
  // Foliage reflects about half the near infrared whatever its visible brightness: its brightest channel,
  // amplified and saturating softly (1 - e^(-glow m)), keeps the shading between sunlit and shaded leaves.
  // The curves are monotonic, so the brightest channel's code value gives it.
  const std::vector<float> leaf_glow = per_level(lut, [glow](float m) { return 1 - std::exp(-glow * m); });
  return per_row(bgr, [&](int y, const auto* in, float* out) {
    thread_local std::vector<cv::Vec2f> row;
    row.resize(static_cast<size_t>(masks.cols));
    const EnlargeTap& r = ty[static_cast<size_t>(y)];
    const auto* m0 = masks.ptr<cv::Vec2f>(r.a);
    const auto* m1 = masks.ptr<cv::Vec2f>(r.b);
    for (int x = 0; x < masks.cols; ++x) row[static_cast<size_t>(x)] = m0[x] + r.w * (m1[x] - m0[x]);
    for (int x = 0; x < bgr.cols; ++x, in += 3) {
      const EnlargeTap& c = tx[static_cast<size_t>(x)];
      const cv::Vec2f& ma = row[static_cast<size_t>(c.a)];
      const cv::Vec2f& mb = row[static_cast<size_t>(c.b)];
      const float f = ma[0] + c.w * (mb[0] - ma[0]), sk = ma[1] + c.w * (mb[1] - ma[1]);
      const float b = lut[in[0]], g = lut[in[1]], rd = lut[in[2]];
      const float pan = 0.2126f * rd + 0.7152f * g + 0.0722f * b;
      // The infrared-like mix: neutral greys (clouds) keep their value, reds gain, blues lose.
      const float base = std::max(0.0f, 0.50f * rd + 0.60f * g - 0.10f * b);
      const float leaf = leaf_glow[std::max({in[0], in[1], in[2]})];
      const float ir = (base + f * std::max(0.0f, leaf - base)) * (1 - sky_cut * sk);
      out[x] = (1 - strength) * pan + strength * ir;
    }
  });
}

}  // namespace cranes::look
