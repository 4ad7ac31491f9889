// SPDX-License-Identifier: MIT
// `cranes demo`: renders a short synthetic film from a real photo (a few shots, a spinning long take, a
// dissolve, a flash), analyses it, and prints what was found beside the exact ground truth. It grows as
// capabilities land.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cranes/demo/demo.hpp"
#include "cranes/film/outputs.hpp"

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
    const std::filesystem::path dir = film::resolve_output_dir({}, std::filesystem::path(opts->out_dir));
    std::printf("Rendering a synthetic film with exact ground truth...\n");
    const demo::Rendered rendered = demo::render(dir);
    std::printf("%s", demo::truth_text(rendered).c_str());
    std::printf("Analysing it in one streaming pass...\n");
    ProgressBar bar("demo.mp4", !opts->quiet);
    const demo::Analysed analysed = demo::analyse(rendered, [&bar](const analysis::Progress& p) {
      bar.update(p.duration_s > 0 ? p.time_s / p.duration_s : -1.0, std::to_string(p.frames) + " frames");
    });
    bar.done();
    std::printf("%s", demo::result_text(rendered, analysed).c_str());
    std::printf("Rendering the look...\n");
    if (const auto looked = demo::look(rendered))
      std::printf(
          "The look of I Am Cuba (preset %s: infrared black and white, foliage white, sky dark; the wide "
          "lens,\n"
          "halation, 4:3)\n"
          "on %s:\n  %s\n"
          "The same photo in the three looks (cranes, letter, cuba), side by side:\n  %s\n"
          "The demo film in the look of I Am Cuba (%lld frames at their own timestamps):\n  %s\n",
          looked->preset.c_str(), looked->photo.string().c_str(), looked->output.string().c_str(),
          looked->presets.string().c_str(), static_cast<long long>(looked->film_frames),
          looked->film.string().c_str());
  });
}

}  // namespace cranes::cli
