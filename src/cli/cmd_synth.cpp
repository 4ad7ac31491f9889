// SPDX-License-Identifier: MIT
// `cranes synth`: renders a synthetic clip with exact ground truth (shots, transitions, events that are not
// cuts, the camera of every frame) for tests and benchmarks. Parses options and calls synth::render; nothing
// more.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/synth/synth.hpp"

namespace cranes::cli {
namespace {

// The options bind straight to SynthOptions (its defaults are the flags' defaults); only what needs parsing
// from text (size, rate, bit rate, photos) is held here as text.
struct SynthArgs {
  synth::SynthOptions o;
  std::string scenario;
  std::string output;
  std::string truth;
  std::string size = std::to_string(o.width) + "x" + std::to_string(o.height);
  std::string fps = std::to_string(o.fps.num) + (o.fps.den == 1 ? "" : "/" + std::to_string(o.fps.den));
  std::string bitrate;
  std::vector<std::string> photos;
  bool procedural = false;
  bool list = false;
};

void parse_size(const std::string& s, int& w, int& h) {
  const auto x = s.find_first_of("xX");
  try {
    size_t used_w = 0, used_h = 0;
    if (x == std::string::npos) throw std::invalid_argument(s);
    w = std::stoi(s.substr(0, x), &used_w);
    h = std::stoi(s.substr(x + 1), &used_h);
    if (used_w != x || used_h != s.size() - x - 1 || w < 1 || h < 1) throw std::invalid_argument(s);
  } catch (const std::exception&) {
    throw Error("--size", "expected WIDTHxHEIGHT, e.g. 1280x720, got '" + s + "'", Error::Kind::Usage);
  }
}

Rational parse_fps(const std::string& s) {
  try {
    const auto slash = s.find('/');
    if (slash != std::string::npos) {
      Rational r{std::stoll(s.substr(0, slash)), std::stoll(s.substr(slash + 1))};
      if (r.valid()) return r;
    } else {
      size_t used = 0;
      const double v = std::stod(s, &used);
      if (used == s.size() && v > 0 && v <= 1000) return Rational{std::llround(v * 1000), 1000}.reduced();
    }
  } catch (const std::exception&) {
  }
  throw Error("--fps", "expected a positive rate such as 25, 23.976 or 30000/1001, got '" + s + "'",
              Error::Kind::Usage);
}

int64_t parse_bitrate(const std::string& s) {
  try {
    size_t used = 0;
    double v = std::stod(s, &used);
    const std::string suffix = s.substr(used);
    if (suffix == "k" || suffix == "K")
      v *= 1e3;
    else if (suffix == "m" || suffix == "M")
      v *= 1e6;
    else if (!suffix.empty())
      throw std::invalid_argument(s);
    if (v > 0) return static_cast<int64_t>(v);
  } catch (const std::exception&) {
  }
  throw Error("--bitrate", "expected bits per second such as 8M or 2500k, got '" + s + "'",
              Error::Kind::Usage);
}

std::string scenario_table() {
  std::string out = "Scenarios (lengths at --duration-scale 1, 25 fps):\n";
  for (const std::string& name : synth::scenario_names()) {
    std::string pad(name.size() < 11 ? 11 - name.size() : 1, ' ');
    out += "  " + name + pad + synth::scenario_help(name) + "\n";
  }
  return out;
}

void run(const SynthArgs& a) {
  if (a.list) {
    std::fputs(scenario_table().c_str(), stdout);
    return;
  }
  if (a.scenario.empty()) throw Error("--scenario", "required (see --list)", Error::Kind::Usage);
  if (a.output.empty())
    throw Error("-o", "an output video path is required, e.g. -o clip.mp4", Error::Kind::Usage);
  synth::SynthOptions o = a.o;
  parse_size(a.size, o.width, o.height);
  o.fps = parse_fps(a.fps);
  if (!a.bitrate.empty()) o.bit_rate = parse_bitrate(a.bitrate);
  for (const std::string& p : a.photos) o.photos.emplace_back(p);
  o.use_default_photos = !a.procedural;

  std::filesystem::path video = a.output;
  std::filesystem::path truth_path = a.truth;
  if (truth_path.empty()) truth_path = std::filesystem::path(video).replace_extension(".truth.json");
  if (truth_path == video) throw Error("--truth", "must differ from the output video", Error::Kind::Usage);

  require_writable_directory(truth_path.parent_path());  // fail before rendering, not after
  const synth::GroundTruth truth = synth::render(a.scenario, o, video);
  synth::write_truth(truth, truth_path);
  std::printf("%s (%lld frames, %dx%d, %.3f fps, %zu shots)\n%s\n", video.string().c_str(),
              static_cast<long long>(truth.frames), truth.width, truth.height, truth.fps.to_double(),
              truth.shots.size(), truth_path.string().c_str());
}

}  // namespace

void add_synth_command(CLI::App& app) {
  auto args = std::make_shared<SynthArgs>();
  CLI::App* sub = app.add_subcommand(
      "synth",
      "Render synthetic footage with exact ground truth.\n"
      "A virtual pinhole camera (horizontal field of view 60 deg) pans, tilts, rolls, zooms and dollies over "
      "real\n"
      "photos; shots are joined by cuts, dissolves and fades, and carry flashes, exposure jumps, underwater "
      "drift,\n"
      "whip pans and shake, which are not cuts. Writes the video and OUTPUT.truth.json (shots, transitions,\n"
      "events and the camera of every frame; frames 0-based, ranges [start, end)).");
  sub->add_option("--scenario,-s", args->scenario, "What to film (see the list below)");
  sub->add_option("-o,--output", args->output,
                  "Output video; the container follows the extension (.mp4 .mkv .mov .avi)");
  sub->add_option("--truth", args->truth,
                  "Ground-truth JSON path (default: OUTPUT with extension .truth.json)");
  sub->add_option("--size", args->size, "Frame size WIDTHxHEIGHT")->capture_default_str();
  sub->add_option("--fps", args->fps, "Frame rate: 25, 23.976 or 30000/1001")->capture_default_str();
  sub->add_option("--codec", args->o.codec,
                  "h264 (needs even sizes), ffv1 (lossless, any size), mjpeg, mpeg2video")
      ->capture_default_str();
  sub->add_option("--crf", args->o.crf, "Quality, 0 (best) to 51")
      ->capture_default_str()
      ->check(CLI::Range(0, 51));
  sub->add_option("--bitrate", args->bitrate, "Target bit rate such as 8M or 2500k (overrides --crf)");
  sub->add_option("--photo", args->photos, "Photo(s) to film, used in turn (default: installed wallpapers)");
  sub->add_flag("--procedural", args->procedural, "Film generated textures instead of the installed photos");
  sub->add_flag("--grey,--gray", args->o.grey, "Black-and-white render");
  sub->add_option("--noise", args->o.noise, "Sensor grain, standard deviation in 8-bit levels")
      ->capture_default_str();
  sub->add_option("--fov", args->o.fov_deg,
                  "Horizontal field of view of the virtual camera, degrees (a 9.8 mm lens on 35 mm Academy "
                  "film is about 97)")
      ->capture_default_str()
      ->check(CLI::Range(2.0, 149.0));
  sub->add_option("--seed", args->o.seed, "Seed for shake, grain, textures and the montage")
      ->capture_default_str();
  sub->add_option("--duration-scale", args->o.duration_scale,
                  "Stretch every shot by this factor (montage: add shots), e.g. 4 for a 1-minute montage")
      ->capture_default_str();
  sub->add_flag("--list", args->list, "List the scenarios and exit");
  sub->footer(
      scenario_table() +
      "\nCamera conventions: pan_deg > 0 turns the camera right (content slides left), tilt_deg > 0 up,\n"
      "roll_deg > 0 clockwise as seen from behind (content turns counter-clockwise), zoom multiplies the\n"
      "focal length.\n"
      "Example: cranes synth --scenario demo -o demo.mp4 --grey --noise 4");
  sub->callback([args] { run(*args); });
}

}  // namespace cranes::cli
