// SPDX-License-Identifier: MIT
// `cranes shots FILM [--csv|--edl|--json]`: the shot list of an analysed film, as a table for people, CSV for
// spreadsheets, a CMX3600 EDL for editing systems, or JSON. Reads FILM.cranes.json; never decodes the video.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cranes/film/film.hpp"
#include "cranes/film/shot_table.hpp"

namespace cranes::cli {

void add_shots_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("shots", "List the shots of an analysed film (table, CSV, EDL or JSON)");
  struct Opts {
    std::string input;
    bool csv = false, edl = false, json = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("FILM", opts->input,
                  "FILM.cranes.json, or the video it was made from (the document beside it is used)")
      ->required();
  auto* csv = cmd->add_flag("--csv", opts->csv,
                            "Print CSV: one row per shot, 0-based index, frames, timecodes, seconds");
  auto* edl = cmd->add_flag("--edl", opts->edl,
                            "Print a CMX3600 EDL: one cut event per shot, record from 01:00:00:00");
  auto* json = cmd->add_flag("--json", opts->json, "Print the shots as JSON, as stored in FILM.cranes.json");
  csv->excludes(edl)->excludes(json);
  edl->excludes(json);
  cmd->footer(
      "Frames are 0-based and ranges half-open: a shot's end frame/timecode is the first frame after it.\n"
      "The table, the EDL event numbers and `cranes stats` count shots from 1; CSV and JSON keep the "
      "0-based\n"
      "index of the document (shot 1 = index 0 = event 001).\n"
      "Timecode is SMPTE at the film's nominal rate: HH:MM:SS:FF, or HH:MM:SS;FF drop-frame at 29.97 and "
      "59.94\n"
      "(23.976 counts non-drop at 24). For variable frame rate it is clock time HH:MM:SS.mmm from the "
      "timestamps\n"
      "(the EDL then converts times to frames at the nominal rate).\n"
      "Run `cranes analyze FILM` first to make FILM.cranes.json.");
  cmd->callback([opts] {
    const film::Film f = film::read_film(film::find_film_json(opts->input));
    if (opts->csv) {
      std::fputs(film::shots_csv(f).c_str(), stdout);
    } else if (opts->edl) {
      const std::string title =
          std::filesystem::path(f.source.path.empty() ? opts->input : f.source.path).stem().string();
      std::fputs(film::shots_edl(f, title).c_str(), stdout);
    } else if (opts->json) {
      const auto doc = film::to_json(f).value("shots", nlohmann::json::array());
      std::printf("%s\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      std::fputs(film::shots_table(f).c_str(), stdout);
    }
  });
}

}  // namespace cranes::cli
