// SPDX-License-Identifier: MIT
// `cranes probe FILE [--json]`: what a video is (container, codec, size, aspect, rates, duration, rotation,
// audio).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cranes/media/probe.hpp"

namespace cranes::cli {

namespace {
std::string rat(const Rational& r) {
  char buf[64];
  if (!r.valid()) return "unknown";
  if (r.den == 1)
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(r.num));
  else
    std::snprintf(buf, sizeof buf, "%lld/%lld (%.3f)", static_cast<long long>(r.num),
                  static_cast<long long>(r.den), r.to_double());
  return buf;
}
}  // namespace

void add_probe_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("probe", "Describe a video: container, codec, size, aspect, frame rate, rotation");
  struct Opts {
    std::vector<std::string> files;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("FILE", opts->files, "Video files (anything FFmpeg reads)")->required();
  cmd->add_flag("--json", opts->json, "Print JSON (one document, an array when several files)");
  cmd->footer(
      "Frame count is the container's figure when it has one (\"unknown\" otherwise); `cranes analyze`\n"
      "counts every decoded frame. Width and height are in display orientation (rotation applied).");
  cmd->callback([opts] {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& f : opts->files) {
      const media::VideoInfo v = media::probe(f);
      if (opts->json) {
        all.push_back(media::to_json(v));
        continue;
      }
      std::printf("%s\n", v.path.c_str());
      std::printf("  container   %s (%s)\n", v.container.c_str(), v.container_long.c_str());
      std::printf("  video       %s %s, %dx%d", v.codec.c_str(), v.pixel_format.c_str(), v.width, v.height);
      if (v.sar.num != v.sar.den) std::printf(" SAR %s", rat(v.sar).c_str());
      std::printf(" DAR %lld:%lld\n", static_cast<long long>(v.dar.num), static_cast<long long>(v.dar.den));
      std::printf("  frame rate  %s nominal, %s average%s\n", rat(v.fps_nominal).c_str(),
                  rat(v.fps_average).c_str(), v.variable_frame_rate ? " (variable)" : "");
      std::printf("  duration    %.3f s, frames %s\n", v.duration_s,
                  v.frames >= 0 ? std::to_string(v.frames).c_str() : "unknown");
      if (v.rotation_deg) std::printf("  rotation    %d deg clockwise for display\n", v.rotation_deg);
      for (const auto& a : v.audio)
        std::printf("  audio #%d    %s, %d ch, %d Hz%s%s\n", a.index, a.codec.c_str(), a.channels,
                    a.sample_rate, a.language.empty() ? "" : ", ", a.language.c_str());
    }
    if (opts->json) {
      const auto& doc = all.size() == 1 ? all[0] : all;
      std::printf("%s\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    }
  });
}

}  // namespace cranes::cli
