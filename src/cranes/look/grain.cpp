// SPDX-License-Identifier: MIT
// Film grain on the print: Gaussian noise, blurred to the size of the grain clumps and normalised to unit
// deviation, then added to the display-encoded picture with a strength that peaks in the midtones and fades
// toward black and white, where the emulsion is either empty or saturated (the midtone-peaked curve of
// digiKam's and darktable's grain). The clumps are a fixed size on the film, so the smaller 16 mm frame
// shows them about 2.3 times larger on the same picture than 35 mm does (a 7.5 mm frame height against
// 18 mm). The noise comes from OpenCV's RNG seeded by the caller: the same seed gives the same grain.
#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <string_view>

#include "cranes/look/operations.hpp"

namespace cranes::look {

namespace {

constexpr std::array<std::string_view, 2> kFormats = {"35mm", "16mm"};
constexpr ParamSpec kParams[] = {
    {"grain", "The grain's standard deviation in the midtones, as a share of the display range (0: none)", "",
     0.0, 0.0, 0.3},
    {"film", "The film format, which sets the grain's size on the picture: 35mm (fine) or 16mm (coarse)", "",
     0, 0, 1, ParamType::Choice, kFormats},
    {"grain-size", "A factor on the format's grain size", "", 1.0, 0.25, 4.0},
};

// The grain clumps' blur (Gaussian sigma) on a picture 1080 rows high, per format.
constexpr double kSigma35At1080 = 0.7;
constexpr double k16To35 = 18.0 / 7.5;

}  // namespace

std::span<const ParamSpec> grain_params() {
  return kParams;
}

namespace {

// Grain before its normalisation: white noise, or noise blurred into clumps, with the offset and the factor
// that make it zero-mean and of unit deviation ((noise - mean) * scale; 0 and 1 for white noise), so that the
// caller can fold them into its own pass.
struct RawGrain {
  cv::Mat noise;
  cv::Scalar mean{0, 0, 0, 0}, scale{1, 1, 1, 1};
};

RawGrain raw_grain(cv::Size size, int channels, double sigma, uint64_t seed) {
  CV_Assert(size.width >= 0 && size.height >= 0 && channels >= 1 && channels <= 4);
  // White noise, drawn in bands of rows each with its own generator (from the seed and the band's number), so
  // that the bands are drawn in parallel and the grain is the same whatever the number of threads.
  RawGrain g;
  g.noise.create(size, CV_32FC(channels));
  cv::Mat& noise = g.noise;
  if (noise.empty()) return g;
  constexpr int kBand = 64;
  const int bands = (noise.rows + kBand - 1) / kBand;
  cv::parallel_for_(cv::Range(0, bands), [&](const cv::Range& r) {
    for (int band = r.start; band < r.end; ++band) {
      cv::RNG rng(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL +
                  static_cast<uint64_t>(band) * 0xD1B54A32D192ED03ULL);
      const int y0 = band * kBand, y1 = std::min(noise.rows, y0 + kBand);
      cv::Mat rows = noise.rowRange(y0, y1);
      rng.fill(rows, cv::RNG::NORMAL, 0.0, 1.0);
    }
  });
  if (sigma >= kMinGrainSigma) {
    // The kernel reaches 3 sigma each side (OpenCV's default for float reaches 4: a quarter more work for
    // taps under 1 % of the centre's).
    const int ksize = 2 * static_cast<int>(std::ceil(3 * sigma)) + 1;
    cv::GaussianBlur(noise, noise, cv::Size(ksize, ksize), sigma, 0, cv::BORDER_REFLECT);
    // Blurring lowers the deviation; measuring it is exact where a formula for the discrete kernel is not.
    cv::Scalar dev;
    cv::meanStdDev(noise, g.mean, dev);
    for (int c = 0; c < 4; ++c) g.scale[c] = 1.0 / std::max(1e-9, dev[c]);
  }
  return g;
}

}  // namespace

cv::Mat grain_field(cv::Size size, int channels, double sigma, uint64_t seed) {
  RawGrain g = raw_grain(size, channels, sigma, seed);
  if (g.scale != cv::Scalar(1, 1, 1, 1) || g.mean != cv::Scalar(0, 0, 0, 0)) {
    cv::subtract(g.noise, g.mean, g.noise);
    cv::multiply(g.noise, g.scale, g.noise);
  }
  return g.noise;
}

void apply_grain(cv::Mat& display_grey, const ParamSet& params, uint64_t seed) {
  CV_Assert(display_grey.type() == CV_32FC1);
  const double sd = params.get("grain");
  if (sd <= 0 || display_grey.empty()) return;
  const double format = params.get_choice("film") == "16mm" ? k16To35 : 1.0;
  const double sigma = kSigma35At1080 * format * params.get("grain-size") * display_grey.rows / 1080.0;
  const RawGrain g = raw_grain(display_grey.size(), 1, sigma, seed);
  // The normalisation folded in: unit grain (n - mean) * scale, times the midtone-peaked strength.
  const auto mean = static_cast<float>(g.mean[0]), k = static_cast<float>(4.0 * sd * g.scale[0]);
  for_rows(display_grey.rows, [&](int y0, int y1) {
    for (int y = y0; y < y1; ++y) {
      float* p = display_grey.ptr<float>(y);
      const float* n = g.noise.ptr<float>(y);
      for (int x = 0; x < display_grey.cols; ++x) {
        const float v = std::clamp(p[x], 0.0f, 1.0f);
        p[x] = v + k * v * (1.0f - v) * (n[x] - mean);
      }
    }
  });
}

}  // namespace cranes::look
