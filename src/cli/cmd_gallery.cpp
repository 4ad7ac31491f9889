// SPDX-License-Identifier: MIT
// `cranes gallery ANALYSIS... -o DIR --title ...`: a blog post of stills, one gallery per film
// (docs/gallery.md).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cranes/core/error.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/report/gallery.hpp"

namespace cranes::cli {

namespace fs = std::filesystem;

void add_gallery_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "gallery",
      "Write a Markdown post with one gallery of AVIF stills per analysed film (YAML front matter)");
  struct Opts {
    std::vector<std::string> inputs;
    std::string out_dir;
    std::string name = "index.md";
    report::GalleryOptions g;
    std::vector<std::string> films;
    std::vector<std::string> videos;
    bool json = false;
    bool quiet = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("ANALYSIS", opts->inputs,
                  "FILM.cranes.json of each film, in the order of the post (or the videos, with their\n"
                  "analyses beside them)")
      ->required();
  cmd->add_option("-o,--output", opts->out_dir,
                  "Directory for the post and its images (created when missing)")
      ->required()
      ->type_name("DIR");
  cmd->add_option("--name", opts->name, "The post's file name")->capture_default_str();
  cmd->add_option("--title", opts->g.title, "The post's title")->required();
  cmd->add_option("--excerpt", opts->g.excerpt, "One sentence for the post's card");
  cmd->add_option("--tags", opts->g.tags, "Tags, comma-separated")->delimiter(',')->allow_extra_args(false);
  cmd->add_option("--date", opts->g.date, "ISO 8601 date or date-time (default: now, UTC)");
  cmd->add_option("--location", opts->g.location, "Where (front matter's location)");
  cmd->add_option("--intro", opts->g.intro, "A paragraph before the galleries");
  cmd->add_option("--assets-prefix", opts->g.assets_prefix,
                  "What the image URLs start with, as the site serves DIR: /assets/photos/NAME\n"
                  "(default: the bare file names, for a post beside its images)");
  cmd->add_option("--per-film", opts->g.per_film, "Stills per film at most: the best, one a shot first")
      ->check(CLI::Range(1, 200))
      ->capture_default_str();
  cmd->add_option(
         "--film", opts->films,
         "\"TITLE (YEAR)\" of each film in turn (default: the video's title and date tags, else its\n"
         "file name); repeat once per ANALYSIS")
      ->allow_extra_args(false);
  cmd->add_option("--video", opts->videos,
                  "The video of each film in turn, when it moved since the analysis and stills must be\n"
                  "read again from it; repeat once per ANALYSIS ('' keeps the recorded one)")
      ->allow_extra_args(false);
  cmd->add_option("--max-size", opts->g.max_size, "Longer side of an image at most this many pixels")
      ->check(CLI::Range(16, 16384))
      ->capture_default_str();
  cmd->add_option("--quality", opts->g.quality, "AVIF quality, 1..100")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", opts->quiet, "No progress bar");
  cmd->add_flag("--json", opts->json, "Print {\"markdown\": PATH, \"images\": [...]} instead of the paths");
  cmd->footer(
      "The post's front matter has title, excerpt, cardCover (its best still), date, location, tags\n"
      "and galleries: [{title, id, images: [{img, width, height, alt}]}], one gallery per film with\n"
      "its id slugified from the title; the body has a `### Title (year)` heading and a `{{gallery}}`\n"
      "line per film. The images are AVIF (black and white as 4:0:0), named from the post's title:\n"
      "TITLE-1.avif, TITLE-2.avif... They come from the stills `cranes analyze` wrote, else from the\n"
      "video. docs/gallery.md shows the format. Example:\n"
      "  cranes gallery cranes.mkv.cranes.json letter.mkv.cranes.json cuba.mkv.cranes.json \\\n"
      "    -o site/kalatozov-stills --title \"Stills from my favorite Kalatozov Movies\" \\\n"
      "    --tags cinema,inspiration,bnw --assets-prefix /assets/photos/kalatozov-stills \\\n"
      "    --film \"The Cranes Are Flying (1957)\" --film \"Letter Never Sent (1960)\" --film \"I Am Cuba "
      "(1964)\"");
  cmd->callback([opts] {
    if (opts->films.size() > opts->inputs.size())
      throw Error("--film", "given more times than there are analyses", Error::Kind::Usage);
    if (opts->videos.size() > opts->inputs.size())
      throw Error("--video", "given more times than there are analyses", Error::Kind::Usage);
    std::vector<report::GalleryFilm> films;
    for (size_t i = 0; i < opts->inputs.size(); ++i) {
      report::GalleryFilm f;
      f.analysis = film::find_film_json(opts->inputs[i]);
      f.film = film::read_film(f.analysis);
      if (i < opts->films.size()) f.title_year = opts->films[i];
      if (i < opts->videos.size() && !opts->videos[i].empty()) f.video = fs::path(opts->videos[i]);
      films.push_back(std::move(f));
    }
    const fs::path dir(opts->out_dir);
    std::error_code ec;
    if (!fs::exists(dir, ec) && fs::exists(dir.parent_path().empty() ? "." : dir.parent_path(), ec))
      fs::create_directory(dir, ec);
    report::GalleryOptions g = opts->g;
    g.out_dir = dir;
    g.file_name = opts->name;
    ProgressBar bar("gallery", !opts->quiet && !opts->json);
    const report::GalleryWritten w =
        report::write_gallery(films, g, [&](double share) { bar.update(share, "films"); });
    bar.done();
    if (opts->json) {
      nlohmann::json j{{"markdown", w.markdown.string()}, {"images", nlohmann::json::array()}};
      for (const auto& p : w.images) j["images"].push_back(p.string());
      std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      std::printf("wrote %s (%zu images in %zu galleries)\n", w.markdown.string().c_str(), w.images.size(),
                  w.gallery.sections.size());
    }
  });
}

}  // namespace cranes::cli
