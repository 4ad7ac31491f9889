// SPDX-License-Identifier: MIT
// Google Benchmark: one ActivePicture::add on 1080p luma and one ScaleDetector::observe on a 1280x720 picture
// (a landscape, the slow case: no face, so HOG runs too; and a close-up, where the frontal cascade decides).
#include <benchmark/benchmark.h>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/analysis/active_picture.hpp"
#include "cranes/analysis/shot_scale.hpp"

namespace {

cv::Mat picture(cv::Size size) {
  cv::Mat m = cv::imread("/usr/share/wallpapers/Path/contents/images/1920x1080.jpg", cv::IMREAD_GRAYSCALE);
  if (m.empty()) {
    m.create(size, CV_8UC1);
    cv::randu(m, 0, 255);
  }
  cv::resize(m, m, size, 0, 0, cv::INTER_AREA);
  return m;
}

void BM_ActivePictureAdd1080p(benchmark::State& state) {
  cv::Mat f = picture({1920, 1080});
  f(cv::Rect(0, 0, 1920, 138)).setTo(0);
  f(cv::Rect(0, 941, 1920, 139)).setTo(0);
  cranes::analysis::ActivePicture ap;
  for (auto _ : state) ap.add(f);
  benchmark::DoNotOptimize(ap.current());
}
BENCHMARK(BM_ActivePictureAdd1080p)->Unit(benchmark::kMicrosecond);

void observe(benchmark::State& state, const cv::Mat& pic) {
  cv::setNumThreads(1);
  const cranes::analysis::ScaleDetector d;
  for (auto _ : state) benchmark::DoNotOptimize(d.observe(pic));
}

void BM_ScaleObserveLandscape720p(benchmark::State& state) {
  observe(state, picture({1280, 720}));
}
BENCHMARK(BM_ScaleObserveLandscape720p)->Unit(benchmark::kMillisecond);

void BM_ScaleObserveCloseUp720p(benchmark::State& state) {
  cv::Mat pic = picture({1280, 720});
  const cv::Mat face =
      cv::imread("/usr/share/doc/opencv-doc/opencv4/html/face_swapped.jpg", cv::IMREAD_GRAYSCALE);
  if (!face.empty()) {
    cv::Mat big;
    cv::resize(face, big, {560, 560});  // face box about 0.32 of the height: CU
    big.copyTo(pic(cv::Rect(360, 80, 560, 560)));
  }
  observe(state, pic);
}
BENCHMARK(BM_ScaleObserveCloseUp720p)->Unit(benchmark::kMillisecond);

}  // namespace
