// SPDX-License-Identifier: MIT
// `cranes look IN... -o OUT`: photos and films rendered in the look of Urusevsky's black and white (a preset,
// and any parameter overridden by its flag). A batch goes on past an input that fails, reports it, and exits
// non-zero at the end; no input is ever overwritten, and every output appears whole or not at all.
#include <malloc.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <set>

#include "cli/commands.hpp"
#include "cli/params_cli.hpp"
#include "cli/progress.hpp"
#include "cli/stop_signals.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"
#include "cranes/look/look.hpp"
#include "cranes/look/operations.hpp"
#include "cranes/look/video.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/media/picture.hpp"

namespace cranes::cli {

namespace {
namespace fs = std::filesystem;

bool is_video_target(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".mp4" || ext == ".mkv" || ext == ".mov";
}

// Whether the input is a film; when it cannot be read at all, `unreadable` (reading it then says why).
bool is_film(const std::string& in, bool unreadable) {
  try {
    return look::is_video_file(in);
  } catch (const Error&) {
    return unreadable;
  }
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

void print_look(const look::Look& l) {
  std::printf("%s: %s\n  file: %s\n", l.name.c_str(), l.description.c_str(), l.file.string().c_str());
  const ParamSet defaults = look::look_params();
  for (const auto& [name, value] : l.params.values()) {
    const ParamSpec& spec = l.params.specs().at(name).spec;
    const bool changed = value != defaults.get(name);
    std::printf("  --%-20s %s%s\n", name.c_str(), value_text(spec, value).c_str(),
                changed ? "" : "  (default)");
  }
}

}  // namespace

void add_look_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("look",
                                 "Render photos and films in the black and white of Urusevsky's films "
                                 "(infrared, grain, halation, lens)");
  struct Opts {
    std::vector<std::string> inputs;
    std::string output;
    std::string preset;
    std::string show;
    std::string format = "jpg";
    std::string depth = "auto";
    int quality = 85;
    std::string video_format = "mp4";
    int crf = 18;
    std::string x264_preset = "medium";
    uint64_t seed = 1;
    bool list = false;
    bool json = false;
    bool quiet = false;
    ParamFlags flags;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("IN", opts->inputs,
                  "Photos (JPEG, PNG, TIFF, WebP) and films (anything FFmpeg reads), told apart by their "
                  "content");
  cmd->add_option(
         "-o,--output", opts->output,
         "The picture to write (.avif, .jpg, .png or .tif, by its extension) or film (.mp4, .mkv or .mov:\n"
         "H.264, its audio and subtitles copied), or with several inputs a directory (created when\n"
         "its parent exists) where each is named after its input")
      ->type_name("OUT");
  cmd->add_option("--preset", opts->preset,
                  "A look by name (cranes, letter, cuba, or one of yours) or a .json file; its flags below\n"
                  "override it")
      ->type_name("NAME");
  cmd->add_option("--seed", opts->seed,
                  "The grain's seed: the same seed gives the same picture (the N-th photo of a batch gets\n"
                  "seed + N)")
      ->capture_default_str();
  cmd->add_option("--format", opts->format,
                  "The format of each picture written into a directory: avif, jpg, png or tif")
      ->check(CLI::IsMember({"avif", "jpg", "jpeg", "png", "tif", "tiff"}))
      ->capture_default_str();
  cmd->add_option(
         "--depth", opts->depth,
         "Bits a sample of the pictures written: auto (16 from a photo of more than 8 bits into PNG\n"
         "or TIFF, 12 into AVIF; else 8), 8 or 16")
      ->check(CLI::IsMember({"auto", "8", "16"}))
      ->capture_default_str();
  cmd->add_option("--quality", opts->quality, "1..100 (AVIF and JPEG; PNG is lossless)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--video-format", opts->video_format,
                  "The container of each film written into a directory: mp4, mkv or mov (mkv keeps every\n"
                  "subtitle format; mp4 only its own)")
      ->check(CLI::IsMember({"mp4", "mkv", "mov"}))
      ->capture_default_str();
  cmd->add_option("--crf", opts->crf, "Films: x264's constant quality, 0..51 (lower is better and bigger)")
      ->check(CLI::Range(0, 51))
      ->capture_default_str();
  cmd->add_option("--x264-preset", opts->x264_preset, "Films: x264's speed preset (ultrafast .. veryslow)")
      ->check(CLI::IsMember(
          {"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"}))
      ->capture_default_str();
  cmd->add_flag("--list-presets", opts->list, "List the looks found, and where");
  cmd->add_option("--show-preset", opts->show, "Print every parameter of a look")->type_name("NAME");
  cmd->add_flag("--json", opts->json, "Print the results (or the looks) as JSON");
  cmd->add_flag("-q,--quiet", opts->quiet, "Print nothing but errors");
  opts->flags.add(cmd, look::infrared_params(), "black and white");
  opts->flags.add(cmd, look::tone_params(), "curve");
  opts->flags.add(cmd, look::halation_params(), "halation");
  opts->flags.add(cmd, look::grain_params(), "grain");
  opts->flags.add(cmd, look::geometry_params(), "lens, tilt and frame");
  opts->flags.add(cmd, look::oldfilm_params(), "old print");
  std::string dirs;
  for (const auto& d : look::preset_dirs()) dirs += "  " + d.string() + "\n";
  cmd->footer(
      "The looks:\n"
      "  cranes   The Cranes Are Flying: panchromatic, high contrast, fine grain\n"
      "  letter   Letter Never Sent: harsh, grainy, deep blacks\n"
      "  cuba     I Am Cuba: infrared (foliage white, clear sky black), the 9.8 mm wide-angle lens,\n"
      "           strong halation, 4:3\n"
      "Each operation works in linear light, in this order: black and white; lens, tilt and frame (one\n"
      "remap); the curve; halation; grain; the old print's artefacts; vignette (docs/look.md). A look is a\n"
      "JSON file\n"
      "{\"description\": \"...\", \"params\": {\"contrast\": 2.2, \"bw\": \"infrared\"}}; yours go in\n"
      "$XDG_CONFIG_HOME/cranes/looks/NAME.json (default ~/.config). Looks are read from, first match "
      "first:\n" +
      dirs +
      "Examples:\n"
      "  cranes look beach.jpg -o beach-cuba.avif --preset cuba\n"
      "  cranes look beach.jpg -o beach.png --preset cuba --lens 0.2 --tilt 12\n"
      "  cranes look photos/*.jpg -o looks/ --preset letter --format avif\n"
      "  cranes look holiday.mp4 -o holiday-cuba.mp4 --preset cuba --crf 20\n"
      "  cranes look --show-preset cuba");
  cmd->callback([opts] {
    if (opts->list) {
      nlohmann::json all = nlohmann::json::array();
      for (const look::Look& l : look::list_presets()) {
        if (opts->json)
          all.push_back(look::look_json(l));
        else
          std::printf("%-10s %s\n           %s\n", l.name.c_str(), l.description.c_str(),
                      l.file.string().c_str());
      }
      if (opts->json) std::printf("%s\n", all.dump(2).c_str());
      return;
    }
    if (!opts->show.empty()) {
      const look::Look l = look::load_preset(opts->show);
      if (opts->json)
        std::printf("%s\n", look::look_json(l).dump(2).c_str());
      else
        print_look(l);
      return;
    }
    if (opts->inputs.empty())
      throw Error("look", "give the photos or films to render (IN...)", Error::Kind::Usage);
    if (opts->output.empty()) throw Error("look", "give the output with -o OUT", Error::Kind::Usage);
    look::Look chosen = opts->preset.empty() ? look::Look{} : look::load_preset(opts->preset);
    opts->flags.apply(chosen.params);
    media::ImageWriteOptions wo;
    wo.quality = opts->quality;
    wo.monochrome = true;  // every look is black and white

    // Where each output goes: one photo to OUT, several into the directory OUT, named after each.
    const fs::path out(opts->output);
    std::error_code ec;
    const bool batch = opts->inputs.size() > 1 || fs::is_directory(out, ec);
    std::vector<char> film(opts->inputs.size());
    // An input that cannot be read is taken for what its output would be (for one input), else a picture.
    for (size_t i = 0; i < opts->inputs.size(); ++i)
      film[i] = is_film(opts->inputs[i], !batch && is_video_target(out));
    std::vector<fs::path> targets;
    if (batch) {
      if (!fs::is_directory(out, ec)) {
        if (!out.has_extension() && fs::create_directory(out, ec)) {
        } else if (!fs::is_directory(out, ec)) {
          throw Error(out.string(), "with several photos the output is a directory, and it cannot be made",
                      Error::Kind::Usage);
        }
      }
      const std::string ext(media::image_extension(media::parse_image_format(opts->format)));
      std::set<std::string> taken;
      for (size_t i = 0; i < opts->inputs.size(); ++i) {
        const fs::path in(opts->inputs[i]);
        std::string stem = in.stem().string();
        for (int n = 2; taken.count(stem); ++n) stem = in.stem().string() + "-" + std::to_string(n);
        taken.insert(stem);
        targets.push_back(out / (stem + "." + (film[i] ? opts->video_format : ext)));
      }
    } else if (film[0]) {
      if (!is_video_target(out))
        throw Error(out.string(), "a film is rendered into a film: name the output .mp4, .mkv or .mov",
                    Error::Kind::Usage);
      targets.push_back(out);
    } else {
      if (is_video_target(out))
        throw Error(out.string(),
                    "a photo is rendered into a picture: name the output .avif, .jpg, .png or .tif",
                    Error::Kind::Usage);
      media::image_format_of(out);  // a usage error for an unknown extension, before any work
      targets.push_back(out);
    }
    for (const auto& in : opts->inputs)
      for (const auto& t : targets)
        if (same_file(in, t))
          throw Error(t.string(), "is an input: refusing to overwrite it", Error::Kind::Usage);

    // The look's operations run on OpenCV's threads (the program starts with one, for the analysis's own
    // pipeline): every core for the rendering.
    cv::setNumThreads(-1);
    // A big photo's working pictures are each tens of megabytes, above glibc's threshold for giving every
    // allocation its own mapping: each would be mapped, zeroed page by page by the kernel and unmapped again,
    // a quarter of the command's time on a 24-megapixel photo. Kept in the heap, they are reused.
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    look::Renderer renderer(chosen.params);
    nlohmann::json written = nlohmann::json::array(), failed = nlohmann::json::array();
    // A stop signal lets the photo in hand finish (each is written whole, under a temporary name, then
    // renamed); no further photo starts.
    StopSignals signals;
    size_t not_started = 0;
    for (size_t i = 0; i < opts->inputs.size(); ++i) {
      if (stop_requested()) {
        not_started = opts->inputs.size() - i;
        break;
      }
      const std::string& in = opts->inputs[i];
      try {
        if (film[i]) {
          look::VideoLookOptions vo;
          vo.crf = opts->crf;
          vo.preset = opts->x264_preset;
          vo.seed = opts->seed + i;
          ProgressBar bar("look " + fs::path(in).filename().string(),
                          !opts->quiet && !opts->json && stderr_is_tty());
          int64_t frames = 0;
          vo.progress = [&](double done_s, double total_s) {
            if (++frames % 8 == 0)
              bar.update(total_s > 0 ? done_s / total_s : -1.0, format("%.0f s", done_s));
            return !stop_requested();
          };
          const look::VideoLookResult r = look::render_video(in, targets[i], chosen.params, vo);
          bar.done();
          nlohmann::json j{{"input", in},
                           {"output", targets[i].string()},
                           {"width", r.width},
                           {"height", r.height},
                           {"frames", r.frames},
                           {"ended_early", r.ended_early},
                           {"copied_streams", r.copied_streams},
                           {"skipped_streams", r.skipped_streams}};
          written.push_back(j);
          if (!opts->quiet && !opts->json)
            std::printf("%s -> %s (%dx%d, %lld frames%s)\n", in.c_str(), targets[i].string().c_str(), r.width,
                        r.height, static_cast<long long>(r.frames),
                        r.copied_streams.empty()
                            ? ""
                            : (", " + std::to_string(r.copied_streams.size()) + " streams copied").c_str());
          continue;
        }
        // Deep photos (16-bit PNG or TIFF) keep their precision into a format that holds it.
        const bool deep_out =
            opts->depth == "16" ||
            (opts->depth == "auto" && media::holds_deep_samples(media::image_format_of(targets[i])));
        cv::Mat picture;
        try {
          picture = media::read_picture(in, deep_out);
        } catch (const Error& e) {
          throw Error(in, "not a picture FFmpeg can decode (" + e.cause() + ")", Error::Kind::Decode);
        }
        const int bits = opts->depth == "16" || (deep_out && picture.depth() == CV_16U) ? 16 : 8;
        const cv::Mat rendered = renderer.render(picture, opts->seed + i, bits);
        media::write_image(rendered, targets[i], wo);
        written.push_back({{"input", in},
                           {"output", targets[i].string()},
                           {"width", rendered.cols},
                           {"height", rendered.rows},
                           {"bits", bits}});
        if (!opts->quiet && !opts->json)
          std::printf("%s -> %s (%dx%d)\n", in.c_str(), targets[i].string().c_str(), rendered.cols,
                      rendered.rows);
      } catch (const Error& e) {
        if (!batch) throw;
        std::fprintf(stderr, "cranes: error: %s\n", e.what());
        failed.push_back({{"input", in}, {"error", e.what()}});
      } catch (const cv::Exception& e) {
        if (!batch) throw Error(in, "cannot be rendered: " + std::string(e.err), Error::Kind::Decode);
        std::fprintf(stderr, "cranes: error: %s: cannot be rendered: %s\n", in.c_str(), e.err.c_str());
        failed.push_back({{"input", in}, {"error", e.err}});
      }
    }
    if (opts->json) {
      nlohmann::json j;
      j["look"] = look::look_json(chosen);
      j["written"] = written;
      j["failed"] = failed;
      if (not_started) j["not_started"] = not_started;
      std::printf("%s\n", j.dump(2).c_str());
    } else if (batch && !opts->quiet) {
      std::printf("%zu of %zu inputs written to %s\n", written.size(), opts->inputs.size(),
                  out.string().c_str());
    }
    if (not_started)
      throw Error("look", "interrupted: " + std::to_string(written.size()) + " of " +
                              std::to_string(opts->inputs.size()) + " photos written, " +
                              std::to_string(not_started) + " not started");
    if (!failed.empty())
      throw Error("look", std::to_string(failed.size()) + " of " + std::to_string(opts->inputs.size()) +
                              " inputs failed");
  });
}

}  // namespace cranes::cli
