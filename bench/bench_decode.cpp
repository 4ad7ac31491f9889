// SPDX-License-Identifier: MIT
// Google Benchmark: FrameSource decoding with and without proxies, on a clip given by CRANES_BENCH_FILE or a
// 720p H.264 clip generated once with ffmpeg's test source. Whole-command timings are in decode_ratio.sh.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "cranes/media/frame_source.hpp"

namespace {

std::string bench_file() {
  if (const char* f = std::getenv("CRANES_BENCH_FILE")) return f;
  const std::string path = (std::filesystem::temp_directory_path() / "cranes_bench_720p.mp4").string();
  if (!std::filesystem::exists(path)) {
    const std::string cmd =
        "ffmpeg -v error -y -f lavfi -i testsrc2=s=1280x720:r=25:d=8 -c:v libx264 -preset veryfast "
        "-crf 20 -pix_fmt yuv420p " +
        path;
    if (std::system(cmd.c_str()) != 0) return {};
  }
  return path;
}

void decode(benchmark::State& state, cranes::media::FrameSourceOptions opts) {
  const std::string file = bench_file();
  if (file.empty()) {
    state.SkipWithError("no input clip");
    return;
  }
  int64_t frames = 0;
  for (auto _ : state) {
    cranes::media::FrameSource src(file, opts);
    cranes::media::Frame f;
    while (src.next(f)) ++frames;
  }
  state.counters["fps"] = benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsRate);
}

void BM_DecodeOnly(benchmark::State& state) {
  decode(state, {.grey_width = 0, .colour_width = 0});
}
void BM_DecodeWithProxies(benchmark::State& state) {
  decode(state, {});
}
void BM_DecodeFullFrame(benchmark::State& state) {
  decode(state, {.full_frame = true});
}

}  // namespace

BENCHMARK(BM_DecodeOnly)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DecodeWithProxies)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DecodeFullFrame)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
