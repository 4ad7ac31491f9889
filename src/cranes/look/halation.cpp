// SPDX-License-Identifier: MIT
// Halation: light that crosses the emulsion, reflects off the back of the film base and exposes the emulsion
// again around bright areas. Stocks with an anti-halation backing show little of it; infrared film had none,
// so its highlights glow. The common model (Dehancer, the Unity filmic shaders, digiKam's infrared filter):
// the light above a threshold, blurred wide, added back. Black and white needs no tint.
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "cranes/look/operations.hpp"

namespace cranes::look {

namespace {

constexpr ParamSpec kParams[] = {
    {"halation", "How much of the highlights' light spreads around them (0: none)", "", 0.0, 0.0, 3.0},
    {"halation-threshold", "The brightness (linear, after the curve) above which light spreads", "", 0.6,
     0.05, 1.0},
    {"halation-radius", "The glow's reach: its Gaussian sigma as a share of the picture's diagonal", "%", 1.5,
     0.1, 10.0},
};

}  // namespace

std::span<const ParamSpec> halation_params() {
  return kParams;
}

void apply_halation(cv::Mat& linear_grey, const ParamSet& params) {
  CV_Assert(linear_grey.type() == CV_32FC1);
  const double strength = params.get("halation");
  if (strength <= 0 || linear_grey.empty()) return;
  const float t = static_cast<float>(params.get("halation-threshold"));
  const double diagonal = std::hypot(linear_grey.cols, linear_grey.rows);
  const double sigma = params.get("halation-radius") / 100.0 * diagonal;
  // A wide blur costs as much as its kernel; on a picture shrunk so that sigma is about 4 px it looks the
  // same, as the glow has no detail finer than its own reach. The light above the threshold is averaged over
  // blocks of `block` x `block` pixels as it is read (no full-size copy), blurred small, and each pixel adds
  // the small glow enlarged bilinearly.
  const int block = std::max(1, static_cast<int>(sigma / 4.0));
  const int small_w = (linear_grey.cols + block - 1) / block,
            small_h = (linear_grey.rows + block - 1) / block;
  cv::Mat small(small_h, small_w, CV_32FC1);
  for_rows(small_h, [&](int j0, int j1) {
    std::vector<double> sum(static_cast<size_t>(small_w));
    for (int j = j0; j < j1; ++j) {
      std::fill(sum.begin(), sum.end(), 0.0);
      const int y0 = j * block, y1 = std::min(linear_grey.rows, y0 + block);
      for (int y = y0; y < y1; ++y) {
        const float* p = linear_grey.ptr<float>(y);
        for (int i = 0; i < small_w; ++i) {
          const int x0 = i * block, x1 = std::min(linear_grey.cols, x0 + block);
          float s = 0;
          for (int x = x0; x < x1; ++x) s += std::max(0.0f, p[x] - t);
          sum[static_cast<size_t>(i)] += s;
        }
      }
      float* out = small.ptr<float>(j);
      for (int i = 0; i < small_w; ++i) {
        const int w = std::min(linear_grey.cols, (i + 1) * block) - i * block;
        out[i] = static_cast<float>(sum[static_cast<size_t>(i)] / (static_cast<double>(w) * (y1 - y0)));
      }
    }
  });
  cv::GaussianBlur(small, small, cv::Size(), sigma / block, 0, cv::BORDER_REFLECT);
  const auto gain = static_cast<float>(strength / std::max(1e-6, 1.0 - t) * 0.5);
  const std::vector<EnlargeTap> tx = enlarge_taps(linear_grey.cols, small_w),
                                ty = enlarge_taps(linear_grey.rows, small_h);
  for_rows(linear_grey.rows, [&](int y0, int y1) {
    std::vector<float> row(static_cast<size_t>(small_w));
    for (int y = y0; y < y1; ++y) {
      const EnlargeTap& r = ty[static_cast<size_t>(y)];
      const float* s0 = small.ptr<float>(r.a);
      const float* s1 = small.ptr<float>(r.b);
      for (int i = 0; i < small_w; ++i) row[static_cast<size_t>(i)] = gain * (s0[i] + r.w * (s1[i] - s0[i]));
      float* p = linear_grey.ptr<float>(y);
      for (int x = 0; x < linear_grey.cols; ++x) {
        const EnlargeTap& c = tx[static_cast<size_t>(x)];
        const float a = row[static_cast<size_t>(c.a)], b = row[static_cast<size_t>(c.b)];
        p[x] += a + c.w * (b - a);
      }
    }
  });
}

}  // namespace cranes::look
