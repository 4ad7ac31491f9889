// SPDX-License-Identifier: MIT
// The picture's geometry: the wide-angle lens, the Dutch tilt and the frame, as one map for one cv::remap,
// computed once per picture size (a film's frames all share it). For each output pixel, taken from the
// centre of the output frame:
//  - lens: barrel distortion of the full frame, r_src = r (1 + k r^2) / (1 + k) with r normalised to the
//    half-diagonal: the centre is magnified and straight lines off the centre bow outward, as through the
//    9.8 mm Urusevsky used on I Am Cuba, while the corners map to the corners, so no border appears;
//  - tilt: the frame turned by the angle (positive: the picture's content turns counter-clockwise, as when
//    the camera rolls clockwise) and scaled by the least zoom that keeps the turned frame inside the source,
//    so no corner is empty;
//  - frame: the largest centred crop of the aspect ratio (4:3 exactly, 1.37 Academy, 1.66 European wide).
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string_view>
#include <vector>

#include "cranes/look/operations.hpp"

namespace cranes::look {

namespace {

constexpr std::array<std::string_view, 4> kFrames = {"full", "4:3", "1.37", "1.66"};
constexpr ParamSpec kParams[] = {
    {"lens",
     "Wide-angle barrel distortion: how much the centre swells (0: none; 0.5: a strong 9.8 mm look); the "
     "frame stays full",
     "", 0.0, 0.0, 1.0},
    {"tilt",
     "Dutch tilt: the picture turned by this angle (positive: its content counter-clockwise), cropped so "
     "that "
     "no corner is empty",
     "deg", 0.0, -45.0, 45.0},
    {"frame", "The frame's aspect ratio, cropped from the centre: full (as the source), 4:3, 1.37 or 1.66",
     "", 0, 0, 3, ParamType::Choice, kFrames},
    {"vignette", "How much the corners darken (0: none; 1: black)", "", 0.0, 0.0, 1.0},
};

cv::Size crop_to(cv::Size s, double aspect) {
  if (s.width > s.height * aspect)
    return {std::max(1, static_cast<int>(std::lround(s.height * aspect))), s.height};
  return {s.width, std::max(1, static_cast<int>(std::lround(s.width / aspect)))};
}

}  // namespace

std::span<const ParamSpec> geometry_params() {
  return kParams;
}

cv::Size framed_size(cv::Size source, const ParamSet& params) {
  const std::string_view frame = params.get_choice("frame");
  if (frame == "4:3") {
    // Exactly 4:3: the largest 4n x 3n inside the source.
    const int n = std::max(1, std::min(source.width / 4, source.height / 3));
    return {4 * n, 3 * n};
  }
  if (frame == "1.37") return crop_to(source, 1.37);
  if (frame == "1.66") return crop_to(source, 1.66);
  return source;
}

bool geometry_is_identity(cv::Size source, const ParamSet& params) {
  return params.get("lens") == 0 && params.get("tilt") == 0 && framed_size(source, params) == source;
}

cv::Mat geometry_map(cv::Size source, const ParamSet& params) {
  return geometry_map(source, params, 0, framed_size(source, params).height);
}

cv::Mat geometry_map(cv::Size source, const ParamSet& params, int first_row, int end_row) {
  const cv::Size out = framed_size(source, params);
  first_row = std::clamp(first_row, 0, out.height);
  end_row = std::clamp(end_row, first_row, out.height);
  const double k = params.get("lens");
  const double theta = params.get("tilt") * std::numbers::pi / 180.0;
  const double c = std::cos(theta), s = std::sin(theta);
  // Pixel centres run from 0 to size - 1: the spans below are between the outermost centres.
  const double ow = out.width - 1.0, oh = out.height - 1.0;
  const double sw = std::max(1.0, source.width - 1.0), sh = std::max(1.0, source.height - 1.0);
  const double zoom = std::max(
      {(ow * std::abs(c) + oh * std::abs(s)) / sw, (ow * std::abs(s) + oh * std::abs(c)) / sh, 1e-6});
  const double half_diagonal = std::max(0.5, std::hypot(ow, oh) / 2);
  const double ocx = ow / 2, ocy = oh / 2, scx = sw / 2, scy = sh / 2;
  cv::Mat map(end_row - first_row, out.width, CV_32FC2);
  // In float, which the remap reads anyway (to a thirty-second of a pixel), so the loop vectorises.
  const auto fk = static_cast<float>(k), norm = static_cast<float>(1 / (1 + k)),
             inv_hd2 = static_cast<float>(1 / (half_diagonal * half_diagonal));
  const auto fc = static_cast<float>(c / zoom), fs = static_cast<float>(s / zoom);
  const auto fscx = static_cast<float>(scx), fscy = static_cast<float>(scy), fsw = static_cast<float>(sw),
             fsh = static_cast<float>(sh), focx = static_cast<float>(ocx);
  for_rows(map.rows, [&](int y0, int y1) {
    for (int y = first_row + y0; y < first_row + y1; ++y) {
      float* m = map.ptr<float>(y - first_row);
      const auto v = static_cast<float>(y - ocy);
      for (int x = 0; x < out.width; ++x) {
        const float u = static_cast<float>(x) - focx;
        const float f = (1 + fk * (u * u + v * v) * inv_hd2) * norm;
        // Rounding may put the outermost sample a hair outside the source: clamped, it is the edge pixel.
        m[2 * x] = std::clamp(fscx + (fc * u - fs * v) * f, 0.0f, fsw);
        m[2 * x + 1] = std::clamp(fscy + (fs * u + fc * v) * f, 0.0f, fsh);
      }
    }
  });
  return map;
}

void apply_vignette(cv::Mat& picture, const ParamSet& params) {
  const double amount = params.get("vignette");
  if (amount <= 0 || picture.empty()) return;
  CV_Assert(picture.depth() == CV_32F);
  const int ch = picture.channels();
  const double cx = (picture.cols - 1) / 2.0, cy = (picture.rows - 1) / 2.0;
  const double hd2 = std::max(0.25, cx * cx + cy * cy);
  // Natural fall-off grows steeply toward the corners (cos^4 of the field angle): r^2.5 of the half-diagonal
  // keeps the centre untouched and the corners at 1 - amount; tabulated over r^2 (0..1, where the curve is
  // smooth enough for a linear table) and read through each column's share of r^2 and each row's.
  constexpr int kN = 4096;
  std::vector<float> falloff(kN + 2);
  for (int i = 0; i <= kN + 1; ++i)
    falloff[static_cast<size_t>(i)] =
        static_cast<float>(1 - amount * std::pow(std::min(1.0, i / double(kN)), 1.25));
  std::vector<float> dx2(static_cast<size_t>(picture.cols));
  for (int x = 0; x < picture.cols; ++x)
    dx2[static_cast<size_t>(x)] = static_cast<float>((x - cx) * (x - cx) / hd2 * kN);
  for_rows(picture.rows, [&](int y0, int y1) {
    for (int y = y0; y < y1; ++y) {
      float* p = picture.ptr<float>(y);
      const auto dy2 = static_cast<float>((y - cy) * (y - cy) / hd2 * kN);
      for (int x = 0; x < picture.cols; ++x) {
        const float t = std::min(static_cast<float>(kN), dx2[static_cast<size_t>(x)] + dy2);
        const int i = static_cast<int>(t);
        const float f = falloff[static_cast<size_t>(i)] +
                        (t - static_cast<float>(i)) *
                            (falloff[static_cast<size_t>(i) + 1] - falloff[static_cast<size_t>(i)]);
        if (ch == 1)
          p[x] *= f;
        else
          for (int c = 0; c < ch; ++c) p[x * ch + c] *= f;
      }
    }
  });
}

}  // namespace cranes::look
