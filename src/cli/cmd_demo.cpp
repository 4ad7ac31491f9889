// SPDX-License-Identifier: MIT
// `cranes demo`: renders a short synthetic film from a real photo (a few shots, a spinning long take, a
// dissolve, a flash), analyses it, and prints what was found beside the exact ground truth. It grows as
// capabilities land.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cranes/analysis/analyze.hpp"
#include "cranes/film/outputs.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/synth/score.hpp"
#include "cranes/synth/synth.hpp"

namespace cranes::cli {

void add_demo_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("demo", "Render a short synthetic film with exact ground truth and analyse it");
  struct Opts {
    std::string out_dir = "cranes-demo";
    bool quiet = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("-o,--output", opts->out_dir, "Directory for the demo film and its analysis")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", opts->quiet, "No progress bar");
  cmd->footer("The film is rendered by `cranes synth --scenario demo` from an installed landscape photo.");
  cmd->callback([opts] {
    namespace fs = std::filesystem;
    const fs::path dir = film::resolve_output_dir({}, fs::path(opts->out_dir));
    const fs::path video = dir / "demo.mp4";
    const fs::path truth_path = dir / "demo.truth.json";
    synth::SynthOptions so;
    so.width = 960;
    so.height = 540;
    std::printf("Rendering a synthetic film with exact ground truth...\n");
    const synth::GroundTruth truth = synth::render("demo", so, video);
    synth::write_truth(truth, truth_path);
    std::printf("  %s: %dx%d, %lld frames at %.3f fps, %zu shots, %zu transitions\n", video.c_str(),
                truth.width, truth.height, static_cast<long long>(truth.frames), truth.fps.to_double(),
                truth.shots.size(), truth.transitions.size());
    for (const auto& t : truth.transitions)
      std::printf("    %-9s frames [%lld, %lld)\n", film::word(t.type).c_str(),
                  static_cast<long long>(t.start_frame), static_cast<long long>(t.end_frame));
    for (const auto& e : truth.events)
      std::printf("    %-13s frames [%lld, %lld)  (within a shot: not a cut)\n", e.type.c_str(),
                  static_cast<long long>(e.start_frame), static_cast<long long>(e.end_frame));

    std::printf("Analysing it in one streaming pass...\n");
    analysis::AnalyzeOptions ao;
    ProgressBar bar("demo.mp4", !opts->quiet);
    ao.on_progress = [&bar](const analysis::Progress& p) {
      bar.update(p.duration_s > 0 ? p.time_s / p.duration_s : -1.0, std::to_string(p.frames) + " frames");
    };
    const film::Film f = analysis::analyze(video, ao);
    bar.done();
    const fs::path analysis_path = film::film_json_path(video, dir);
    film::write_film(f, analysis_path);
    const auto [csv_path, edl_path] = film::write_shot_outputs(f, dir, video.filename().string());
    std::printf("  decoded %lld frames (%.2f s of film) in %.2f s; %lld damaged\n",
                static_cast<long long>(f.decode.frames), f.decode.duration_s, f.decode.elapsed_s,
                static_cast<long long>(f.decode.decode_failures));
    if (!f.shots.empty()) {
      std::printf("  found %zu shots (truth: %zu)\n", f.shots.size(), truth.shots.size());
      for (const auto& s : f.shots) {
        std::printf("    shot %2d  frames [%5lld, %5lld)  %6.2f s  %s -> %s\n", s.index + 1,
                    static_cast<long long>(s.start_frame), static_cast<long long>(s.end_frame), s.length_s,
                    s.transition_in ? film::word(s.transition_in).c_str() : "start",
                    s.transition_out ? film::word(s.transition_out).c_str() : "end");
        std::string moves;
        for (const auto& m : s.movements) {
          char one[96];
          const std::string label = film::word(m.label);
          if (m.rate_unit == film::RateUnit::DegPerS)
            std::snprintf(one, sizeof one, "%s %.0f deg/s (%.0f deg)", label.c_str(), m.rate,
                          std::abs(m.total));
          else if (m.rate_unit == film::RateUnit::ScalePerS)
            std::snprintf(one, sizeof one, "%s x%.2f", label.c_str(), m.total);
          else
            std::snprintf(one, sizeof one, "%s", label.c_str());
          moves += (moves.empty() ? "" : " > ") + std::string(one);
        }
        if (!moves.empty()) std::printf("             camera: %s\n", moves.c_str());
        if (!s.dutch_track.empty())
          std::printf("             roll angle once a second: %s\n",
                      [&] {
                        std::string a;
                        for (const auto& x : s.dutch_track)
                          a += (a.empty() ? "" : ", ") + std::to_string(std::lround(x.deg));
                        return a;
                      }()
                          .c_str());
      }
    }
    if (!f.shots.empty()) std::printf("%s", film::stats_text(f.stats).c_str());
    const synth::TransitionScore score = synth::score_transitions(truth, f.transitions);
    std::printf(
        "Against the ground truth: hard cuts %d of %d found, %d false; dissolves and fades %d of %d found, "
        "%d false; %zu detections inside spins, flashes and other events that are not cuts.\n",
        score.cuts.true_positives, score.cuts.true_positives + score.cuts.false_negatives,
        score.cuts.false_positives, score.gradual.true_positives,
        score.gradual.true_positives + score.gradual.false_negatives, score.gradual.false_positives,
        score.false_cuts_in_events.size());
    if (!f.motion.pan_deg_s.empty()) {
      const synth::MovementScore moves = synth::score_movements(truth, f);
      std::printf(
          "Camera movements: %d of %zu segments labelled as in the ground truth; worst rate error %.1f %%.\n",
          moves.correct, moves.segments.size(), 100.0 * moves.max_rate_error());
    }
    std::printf("Wrote:\n  %s\n  %s\n  %s\n  %s\n  %s\n", video.c_str(), truth_path.c_str(),
                analysis_path.c_str(), csv_path.c_str(), edl_path.c_str());
  });
}

}  // namespace cranes::cli
