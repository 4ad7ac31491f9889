// SPDX-License-Identifier: MIT
// Shot-boundary accuracy on synthetic footage with exact ground truth, cranes beside FFmpeg's scene score
// (`select='gt(scene,0.3)'`). Renders every scenario (several seeds of the montage), scores both with the
// same protocol (synth/score.hpp) and prints a Markdown table. Usage: cranes_accuracy [OUT_DIR] [--size WxH]
// [--grey] [--noise SD] [--seeds 1-6] [--all]
// (--all: every analyzer runs, as in a plain `cranes analyze`; the boundaries then share the motion tracker)
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <opencv2/core/utility.hpp>
#include <string>

#include "cranes/analysis/analyze.hpp"
#include "cranes/synth/score.hpp"

namespace fs = std::filesystem;
using namespace cranes;

namespace {

// Frames that FFmpeg's scene score flags, from showinfo's "n:" field.
std::vector<film::Transition> ffmpeg_scene_cuts(const fs::path& file, double threshold, double fps) {
  const std::string cmd = "ffmpeg -nostdin -hide_banner -i '" + file.string() + "' -vf \"select='gt(scene," +
                          std::to_string(threshold) + ")',metadata=print:file=-\" -f null - 2>/dev/null";
  std::vector<film::Transition> cuts;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return cuts;
  char line[512];
  while (std::fgets(line, sizeof line, p)) {
    // "frame:N pts:P pts_time:T": N counts selected frames only, so the frame index comes from the time.
    long n = 0, pts = 0;
    double t = 0;
    if (std::sscanf(line, "frame:%ld pts:%ld pts_time:%lf", &n, &pts, &t) == 3) {
      const auto frame = static_cast<int64_t>(std::llround(t * fps));
      cuts.push_back({cranes::film::TransitionType::Cut, frame, frame + 1, 1.0});
    }
  }
  pclose(p);
  return cuts;
}

struct Row {
  std::string name;
  synth::TransitionScore cranes, ffmpeg;
  int truth_cuts = 0, truth_gradual = 0;
};

void add(synth::Score& a, const synth::Score& b) {
  a.true_positives += b.true_positives;
  a.false_positives += b.false_positives;
  a.false_negatives += b.false_negatives;
}

std::string fmt(const synth::Score& s, int truth) {
  char buf[64];
  if (truth == 0 && s.false_positives == 0) return "-";
  if (truth == 0) {
    std::snprintf(buf, sizeof buf, "%d false", s.false_positives);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.3f", s.f1());
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  cv::setNumThreads(1);  // as the cranes program runs the pass
  fs::path dir = fs::temp_directory_path() / "cranes-accuracy";
  synth::SynthOptions so;
  int seed_from = 1, seed_to = 6;
  std::vector<std::string> analyzers = {"boundaries"};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--size" && i + 1 < argc)
      std::sscanf(argv[++i], "%dx%d", &so.width, &so.height);
    else if (a == "--grey")
      so.grey = true;
    else if (a == "--noise" && i + 1 < argc)
      so.noise = std::atof(argv[++i]);
    else if (a == "--seeds" && i + 1 < argc)
      std::sscanf(argv[++i], "%d-%d", &seed_from, &seed_to);
    else if (a == "--all")
      analyzers.clear();  // boundaries as the whole analysis runs them
    else if (a.starts_with("-")) {
      std::fprintf(
          stderr,
          "usage: cranes_accuracy [OUT_DIR] [--size WxH] [--grey] [--noise SD] [--seeds 1-6] [--all]\n");
      return a == "-h" || a == "--help" ? 0 : 2;
    } else
      dir = a;
  }
  fs::create_directories(dir);
  std::vector<std::pair<std::string, uint64_t>> clips;
  for (const auto& n : synth::scenario_names())
    if (n != "montage") clips.push_back({n, 1});
  for (int seed = seed_from; seed <= seed_to; ++seed)
    clips.push_back({"montage", static_cast<uint64_t>(seed)});

  std::vector<Row> rows;
  synth::TransitionScore total_c, total_f;
  int total_truth_cuts = 0, total_truth_gradual = 0;
  for (const auto& [name, seed] : clips) {
    so.seed = seed;
    const std::string label = name == "montage" ? name + "-" + std::to_string(seed) : name;
    const fs::path video = dir / (label + ".mp4");
    const synth::GroundTruth truth = synth::render(name, so, video);
    synth::write_truth(truth, dir / (label + ".truth.json"));
    analysis::AnalyzeOptions ao;
    ao.only = analyzers;
    const film::Film film = analysis::analyze(video, ao);
    Row r;
    r.name = label;
    r.cranes = synth::score_transitions(truth, film.transitions);
    r.ffmpeg = synth::score_transitions(truth, ffmpeg_scene_cuts(video, 0.3, truth.fps.to_double()));
    for (const auto& t : truth.transitions)
      (t.type == cranes::film::TransitionType::Cut ? r.truth_cuts : r.truth_gradual)++;
    add(total_c.cuts, r.cranes.cuts);
    add(total_c.gradual, r.cranes.gradual);
    add(total_f.cuts, r.ffmpeg.cuts);
    add(total_f.gradual, r.ffmpeg.gradual);
    total_c.false_cuts_in_events.insert(total_c.false_cuts_in_events.end(),
                                        r.cranes.false_cuts_in_events.begin(),
                                        r.cranes.false_cuts_in_events.end());
    total_f.false_cuts_in_events.insert(total_f.false_cuts_in_events.end(),
                                        r.ffmpeg.false_cuts_in_events.begin(),
                                        r.ffmpeg.false_cuts_in_events.end());
    total_truth_cuts += r.truth_cuts;
    total_truth_gradual += r.truth_gradual;
    for (const auto& d : r.cranes.unmatched_detections)
      std::fprintf(stderr, "%s: extra %s [%lld, %lld)\n", label.c_str(), cranes::film::word(d.type).c_str(),
                   static_cast<long long>(d.start_frame), static_cast<long long>(d.end_frame));
    for (const auto& m : r.cranes.missed)
      std::fprintf(stderr, "%s: missed %s [%lld, %lld)\n", label.c_str(), cranes::film::word(m.type).c_str(),
                   static_cast<long long>(m.start_frame), static_cast<long long>(m.end_frame));
    rows.push_back(r);
  }
  std::printf(
      "| clip | truth cuts | truth gradual | cranes cut F1 | cranes gradual F1 | cranes false in events | "
      "ffmpeg cut F1 | ffmpeg gradual F1 | ffmpeg false in events "
      "|\n|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& r : rows)
    std::printf("| %s | %d | %d | %s | %s | %zu | %s | %s | %zu |\n", r.name.c_str(), r.truth_cuts,
                r.truth_gradual, fmt(r.cranes.cuts, r.truth_cuts).c_str(),
                fmt(r.cranes.gradual, r.truth_gradual).c_str(), r.cranes.false_cuts_in_events.size(),
                fmt(r.ffmpeg.cuts, r.truth_cuts).c_str(), fmt(r.ffmpeg.gradual, r.truth_gradual).c_str(),
                r.ffmpeg.false_cuts_in_events.size());
  std::printf("| **all** | %d | %d | **%.3f** | **%.3f** | **%zu** | %.3f | %.3f | %zu |\n", total_truth_cuts,
              total_truth_gradual, total_c.cuts.f1(), total_c.gradual.f1(),
              total_c.false_cuts_in_events.size(), total_f.cuts.f1(), total_f.gradual.f1(),
              total_f.false_cuts_in_events.size());
  return 0;
}
