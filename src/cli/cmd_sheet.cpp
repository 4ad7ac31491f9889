// SPDX-License-Identifier: MIT
// `cranes sheet ANALYSIS|FILM -o sheet.jpg`: the contact sheet of a film, one thumbnail per shot or one every
// N seconds under a header of the file's facts and Cinemetrics figures. The frames are decoded once, each
// scaled to its thumbnail as it arrives; a video not analysed yet is analysed first (shots and framing only,
// nothing written).
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/analysis_input.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cranes/analysis/analyze.hpp"
#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"
#include "cranes/film/film.hpp"
#include "cranes/film/outputs.hpp"
#include "cranes/media/frame_reader.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/report/contact_sheet.hpp"

namespace cranes::cli {

namespace {
namespace fs = std::filesystem;

// A video nobody analysed: the shots and the letterbox bars are all a sheet needs, so only those analyzers
// run, and nothing is written (the user asked for a sheet, not an analysis).
film::Film analyse_for_sheet(const fs::path& video, bool quiet) {
  if (!quiet)
    std::fprintf(stderr,
                 "cranes: %s has no analysis; finding its shots and framing first (nothing is saved)\n",
                 video.string().c_str());
  analysis::AnalyzeOptions ao;
  ao.only = {"boundaries", "framing"};
  ProgressBar bar("analysing " + video.filename().string(), !quiet);
  ao.on_progress = [&bar](const analysis::Progress& p) {
    bar.update(p.duration_s > 0 ? p.time_s / p.duration_s : -1.0,
               format("%lld frames  %.1f s", static_cast<long long>(p.frames), p.time_s));
  };
  film::Film f = analysis::analyze(video, ao);
  bar.done();
  return f;
}

}  // namespace

void add_sheet_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "sheet", "Write a contact sheet: a thumbnail per shot (or every N seconds) under the film's figures");
  struct Opts {
    std::string input;
    std::string output;
    std::string film;
    double every_s = 0;
    int columns = report::SheetOptions{}.columns;
    int width = report::SheetOptions{}.width;
    int quality = 80;
    bool quiet = false;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("ANALYSIS", opts->input,
                  "FILM.cranes.json, or the video (its analysis beside it is used; a video not analysed\n"
                  "yet is analysed first, shots and framing only, and nothing else is written)")
      ->required();
  cmd->add_option("-o,--output", opts->output,
                  "The picture to write: .avif, .jpg or .png (default: beside the analysis, NAME.sheet.jpg)")
      ->type_name("FILE");
  cmd->add_option("--every", opts->every_s,
                  "One thumbnail every SECONDS of the film (the middle frame of each stretch) instead of\n"
                  "one per shot")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.001, 1e6));
  auto* columns =
      cmd->add_option("--columns", opts->columns,
                      "Thumbnails per row (default " + std::to_string(report::SheetOptions{}.columns) +
                          ", or more when a film has so many cells that\n"
                          "the sheet would pass " +
                          std::to_string(report::kMaxSheetHeight) + " px in height)");
  columns->type_name("N")->check(CLI::Range(1, 200));
  cmd->add_option("--width", opts->width, "Width of the sheet in pixels")
      ->capture_default_str()
      ->type_name("PX")
      ->check(CLI::Range(200, 8192));
  cmd->add_option("--film", opts->film,
                  "The video the analysis was made of, when it is no longer where the analysis says")
      ->type_name("PATH");
  cmd->add_option("--quality", opts->quality, "Picture quality (AVIF and JPEG; PNG is lossless)")
      ->capture_default_str()
      ->type_name("Q")
      ->check(CLI::Range(1, 100));
  cmd->add_flag("-q,--quiet", opts->quiet, "No progress bar and no notes");
  cmd->add_flag("--json", opts->json,
                "Print {\"sheet\": PATH, \"width\": W, \"height\": H, \"cells\": N} instead of the path");
  cmd->footer(
      "The header gives the file name, container and codec, size and display aspect, frame rate,\n"
      "duration and the Cinemetrics figures (shots, ASL, MSL, longest take). Each thumbnail shows the\n"
      "shot's chosen still (from `cranes analyze`), else its middle frame, with the letterbox bars cropped\n"
      "and the pixels made square; under it, the shot number (from 1) and the frame's timecode, as\n"
      "`cranes shots` lists them. A black-and-white film gives a grey sheet (AVIF 4:0:0). The picture is\n"
      "written under a temporary name and renamed. docs/sheet.md says more. Example:\n"
      "  cranes analyze cranes_are_flying.mkv -o analyses/\n"
      "  cranes sheet analyses/cranes_are_flying.mkv.cranes.json -o cranes_sheet.jpg\n"
      "  cranes sheet cranes_are_flying.mkv --every 60 --columns 6 -o one_a_minute.avif");
  cmd->callback([opts, columns] {
    const fs::path input(opts->input);
    const bool given_analysis = input.extension() == ".json";
    if (!opts->film.empty() && !given_analysis)
      throw Error("--film", "goes with an ANALYSIS argument (the video given is the film)",
                  Error::Kind::Usage);
    const std::optional<fs::path> analysis = find_analysis(input);
    const fs::path out =
        !opts->output.empty()
            ? fs::path(opts->output)
            : beside_analysis(analysis ? *analysis : film::film_json_path(input, input.parent_path()),
                              ".sheet.jpg");
    // Refuse a name or a place that cannot be written before a long decode.
    if (out.has_filename() && fs::is_directory(out))
      throw Error(out.string(), "is a directory (give the picture to write)", Error::Kind::Usage);
    media::image_format_of(out);
    require_writable_directory(out.parent_path());

    film::Film f;
    fs::path video = input;
    if (analysis) {
      f = film::read_film(*analysis);
      std::optional<fs::path> given;
      if (!opts->film.empty())
        given = fs::path(opts->film);
      else if (!given_analysis)
        given = input;  // the video named is the one its analysis was found beside
      video = film::locate_video(f, *analysis, given, "--film");
    } else {
      f = analyse_for_sheet(input, opts->quiet);
    }

    report::SheetOptions so;
    so.every_s = opts->every_s;
    so.columns = opts->columns;
    so.width = opts->width;
    const std::vector<report::SheetCell> cells = report::sheet_cells(f, so);
    if (cells.empty())
      throw Error(analysis ? analysis->string() : input.string(), "no shots or frames to show");
    if (columns->count() == 0) {
      so.columns = report::columns_to_fit(f, cells.size(), so);
      if (so.columns != opts->columns && !opts->quiet)
        std::fprintf(stderr, "cranes: %zu cells: %d columns, so that the sheet stays under %d px tall\n",
                     cells.size(), so.columns, report::kMaxSheetHeight);
    }
    ProgressBar bar(video.filename().string(), !opts->quiet);
    const cv::Mat sheet = report::render_contact_sheet(f, video, cells, so, [&](double share) {
      bar.update(share,
                 format("%zu of %zu cells", static_cast<size_t>(share * cells.size() + 0.5), cells.size()));
    });
    bar.done();
    media::ImageWriteOptions wo;
    wo.quality = opts->quality;
    wo.monochrome = sheet.channels() == 1;
    media::write_image(sheet, out, wo);
    if (opts->json)
      std::printf(
          "%s\n",
          nlohmann::json{
              {"sheet", out.string()}, {"width", sheet.cols}, {"height", sheet.rows}, {"cells", cells.size()}}
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              .c_str());
    else
      std::printf("%s\n", out.string().c_str());
  });
}

}  // namespace cranes::cli
