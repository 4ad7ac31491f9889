// SPDX-License-Identifier: MIT
// `cranes analyze FILM...`: one streaming pass per film, FILM.cranes.json written atomically, a short
// summary.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/params_cli.hpp"
#include "cli/progress.hpp"
#include "cranes/analysis/analyze.hpp"
#include "cranes/analysis/motion_tracker.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/geometry.hpp"
#include "cranes/film/outputs.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/film/still_files.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/report/html_report.hpp"
#include "cranes/report/summary.hpp"

namespace cranes::cli {

void add_analyze_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("analyze", "Measure a film in one streaming pass; writes FILM.cranes.json");
  cmd->alias("analyse");
  struct Opts {
    std::vector<std::string> files;
    std::string out_dir;
    std::vector<std::string> only;
    bool quiet = false;
    bool json = false;
    bool exact_decode = false;
    int threads = 0;
    std::string metrics;
    std::string stills_dir;
    std::string stills_format = "avif";
    int stills_quality = 70;
    int stills_max_size = 1920;
    bool no_stills_files = false;
    bool no_report = false;
    ParamFlags flags;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("FILM", opts->files, "Video files (anything FFmpeg reads)")->required();
  cmd->add_option(
      "-o,--output", opts->out_dir,
      "Directory for FILM.cranes.json (default: beside the film, or the current directory when that\n"
      "is read-only). Created when its parent exists.");
  std::string names;
  cmd->add_option(
      "--metrics", opts->metrics,
      "Also write every analyzer's per-frame measurements to this CSV (frame,analyzer,key,value),\n"
      "for tuning the thresholds below; one film only");
  cmd->add_option("--stills-dir", opts->stills_dir,
                  "Where the stills go (default: NAME.stills/ beside FILM.cranes.json); one film only");
  cmd->add_option("--stills-format", opts->stills_format, "avif (black and white as 4:0:0), jpg or png")
      ->check(CLI::IsMember({"avif", "jpg", "jpeg", "png"}))
      ->capture_default_str();
  cmd->add_option("--stills-quality", opts->stills_quality, "1..100 (AVIF and JPEG)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--stills-max-size", opts->stills_max_size,
                  "Longer side of a still at most this many pixels (0 = the film's own size)")
      ->check(CLI::Range(0, 16384))
      ->capture_default_str();
  cmd->add_flag("--no-report", opts->no_report,
                "Write no NAME.report.html (the HTML report with plots and stills; see `cranes report`)");
  cmd->add_flag("--no-stills-files", opts->no_stills_files,
                "Choose and record the stills in the JSON, write no picture files");
  for (const auto& a : analysis::registry()) names += " " + std::string(a.name);
  cmd->add_option("--only", opts->only, "Run only these analyzers (default: all). Known:" + names)
      ->delimiter(',');
  cmd->add_flag("-q,--quiet", opts->quiet, "No progress bar and no summary");
  cmd->add_flag("--json", opts->json, "Print the analysis JSON to stdout instead of the summary");
  cmd->add_flag(
      "--exact-decode", opts->exact_decode,
      "Deblock every frame. By default the decoder skips its loop filter on frames that no other frame\n"
      "is predicted from (about 7 % faster on H.264; nothing drifts, and the analysis cannot tell)");
  cmd->add_option(
         "--threads", opts->threads,
         "Decoder threads (0 = automatic: four per core, at most 16; one per core plus one above 1080p).\n"
         "Fewer leave cores to other work; the results are the same")
      ->check(CLI::Range(0, 64));
  opts->flags.add(cmd, analysis::pass_params(), "analysis parameters");
  for (const auto& a : analysis::registry())
    opts->flags.add(cmd, a.params, std::string(a.name) + " parameters");
  cmd->footer(
      "Decodes each film once and writes FILM.cranes.json (schema cranes/1; frames 0-based, ranges\n"
      "[start, end), times in seconds from the first frame), FILM.shots.csv (one row per shot), FILM.edl\n"
      "(CMX3600), the HTML report FILM.report.html and the standout stills in FILM.stills/ (AVIF; sharp,\n"
      "steady frames away from transitions and flashes, one per camera move of a long take with --stills 1;\n"
      "docs/stills.md), and prints the Cinemetrics statistics (ASL, median shot length, longest takes).\n"
      "Shots are the spans between transitions:\n" +
      token_help<film::TransitionType>() +
      "A camera that spins, whips or shakes, a flash, an exposure jump or a slow drift (under water) does\n"
      "not start a new shot.\n"
      "Camera movements per shot, named as cinematographers name them (degrees use the lens measured from\n"
      "the camera's own turns, else --fov; see the summary's lens line):\n" +
      token_help<film::MovementLabel>() +
      "Damaged or truncated files are analysed as far as they decode, with a warning. Example:\n"
      "  cranes analyze cranes_are_flying.mkv -o analyses/\n"
      "  cranes shots analyses/cranes_are_flying.mkv.cranes.json");
  cmd->callback([opts] {
    analysis::AnalyzeOptions ao;
    ao.only = opts->only;
    ao.exact_decode = opts->exact_decode;
    ao.decoder_threads = opts->threads;
    opts->flags.apply(ao.params);
    // Validate everything before the first long decode.
    analysis::make_analyzers(ao.only, ao.params);
    if (!opts->metrics.empty() && opts->files.size() > 1)
      throw Error("--metrics", "takes one film at a time", Error::Kind::Usage);
    if (!opts->stills_dir.empty() && opts->files.size() > 1)
      throw Error("--stills-dir", "takes one film at a time", Error::Kind::Usage);
    ao.still_files.format = media::parse_image_format(opts->stills_format);
    ao.still_files.image.quality = opts->stills_quality;
    ao.still_files.max_size = opts->stills_max_size;
    const std::optional<std::filesystem::path> requested =
        opts->out_dir.empty() ? std::nullopt : std::optional<std::filesystem::path>(opts->out_dir);
    for (const auto& file : opts->files) {
      const auto dir = film::resolve_output_dir(file, requested);
      ao.stills_relative_to = dir;
      ao.stills_dir.clear();
      if (!opts->no_stills_files)
        ao.stills_dir = opts->stills_dir.empty() ? film::stills_dir_path(file, dir)
                                                 : std::filesystem::path(opts->stills_dir);
      ProgressBar bar(std::filesystem::path(file).filename().string(), !opts->quiet);
      ao.on_progress = [&bar](const analysis::Progress& p) {
        char detail[96];
        std::snprintf(detail, sizeof detail, "%lld frames  %.1f s", static_cast<long long>(p.frames),
                      p.time_s);
        bar.update(p.duration_s > 0 ? p.time_s / p.duration_s : -1.0, detail);
      };
      film::Film f = opts->metrics.empty() ? analysis::analyze(file, ao)
                                           : analysis::analyze_with_metrics(file, opts->metrics, ao);
      bar.done();
      std::vector<std::filesystem::path> written;
      try {
        written = film::write_analysis(f, file, dir, [&](std::vector<std::filesystem::path>& more) {
          if (opts->no_report) return;
          const auto html = film::report_path(file, dir);
          report::HtmlReportOptions ro;
          ro.analysis_dir = dir;
          report::write_html_report(f, html, ro);
          more.push_back(html);
        });
      } catch (...) {
        film::remove_still_files(f, dir);  // no stills without the analysis that names them
        throw;
      }
      if (!f.stills.empty() && !f.stills.front().path.empty()) written.push_back(ao.stills_dir);
      if (opts->json)
        std::printf("%s\n",
                    film::to_json(f).dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      else if (!opts->quiet)
        std::printf("%s", report::summary_text(f, written).c_str());
    }
  });
}

}  // namespace cranes::cli
