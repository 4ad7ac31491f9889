// SPDX-License-Identifier: MIT
// `cranes decode FILE`: decode every frame once (with the analysis proxies) and report the count, the
// measured duration and frame-rate behaviour, damaged packets and speed. A soundness check for a file, and
// the command the decode benchmark times against `ffmpeg -f null`.
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cranes/analysis/pass.hpp"

namespace cranes::cli {

void add_decode_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("decode", "Decode a video once and report frames, timing and damage");
  struct Opts {
    std::string file;
    bool quiet = false, json = false, full = false;
    int grey_width = media::FrameSourceOptions{}.grey_width;
    int colour_width = media::FrameSourceOptions{}.colour_width;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("FILE", opts->file, "Video file")->required();
  cmd->add_flag("--full", opts->full, "Also convert every full frame to BGR (as stills and the look need)");
  cmd->add_option("--grey-width", opts->grey_width, "Width of the grey analysis proxy (0 = none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--colour-width", opts->colour_width, "Width of the colour proxy (0 = none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  cmd->add_flag("-q,--quiet", opts->quiet, "Print nothing unless there is an error");
  cmd->add_flag("--json", opts->json, "Print the decode report as JSON");
  cmd->callback([opts] {
    analysis::PassOptions po;
    po.source.grey_width = opts->grey_width;
    po.source.full_frame = opts->full;
    po.source.colour_width = opts->colour_width;
    ProgressBar bar("decode", !opts->quiet && !opts->json);
    po.on_progress = [&bar](const analysis::Progress& p) {
      bar.update(p.duration_s > 0 ? p.time_s / p.duration_s : -1.0, std::to_string(p.frames) + " frames");
    };
    std::vector<std::unique_ptr<analysis::Analyzer>> none;
    const film::Film f = analysis::run_pass(opts->file, none, po);
    bar.done();
    const auto& d = f.decode;
    if (opts->json) {
      std::printf("%s\n", film::to_json(f)["decode"].dump(2).c_str());
    } else if (!opts->quiet) {
      std::printf("%s: %lld frames, %.3f s, frame interval %.4f..%.4f s%s, %lld damaged, %s\n",
                  opts->file.c_str(), static_cast<long long>(d.frames), d.duration_s, d.min_frame_interval_s,
                  d.max_frame_interval_s, d.variable_frame_rate ? " (variable frame rate)" : "",
                  static_cast<long long>(d.decode_failures), d.ended_early ? "ends early" : "complete");
      std::printf("decoded in %.2f s (%.0f frames/s)\n", d.elapsed_s, d.frames / std::max(1e-9, d.elapsed_s));
    }
  });
}

}  // namespace cranes::cli
