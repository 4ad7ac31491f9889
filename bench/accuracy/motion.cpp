// SPDX-License-Identifier: MIT
// Camera-movement accuracy on synthetic footage with an exact camera: renders the movement scenarios (colour,
// and black and white with grain), analyses them, and prints one Markdown row per truth segment (label, rate,
// what was measured) and the totals: label accuracy per segment, worst rate error, the 360-degree roll.
// Usage: cranes_motion [OUT_DIR] [--grey] [--noise SD] [--fov DEG] (the virtual camera's field of view)
// [--assumed-fov] (read degrees under the assumed 60 deg, not the measured lens)
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <opencv2/core/utility.hpp>
#include <string>

#include "cranes/analysis/analyze.hpp"
#include "cranes/synth/score.hpp"

namespace fs = std::filesystem;
using namespace cranes;

int main(int argc, char** argv) {
  cv::setNumThreads(1);  // as the cranes program runs the pass
  fs::path dir = fs::temp_directory_path() / "cranes-motion";
  bool lens_auto = true;
  synth::SynthOptions so;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--grey")
      so.grey = true;
    else if (a == "--noise" && i + 1 < argc)
      so.noise = std::stod(argv[++i]);
    else if (a == "--fov" && i + 1 < argc)
      so.fov_deg = std::stod(argv[++i]);
    else if (a == "--assumed-fov")
      lens_auto = false;
    else if (a.starts_with("-")) {
      std::fprintf(stderr,
                   "usage: cranes_motion [OUT_DIR] [--grey] [--noise SD] [--fov DEG] [--assumed-fov]\n");
      return a == "-h" || a == "--help" ? 0 : 2;
    } else
      dir = a;
  }
  fs::create_directories(dir);
  int segments = 0, correct = 0;
  std::string lenses, per_scenario;
  double worst = 0;
  int64_t frames = 0, frames_right = 0;
  std::printf(
      "| scenario | frames | truth | truth rate | measured | measured rate | ok | rate error "
      "|\n|---|---|---|---|---|---|---|---|\n");
  for (const char* scenario : {"moves", "pan", "tilt", "spin", "zoom", "dolly", "truck", "arc", "shake",
                               "static", "handheld", "whip_pan", "whip_handheld", "demo"}) {
    const fs::path video = dir / (std::string(scenario) + ".mp4");
    const synth::GroundTruth truth = synth::render(scenario, so, video);
    analysis::AnalyzeOptions ao;
    ao.only = {"boundaries", "motion"};
    ao.params.set("lens-auto", lens_auto ? 1.0 : 0.0);
    const film::Film film = analysis::analyze(video, ao);
    const synth::MovementScore s = synth::score_movements(truth, film);
    char lens[96];
    std::snprintf(lens, sizeof lens, "%s %.1f (%d)", scenario, film.motion.measured_fov_deg,
                  film.motion.measured_fov_windows);
    lenses += (lenses.empty() ? "" : ", ") + std::string(lens);
    for (const auto& r : s.segments) {
      std::printf("| %s | %lld-%lld | %s | %.3f | %s | %.3f | %s | %s |\n", scenario,
                  static_cast<long long>(r.truth.start_frame), static_cast<long long>(r.truth.end_frame),
                  cranes::film::word(r.truth.label).c_str(), r.truth.rate,
                  cranes::film::word(r.detected).c_str(), r.detected_rate, r.label_ok ? "yes" : "NO",
                  r.rate_error >= 0
                      ? (std::to_string(std::lround(r.rate_error * 1000) / 10.0).substr(0, 4) + " %").c_str()
                      : "");
      if (r.label_ok && r.truth.label == cranes::film::MovementLabel::RollCw && r.truth.total > 300)
        std::printf("|  |  | roll total %.1f deg |  | measured total %.1f deg |  |  |  |\n", r.truth.total,
                    r.detected_total);
    }
    segments += static_cast<int>(s.segments.size());
    correct += s.correct;
    frames += s.frames;
    frames_right += s.frames_correct;
    char line[200];
    std::snprintf(line, sizeof line, "| %s | %.1f %% | %d of %d | %d of %d |\n", scenario,
                  100.0 * s.frame_accuracy(), s.handheld_flagged, s.handheld_movements, s.tripod_flagged,
                  s.tripod_movements);
    per_scenario += line;
    worst = std::max(worst, s.max_rate_error());
  }
  std::printf("\nlens measured (deg, windows; 0 = none), virtual camera %.1f deg: %s\n", so.fov_deg,
              lenses.c_str());
  std::printf("\nsegments %d, labels right %d (%.1f %%), worst rate error %.1f %%\n", segments, correct,
              100.0 * correct / std::max(1, segments), 100.0 * worst);
  std::printf(
      "\n| scenario | frame accuracy | handheld shots' movements flagged handheld | tripod shots' movements "
      "flagged handheld |\n|---|---|---|---|\n%s\nframes %lld, labels right %.1f %%\n",
      per_scenario.c_str(), static_cast<long long>(frames),
      100.0 * static_cast<double>(frames_right) / static_cast<double>(std::max<int64_t>(1, frames)));
  return 0;
}
