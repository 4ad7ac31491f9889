// SPDX-License-Identifier: MIT
// Google Benchmark: still-picture geometry (analysis/line_geometry) on a real photo, building.jpg from
// opencv-doc or the picture given by CRANES_BENCH_IMAGE. The cost is LSD at the working width plus the
// vanishing-point vote.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>

#include "cranes/analysis/line_geometry.hpp"

namespace {

void BM_MeasureLines(benchmark::State& state) {
  const char* env = std::getenv("CRANES_BENCH_IMAGE");
  const std::string path = env ? env : "/usr/share/doc/opencv-doc/examples/data/building.jpg";
  const cv::Mat grey = cv::imread(path, cv::IMREAD_GRAYSCALE);
  if (grey.empty()) {
    state.SkipWithError("no input picture");
    return;
  }
  // The pass runs analyzers on one thread beside the decoder.
  cv::setNumThreads(1);
  for (auto _ : state) benchmark::DoNotOptimize(cranes::analysis::measure_lines(grey));
  state.SetLabel(std::to_string(grey.cols) + "x" + std::to_string(grey.rows));
}

}  // namespace

BENCHMARK(BM_MeasureLines)->Unit(benchmark::kMillisecond)->UseRealTime();
