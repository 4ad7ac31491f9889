// SPDX-License-Identifier: MIT
// Google Benchmark: encoding one still (a real 1920x1080 photo) as AVIF (colour 4:2:0 and black-and-white
// 4:0:0, at the stills' default quality and speed), JPEG and PNG. Twenty stills must be written in a second.
// And the look on one picture, rendering alone (decoding and encoding are timed by the command,
// bench/look_photo.sh): a 24-megapixel picture (6000x4000, the photo enlarged) through every operation of the
// `cuba` preset (infrared, curve, halation, grain, lens, 4:3, vignette) on all cores, and a 1080p frame, the
// unit of a film's rendering.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/film/still_files.hpp"
#include "cranes/look/look.hpp"
#include "cranes/media/image_file.hpp"

namespace {

cv::Mat photo(cv::Size size = {1920, 1080}) {
  cv::Mat m = cv::imread("/usr/share/wallpapers/Path/contents/images/1920x1080.jpg", cv::IMREAD_COLOR);
  if (m.empty()) {
    m.create(1080, 1920, CV_8UC3);
    cv::randu(m, 0, 255);
  }
  cv::resize(m, m, size, 0, 0, cv::INTER_AREA);
  return m;
}

void encode(benchmark::State& state, cranes::media::ImageFormat format, bool mono,
            cv::Size size = {1920, 1080}) {
  const cv::Mat p = photo(size);
  cranes::media::ImageWriteOptions o;
  o.monochrome = mono;
  size_t bytes = 0;
  for (auto _ : state) bytes = cranes::media::encode_image(p, format, o).size();
  state.counters["bytes"] = static_cast<double>(bytes);
}

void BM_EncodeAvif1080p(benchmark::State& s) {
  encode(s, cranes::media::ImageFormat::Avif, false);
}
void BM_EncodeAvif720p(benchmark::State& s) {
  encode(s, cranes::media::ImageFormat::Avif, false, {1280, 720});
}
void BM_EncodeAvifMono1080p(benchmark::State& s) {
  encode(s, cranes::media::ImageFormat::Avif, true);
}
void BM_EncodeJpeg1080p(benchmark::State& s) {
  encode(s, cranes::media::ImageFormat::Jpeg, false);
}
void BM_EncodePng1080p(benchmark::State& s) {
  encode(s, cranes::media::ImageFormat::Png, false);
}
BENCHMARK(BM_EncodeAvif1080p)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EncodeAvif720p)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EncodeAvifMono1080p)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EncodeJpeg1080p)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EncodePng1080p)->Unit(benchmark::kMillisecond)->UseRealTime();

// Twenty 1080p stills written as a command writes them: scaled, checked for black and white, encoded two at a
// time while the next is prepared.
void BM_WriteTwentyStills1080p(benchmark::State& state) {
  const cv::Mat p = photo();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "cranes-bench-stills";
  std::filesystem::create_directories(dir);
  for (auto _ : state) {
    cranes::film::StillWriter writer(dir, "bench", {});
    for (int i = 0; i < 20; ++i) writer.write(p, i);
    writer.finish();
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_WriteTwentyStills1080p)->Unit(benchmark::kMillisecond)->UseRealTime();

void render_look(benchmark::State& state, cv::Size size) {
  cv::setNumThreads(-1);  // as `cranes look` runs it
  const cv::Mat p = photo(size);
  cranes::look::Renderer renderer(cranes::look::load_preset("cuba").params);
  uint64_t seed = 1;
  for (auto _ : state) benchmark::DoNotOptimize(renderer.render(p, seed++));
  state.counters["megapixels"] = static_cast<double>(size.area()) / 1e6;
}
void BM_LookCuba24MP(benchmark::State& state) {
  render_look(state, {6000, 4000});
}
void BM_LookCuba1080p(benchmark::State& state) {
  render_look(state, {1920, 1080});
}
BENCHMARK(BM_LookCuba24MP)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(BM_LookCuba1080p)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
