// SPDX-License-Identifier: MIT
// Google Benchmark: the look on one big photo, rendering alone (decoding and encoding are timed by the
// command, bench/look_photo.sh): a 24-megapixel picture (6000x4000, a real photo enlarged) through every
// operation of the `cuba` preset (infrared, curve, halation, grain, lens, 4:3, vignette) on all cores, and a
// 1080p frame, the unit of a film's rendering.
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/look/look.hpp"

namespace {

cv::Mat photo(cv::Size size) {
  cv::Mat m = cv::imread("/usr/share/wallpapers/Path/contents/images/2560x1600.jpg", cv::IMREAD_COLOR);
  if (m.empty()) {
    m.create(1600, 2560, CV_8UC3);
    cv::randu(m, 0, 255);
  }
  cv::resize(m, m, size, 0, 0, cv::INTER_CUBIC);
  return m;
}

void render(benchmark::State& state, cv::Size size) {
  cv::setNumThreads(-1);  // as `cranes look` runs it
  const cv::Mat p = photo(size);
  cranes::look::Renderer renderer(cranes::look::load_preset("cuba").params);
  uint64_t seed = 1;
  for (auto _ : state) benchmark::DoNotOptimize(renderer.render(p, seed++));
  state.counters["megapixels"] = static_cast<double>(size.area()) / 1e6;
}

void BM_LookCuba24MP(benchmark::State& state) {
  render(state, {6000, 4000});
}
void BM_LookCuba1080p(benchmark::State& state) {
  render(state, {1920, 1080});
}
BENCHMARK(BM_LookCuba24MP)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(BM_LookCuba1080p)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
