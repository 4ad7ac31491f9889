// SPDX-License-Identifier: MIT
// Halation: light that crosses the emulsion, reflects off the back of the film base and exposes the emulsion
// again around bright areas. Stocks with an anti-halation backing show little of it; infrared film had none,
// so its highlights glow. The common model (Dehancer, the Unity filmic shaders, digiKam's infrared filter):
// the light above a threshold, blurred wide, added back. Black and white needs no tint.
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

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
  const double t = params.get("halation-threshold");
  cv::Mat light;
  cv::subtract(linear_grey, cv::Scalar(t), light);
  light = cv::max(light, 0.0);
  const double diagonal = std::hypot(linear_grey.cols, linear_grey.rows);
  const double sigma = params.get("halation-radius") / 100.0 * diagonal;
  // A wide blur costs as much as its kernel; on a picture shrunk so that sigma is 4 px it looks the same, as
  // the glow has no detail finer than its own reach.
  const double shrink = std::max(1.0, sigma / 4.0);
  cv::Mat small;
  cv::Size small_size(std::max(1, static_cast<int>(std::lround(linear_grey.cols / shrink))),
                      std::max(1, static_cast<int>(std::lround(linear_grey.rows / shrink))));
  cv::resize(light, small, small_size, 0, 0, cv::INTER_AREA);
  cv::GaussianBlur(small, small, cv::Size(), sigma / shrink, 0, cv::BORDER_REFLECT);
  cv::Mat glow;
  cv::resize(small, glow, linear_grey.size(), 0, 0, cv::INTER_LINEAR);
  cv::scaleAdd(glow, strength / std::max(1e-6, 1 - t) * 0.5, linear_grey, linear_grey);
}

}  // namespace cranes::look
