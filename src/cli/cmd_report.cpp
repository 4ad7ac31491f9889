// SPDX-License-Identifier: MIT
// `cranes report ANALYSIS.cranes.json [-o report.html] [--assets DIR] [--json]`: the HTML report of an
// analysed film, one self-contained file to open in any browser. Reads the analysis; never decodes the video.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/analysis_input.hpp"
#include "cli/commands.hpp"
#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/film/film.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/report/html_report.hpp"

namespace cranes::cli {

namespace fs = std::filesystem;

void add_report_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("report", "Write the HTML report of an analysed film (plots, longest takes, shots)");
  struct Opts {
    std::string input;
    std::string output;
    std::string assets;
    std::string scale = "auto";
    bool link = false;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("ANALYSIS", opts->input,
                  "FILM.cranes.json, or the video it was made from (the document beside it is used)")
      ->required();
  cmd->add_option("-o,--output", opts->output,
                  "The HTML file to write (default: beside the analysis, NAME.report.html)")
      ->type_name("FILE");
  auto* assets = cmd->add_option(
      "--assets", opts->assets,
      "Copy the stills shown into DIR (created when missing) and link them by relative path instead of\n"
      "embedding them: a smaller HTML file to publish beside its pictures");
  assets->type_name("DIR");
  cmd->add_flag("--link-stills", opts->link,
                "Link the stills where the analysis wrote them instead of embedding them")
      ->excludes(assets);
  cmd->add_option("--scale", opts->scale,
                  "Height of the shot-length graph: linear, log, or auto (log when the longest take is more\n"
                  "than 8 times the median shot)")
      ->capture_default_str()
      ->type_name("SCALE")
      ->check(CLI::IsMember({"auto", "linear", "log"}));
  cmd->add_flag("--json", opts->json, "Print {\"report\": PATH, \"bytes\": N} instead of the path");
  cmd->footer(
      "The report is one HTML file with everything inline (styles, SVG plots, the stills as data URIs,\n"
      "a few lines of script to sort the table): it opens offline and can be mailed or archived as is.\n"
      "It shows the source facts and the Cinemetrics figures (ASL, MSL, MSL/ASL, CV, longest take), the\n"
      "shot lengths over the film's time with the ASL of equal-time sections (Brisson), the camera's\n"
      "movement as a coloured strip, the Dutch angle over time, the longest takes with their stills, and\n"
      "every shot in a table sorted by clicking a heading. docs/report.md says how to read it. Example:\n"
      "  cranes analyze cranes_are_flying.mkv -o analyses/\n"
      "  cranes report analyses/cranes_are_flying.mkv.cranes.json -o cranes.html\n"
      "  cranes report analyses/cranes_are_flying.mkv.cranes.json --assets site/stills -o site/index.html");
  cmd->callback([opts] {
    const fs::path analysis = film::find_film_json(opts->input);
    const fs::path out =
        opts->output.empty() ? beside_analysis(analysis, ".report.html") : fs::path(opts->output);
    if (out.has_filename() && fs::is_directory(out))
      throw Error(out.string(), "is a directory (give the HTML file to write)");
    // Refuse before reading a long analysis, and name the directory rather than a temporary file.
    require_writable_directory(out.parent_path());
    const film::Film f = film::read_film(analysis);
    report::HtmlReportOptions o;
    o.analysis_dir = analysis.parent_path();
    if (!opts->assets.empty()) o.assets_dir = fs::path(opts->assets);
    o.embed_stills = !opts->link;
    o.length_scale = opts->scale == "log"      ? report::LengthScale::Log
                     : opts->scale == "linear" ? report::LengthScale::Linear
                                               : report::LengthScale::Auto;
    report::write_html_report(f, out, o);
    std::error_code ec;
    const auto bytes = fs::file_size(out, ec);
    if (opts->json)
      std::printf("%s\n", nlohmann::json{{"report", out.string()}, {"bytes", ec ? 0 : bytes}}
                              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                              .c_str());
    else
      std::printf("%s\n", out.string().c_str());
  });
}

}  // namespace cranes::cli
