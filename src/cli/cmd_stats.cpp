// SPDX-License-Identifier: MIT
// `cranes stats FILM [--json] [--sections N] [--longest K]`: Cinemetrics figures of an analysed film,
// recomputed from its shots so that the number of sections and longest takes can be chosen. Never decodes the
// video.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cranes/film/film.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/film/stats.hpp"

namespace cranes::cli {

void add_stats_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "stats", "Cinemetrics shot-length statistics of an analysed film (ASL, MSL, CV, ...)");
  struct Opts {
    std::string input;
    bool json = false;
    int sections = 10;
    int longest = 5;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("FILM", opts->input,
                  "FILM.cranes.json, or the video it was made from (the document beside it is used)")
      ->required();
  cmd->add_flag("--json", opts->json,
                "Print the statistics as JSON (the `stats` object of FILM.cranes.json)");
  cmd->add_option("--sections", opts->sections, "Number of equal-time sections for Brisson's per-section ASL")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--longest", opts->longest, "How many of the longest takes to list")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  cmd->footer(
      "The figures of Cinemetrics (Tsivian & Civjans) and Barry Salt, from the shot lengths in seconds:\n"
      "  ASL      average shot length = film length / number of shots\n"
      "  MSL      median shot length: half the shots are shorter. Less swayed by a few long takes than the "
      "ASL;\n"
      "           MSL/ASL well below 1 means a few long takes (a Kalatozov crane shot) pull the average up\n"
      "  StDev    population standard deviation of the shot lengths\n"
      "  CV       coefficient of variation = StDev / ASL: how uneven the cutting is, independent of its "
      "pace\n"
      "Brisson's sections: the film is cut into N parts of equal running time and each part gets its own ASL "
      "=\n"
      "part length / shots in it, a shot crossing a border counting in each part by the fraction of its "
      "length\n"
      "there. It shows where a film slows down or speeds up.\n"
      "Run `cranes analyze FILM` first to make FILM.cranes.json.");
  cmd->callback([opts] {
    film::Film f = film::read_film(film::find_film_json(opts->input));
    f.stats = film::compute_stats(f.shots, opts->sections, opts->longest);
    if (opts->json) {
      const auto doc = film::to_json(f).value("stats", nlohmann::json::object());
      std::printf("%s\n", doc.dump(2).c_str());
    } else {
      std::fputs(film::stats_text(f.stats).c_str(), stdout);
    }
  });
}

}  // namespace cranes::cli
