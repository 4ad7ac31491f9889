// SPDX-License-Identifier: MIT
// Google Benchmark: the motion tracker (analysis/motion_tracker) on the 320-px grey proxy of a real photo
// (a plasma wallpaper) under a steady pan and under a fast spin (12 degrees a frame, beyond what the corner
// tracker follows, so descriptors carry it). Time per frame pair; decoding is not included.
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "cranes/analysis/motion_tracker.hpp"

namespace {

// `n` frames of 320x180 seen by a camera that shifts `dx` px and turns `deg` a frame about the picture
// centre.
std::vector<cv::Mat> frames(int n, double dx, double deg) {
  const cv::Mat photo =
      cv::imread("/usr/share/wallpapers/Autumn/contents/images/1920x1080.jpg", cv::IMREAD_GRAYSCALE);
  std::vector<cv::Mat> out;
  if (photo.empty()) return out;
  cv::Mat small;
  cv::resize(photo, small, cv::Size(640, 360), 0, 0, cv::INTER_AREA);
  for (int i = 0; i < n; ++i) {
    cv::Matx23d m = cv::getRotationMatrix2D(cv::Point2f(320, 180), deg * i, 1.0);
    m(0, 2) += -160 - dx * i;
    m(1, 2) += -90;
    cv::Mat f;
    cv::warpAffine(small, f, m, cv::Size(320, 180), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    out.push_back(f);
  }
  return out;
}

void run(benchmark::State& state, double dx, double deg) {
  const std::vector<cv::Mat> seq = frames(48, dx, deg);
  if (seq.empty()) {
    state.SkipWithError("no wallpaper (plasma-workspace-wallpapers)");
    return;
  }
  cv::setNumThreads(1);  // as in the pass
  cranes::analysis::MotionTracker tracker;
  // Forth and back: the camera reverses every 47 frames (one surprise for the motion prediction), never
  // jumps.
  const size_t n = seq.size(), period = 2 * (n - 1);
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ % period;
    benchmark::DoNotOptimize(tracker.track(seq[k < n ? k : period - k]));
  }
}

void BM_TrackPan(benchmark::State& state) {
  run(state, 2.0, 0.0);
}
void BM_TrackSpin(benchmark::State& state) {
  run(state, 0.0, 12.0);
}

}  // namespace

BENCHMARK(BM_TrackPan)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TrackSpin)->Unit(benchmark::kMicrosecond);
