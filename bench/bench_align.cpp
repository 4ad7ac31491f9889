// SPDX-License-Identifier: MIT
// Google Benchmark: the frame-pair alignment estimators (analysis/global_motion) that the boundary analyzer
// falls back on when a pair does not match as it stands, on 320x180 grey proxies of real photos (plasma
// wallpapers): a pair turned by 6 degrees and shifted (the camera moved: the estimators succeed) and a pair
// of two different photos (a cut: they fail, which is what they do on every hard cut of a film). The shift by
// phase correlation runs on the 128-px float thumbnails the boundary analyzer gives it.
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "cranes/analysis/global_motion.hpp"
#include "cranes/synth/views.hpp"

namespace {

cv::Mat proxy(const char* wallpaper, double deg, double dx) {
  const cv::Mat photo =
      cv::imread(std::string("/usr/share/wallpapers/") + wallpaper + "/contents/images/1920x1080.jpg",
                 cv::IMREAD_GRAYSCALE);
  return photo.empty() ? photo : cranes::synth::turned_window(photo, cv::Size(320, 180), deg, dx);
}

cv::Mat same(const cv::Mat& m) {
  return m;
}

// The boundary analyzer shifts its 128-px float thumbnails, not the proxies.
cv::Mat thumbnail(const cv::Mat& m) {
  cv::Mat small;
  cv::resize(m, small, cv::Size(128, 72), 0, 0, cv::INTER_AREA);
  small.convertTo(small, CV_32F);
  return small;
}

template <typename Estimate>
void run(benchmark::State& state, const char* second, double deg, Estimate estimate,
         cv::Mat (*prepare)(const cv::Mat&) = same) {
  const cv::Mat pa = proxy("Autumn", 0, 0), pb = proxy(second, deg, 4.0);
  if (pa.empty() || pb.empty()) {
    state.SkipWithError("no wallpaper (plasma-workspace-wallpapers)");
    return;
  }
  const cv::Mat a = prepare(pa), b = prepare(pb);
  cv::setNumThreads(1);  // as in the pass
  bool ok = false;
  for (auto _ : state) {
    const cranes::analysis::Similarity s = estimate(a, b);
    ok = s.ok;
    benchmark::DoNotOptimize(s);
  }
  state.counters["found"] = ok ? 1 : 0;
}

void BM_TrackerTurn(benchmark::State& s) {
  run(s, "Autumn", 6.0,
      [](const cv::Mat& a, const cv::Mat& b) { return cranes::analysis::estimate_similarity(a, b); });
}
void BM_TrackerCut(benchmark::State& s) {
  run(s, "Path", 0.0,
      [](const cv::Mat& a, const cv::Mat& b) { return cranes::analysis::estimate_similarity(a, b); });
}
void BM_DescriptorsTurn(benchmark::State& s) {
  run(s, "Autumn", 6.0, [](const cv::Mat& a, const cv::Mat& b) {
    return cranes::analysis::estimate_similarity_features(a, b);
  });
}
void BM_DescriptorsCut(benchmark::State& s) {
  run(s, "Path", 0.0, [](const cv::Mat& a, const cv::Mat& b) {
    return cranes::analysis::estimate_similarity_features(a, b);
  });
}
// The return test's case: the frame before a cut is tracked from again and again, so its contrast stretch,
// pyramid and corners are kept (PreparedFrame); only the later frame is new each time.
template <typename Estimate>
void from_prepared(benchmark::State& s, Estimate estimate) {
  std::optional<cranes::analysis::PreparedFrame> before;
  run(s, "Path", 0.0, [&](const cv::Mat& a, const cv::Mat& b) {
    if (!before) before.emplace(a);
    cranes::analysis::PreparedFrame later(b);
    return estimate(*before, later);
  });
}
void BM_TrackerCutFromPrepared(benchmark::State& s) {
  from_prepared(s, [](auto& a, auto& b) { return cranes::analysis::estimate_similarity(a, b); });
}
void BM_DescriptorsCutFromPrepared(benchmark::State& s) {
  from_prepared(s, [](auto& a, auto& b) { return cranes::analysis::estimate_similarity_features(a, b); });
}
void BM_ShiftCut(benchmark::State& s) {
  run(
      s, "Path", 0.0,
      [](const cv::Mat& a, const cv::Mat& b) { return cranes::analysis::estimate_translation(a, b); },
      thumbnail);
}

}  // namespace

BENCHMARK(BM_TrackerTurn)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TrackerCut)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DescriptorsTurn)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DescriptorsCut)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TrackerCutFromPrepared)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DescriptorsCutFromPrepared)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ShiftCut)->Unit(benchmark::kMicrosecond);
