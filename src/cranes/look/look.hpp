// SPDX-License-Identifier: MIT
// The Urusevsky look for pictures: black and white from colour (panchromatic, orthochromatic or infrared),
// the film's curve, halation, grain and the camera's geometry (the wide-angle lens, the Dutch tilt, the
// frame), each operation one file with its ParamSpec table (operations.hpp), applied in a fixed order in
// float linear light. Looks are named sets of those parameters: presets in JSON files (share/looks, and the
// user's own in $XDG_CONFIG_HOME/cranes/looks).
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <opencv2/core.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cranes/core/params.hpp"

namespace cranes::look {

/// Every operation's parameters at their defaults, each owned by its operation (infrared, tone, halation,
/// grain, geometry): the defaults are a plain panchromatic conversion.
ParamSet look_params();

/// A named look: the parameters of all operations.
struct Look {
  std::string name;
  std::string description;
  std::filesystem::path file;  ///< where it was read from ("" for the defaults)
  ParamSet params = look_params();
};

/// Renders one picture (CV_8UC3 / CV_16UC3 BGR, or CV_8UC1 / CV_16UC1 grey, in sRGB) in the look: geometry,
/// black-and-white conversion, curve, halation, grain, vignette, in that order, in float linear light.
/// Returns grey of `depth` bits (8 or 16), of the framed size. The same seed gives the same picture.
cv::Mat render_look(const cv::Mat& bgr, const ParamSet& params, uint64_t seed, int depth = 8);

/// The same for many pictures of one look: the geometry's map is computed once per picture size.
class Renderer {
 public:
  explicit Renderer(ParamSet params) : m_params(std::move(params)) {}
  cv::Mat render(const cv::Mat& bgr, uint64_t seed, int depth = 8);

 private:
  ParamSet m_params;
  cv::Size m_map_size;
  cv::Mat m_map;
};

/// The folders presets are read from, first match wins: the user's ($XDG_CONFIG_HOME/cranes/looks, else
/// ~/.config/cranes/looks), the source tree's share/looks, the installed share/cranes/looks.
std::vector<std::filesystem::path> preset_dirs();

/// Every preset found (the user's shadowing the built-in ones of the same name), by name.
std::vector<Look> list_presets();

/// A preset by name (NAME.json in preset_dirs()), or a path to a .json file. Throws cranes::Error (Usage)
/// naming it when there is none.
Look load_preset(std::string_view name_or_path);

/// Reads a look file: {"description": "...", "params": {"NAME": value, ...}}. Throws cranes::Error naming the
/// file, and the key with its allowed range for an unknown key or a value out of range.
Look read_look(const std::filesystem::path& file);
/// The same from parsed JSON; `subject` names it in errors.
Look parse_look(const nlohmann::json& j, const std::string& subject);

/// {"name", "description", "file", "params": {...}} with every parameter's value.
nlohmann::json look_json(const Look& look);

}  // namespace cranes::look
