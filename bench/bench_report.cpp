// SPDX-License-Identifier: MIT
// Google Benchmark: the HTML report of a generated 2,000-shot feature (a movement, a Dutch angle and a scale
// per shot, a roll track every tenth shot, no stills), with the report's size in bytes as a counter.
#include <benchmark/benchmark.h>

#include <random>

#include "cranes/film/stats.hpp"
#include "cranes/report/html_report.hpp"

namespace {

using cranes::film::MovementLabel;

cranes::film::Film feature(int shots) {
  std::mt19937 rng(7);
  std::lognormal_distribution<double> length(1.3, 0.7);  // a few seconds, with the odd long take
  const MovementLabel labels[] = {MovementLabel::Static, MovementLabel::PanRight, MovementLabel::TiltUp,
                                  MovementLabel::RollCw, MovementLabel::DollyIn,  MovementLabel::Shake};
  cranes::film::Film f;
  f.source.path = "/films/feature.mkv";
  f.source.codec = "h264";
  f.source.width = 1440;
  f.source.height = 1080;
  f.source.fps_nominal = f.source.fps_average = {24, 1};
  int64_t frame = 0;
  for (int i = 0; i < shots; ++i) {
    cranes::film::Shot s;
    s.index = i;
    s.start_frame = frame;
    s.end_frame = frame + std::max<int64_t>(6, static_cast<int64_t>(length(rng) * 24));
    s.start_s = s.start_frame / 24.0;
    s.end_s = s.end_frame / 24.0;
    s.length_s = s.end_s - s.start_s;
    frame = s.end_frame;
    if (i > 0) s.transition_in = cranes::film::TransitionType::Cut;
    if (i + 1 < shots) s.transition_out = cranes::film::TransitionType::Cut;
    cranes::film::Movement m;
    m.start_frame = s.start_frame;
    m.end_frame = s.end_frame;
    m.start_s = s.start_s;
    m.end_s = s.end_s;
    m.label = labels[rng() % 6];
    m.rate = 20;
    m.rate_unit = cranes::film::RateUnit::DegPerS;
    m.total = 20 * s.length_s;
    s.movements.push_back(m);
    s.dutch_deg = std::uniform_real_distribution<double>(-12, 12)(rng);
    if (i % 10 == 3)
      for (double t = s.start_s; t < s.end_s; t += 1) s.dutch_track.push_back({t, t * 40 - 180});
    s.scale = cranes::film::ScaleCall(static_cast<cranes::film::ShotScale>(rng() % 7));
    s.camera_angle = cranes::film::CameraAngle::Level;
    f.shots.push_back(std::move(s));
  }
  f.decode.frames = frame;
  f.decode.duration_s = frame / 24.0;
  f.stats = cranes::film::compute_stats(f.shots);
  return f;
}

void BM_HtmlReport2000Shots(benchmark::State& state) {
  const cranes::film::Film f = feature(2000);
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string html = cranes::report::html_report(f, {});
    bytes = html.size();
    benchmark::DoNotOptimize(html.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_HtmlReport2000Shots)->Unit(benchmark::kMillisecond);

}  // namespace
