// SPDX-License-Identifier: MIT
// The film's characteristic curve, after darktable's sigmoid module (src/iop/sigmoid.c): a log-logistic curve
// y = A x^c / (x^c + k) of linear light, which is a straight line of slope c in log exposure around middle
// grey (the film's gamma) and rolls off smoothly into a toe below and a shoulder above. darktable solves k
// and A for a scene-referred white far above 1; a photo's white is 1, so here they are solved to keep middle
// the pivot on itself and white on white, which makes contrast 1 the identity. The pivot is middle grey
// (0.1845) for a well-exposed picture; by default it is the picture's own log-average brightness (within
// 0.03..0.1845), as a cinematographer exposes for the scene, so that a dark forest gains contrast around its
// own tones instead of sinking into black. The toe and the shoulder change the slope on their own side of the
// pivot; the result is scaled between the print's black and white points. Urusevsky's prints want a
// contrast of about 2 to 2.5, where darktable's default is 1.5.
#include <algorithm>
#include <cmath>
#include <vector>

#include "cranes/look/operations.hpp"

namespace cranes::look {

namespace {

constexpr double kGrey = 0.1845;
constexpr ParamSpec kParams[] = {
    {"contrast", "The curve's slope in log exposure at the pivot (the film's gamma; 1: as shot)", "", 1.0,
     1.0, 4.0},
    {"black", "The print's black point: the darkest value, in linear light (0: true black)", "", 0.0, 0.0,
     0.3},
    {"white", "The print's white point: the brightest value, in linear light", "", 1.0, 0.5, 1.0},
    {"toe", "How much harder the shadows fall to black than the midtones (0: the same slope)", "", 0.0, -0.9,
     1.0},
    {"shoulder", "How much softer the highlights roll into white than the midtones (0: the same slope)", "",
     0.0, -0.5, 0.9},
    {"pivot",
     "The linear brightness the contrast turns about (0.1845: middle grey; 0: the picture's own log-average)",
     "", 0.0, 0.0, 0.5},
};

constexpr double kAutoLow = 0.03;

double branch(double x, double c, double g) {
  // A slope of 1 or less needs no roll-off (and the two conditions have no solution with k > 0): linear.
  if (c <= 1.0001) return x;
  // pivot -> pivot and 1 -> 1: A = 1 + k and k = g^c (g - 1) / (g^c - g).
  const double gc = std::pow(g, c), k = gc * (g - 1) / (gc - g);
  const double xc = std::pow(x, c);
  return (1 + k) * xc / (xc + k);
}

}  // namespace

std::span<const ParamSpec> tone_params() {
  return kParams;
}

double tone_pivot(const cv::Mat& linear_grey, const ParamSet& params) {
  if (params.get("pivot") > 0) return params.get("pivot");
  if (linear_grey.empty()) return kGrey;
  CV_Assert(linear_grey.type() == CV_32FC1);
  // The log-average over about a million pixels at most, every `step`-th row and column of a bigger picture:
  // a statistic of the whole scene, the same to a thousandth with a sixteenth of a 24-megapixel photo.
  const int step = std::max(1, static_cast<int>(std::sqrt(static_cast<double>(linear_grey.total()) / 1e6)));
  const int rows = (linear_grey.rows + step - 1) / step;
  std::vector<double> sums(static_cast<size_t>(rows));
  for_rows(rows, [&](int r0, int r1) {
    for (int r = r0; r < r1; ++r) {
      const float* p = linear_grey.ptr<float>(r * step);
      double sum = 0;
      for (int x = 0; x < linear_grey.cols; x += step) sum += std::log(std::max(p[x], 1e-4f));
      sums[static_cast<size_t>(r)] = sum;
    }
  });
  double total = 0;
  for (double v : sums) total += v;  // in row order: the same whatever the threads
  const double count = static_cast<double>(rows) * ((linear_grey.cols + step - 1) / step);
  return std::clamp(std::exp(total / count), kAutoLow, kGrey);
}

double tone_curve(double x, const ParamSet& params, double pivot) {
  const double c = params.get("contrast");
  const double black = params.get("black"), white = params.get("white");
  x = std::max(0.0, x);
  const double y = x < pivot ? branch(x, c * (1 + params.get("toe")), pivot)
                             : branch(x, c * (1 - params.get("shoulder")), pivot);
  return black + (white - black) * y;
}

void apply_tone(cv::Mat& linear_grey, const ParamSet& params) {
  CV_Assert(linear_grey.type() == CV_32FC1);
  const double pivot = tone_pivot(linear_grey, params);
  // Tabulated over 0..2 of linear light (CurveTable: dense in the shadows, interpolated).
  const CurveTable curve([&](double x) { return tone_curve(x, params, pivot); }, 2.0);
  for_rows(linear_grey.rows, [&](int y0, int y1) {
    for (int y = y0; y < y1; ++y) {
      float* p = linear_grey.ptr<float>(y);
      for (int x = 0; x < linear_grey.cols; ++x) p[x] = curve(p[x]);
    }
  });
}

}  // namespace cranes::look
