// SPDX-License-Identifier: MIT
// Synthetic footage with exact ground truth: a virtual pinhole camera (pan, tilt, roll, zoom, dolly with a
// parallax layer, handheld shake) looks at a real photo, each frame one homography warp; shots are joined by
// cuts, dissolves and fades, and carry effects that are NOT cuts (flashes, exposure jumps, underwater drift,
// whip pans, near-lens occluders, fire light, old-film artefacts).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "cranes/core/geometry.hpp"
#include "cranes/core/rational.hpp"
#include "cranes/film/labels.hpp"

namespace cranes::synth {

/// The virtual camera at one frame. Angles follow docs' camera-centric conventions: pan_deg > 0 turns the
/// camera right (content slides left), tilt_deg > 0 turns it up (content slides down), roll_deg > 0 turns it
/// clockwise as seen from behind (content turns counter-clockwise on screen, a level horizon rises to the
/// right). The rotation is R = R_y(pan) R_x(tilt) R_z(roll). zoom scales the focal length
/// (focal_length_px(width, fov_deg) * zoom). dolly is the magnification of the near (foreground) layer by
/// camera travel; the far background magnifies by 1 + (dolly - 1) / 4, so the layer grows and slides outward
/// faster (parallax). shake_*_px is the handheld displacement of the picture content in output pixels (x
/// right, y down); shake roll is included in roll_deg. truck is the camera's sideways travel (> 0: right) in
/// units of the near layer's distance; the background stands kBackgroundDepth times farther, so it slides
/// that many times slower (parallax). arc_deg moves the camera round a point on the optical axis at the near
/// layer's distance (> 0: the camera travels to its right, i.e. counter-clockwise seen from above) while it
/// turns to keep facing that point: the near layer holds still and the background slides the other way. The
/// arc's own turn is not in pan_deg.
struct CameraSample {
  double pan_deg = 0, tilt_deg = 0, roll_deg = 0, zoom = 1, dolly = 1, shake_x_px = 0, shake_y_px = 0;
  double truck = 0, arc_deg = 0;
  friend bool operator==(const CameraSample&, const CameraSample&) = default;
};

/// A transition between shots; frames [start_frame, end_frame) belong to it.
/// - "cut": start_frame is the first frame of the new shot, end_frame = start_frame + 1.
/// - "dissolve" over N frames (N odd): frame start+k shows (1 - a) * A + a * B with a = (k + 1) / (N + 1), so
/// the
///   middle frame is the exact 50/50 blend and no frame of it is pure A or pure B.
/// - "fade_out" over N frames: frame start+k is the shot times g = 1 - (k + 1) / N (the last frame is pure
/// colour);
///   "fade_in" over N frames: g = k / N (the first frame is pure colour). `colour` is "black" or "white"; a
///   fade to white mixes in white: g * image + (1 - g) * 255.
struct TruthTransition {
  film::TransitionType type = film::TransitionType::Cut;
  int64_t start_frame = 0;
  int64_t end_frame = 0;
  std::string colour;  ///< fades only
  friend bool operator==(const TruthTransition&, const TruthTransition&) = default;
};

/// Shots partition [0, frames) exactly, in order. Assignment of transition frames: a dissolve of N frames
/// starting at s gives its first N/2 (integer division) frames to shot A and the rest, from the midpoint s +
/// N/2 on, to shot B (the frame where B's weight reaches 1/2); a fade_out belongs to the shot that fades, a
/// fade_in to the shot that appears; a cut's frame is the new shot's first frame.
struct TruthShot {
  int64_t start_frame = 0;
  int64_t end_frame = 0;
  std::string description;
  friend bool operator==(const TruthShot&, const TruthShot&) = default;
};

/// Something inside a shot that must not be detected as a cut: "flash", "exposure_jump", "underwater",
/// "spin", "whip_pan", "shake", "zoom", "pan", "tilt", "dolly", "occluder" (a dark shape crossing close to
/// the lens), "fire_flicker" (fire light flickering frame to frame, smoke drifting), "caption" (a line burned
/// into every frame), "old_film" (a whole shot
/// as an old black-and-white print: exposure flicker, dust, scratches, gate weave, grain). [start_frame,
/// end_frame) are the affected frames (for an exposure jump, the first frame at the new gain).
struct TruthEvent {
  std::string type;
  int64_t start_frame = 0;
  int64_t end_frame = 0;
  std::string detail;  ///< e.g. "roll_cw 180 deg/s", "gain x1.8"
  friend bool operator==(const TruthEvent&, const TruthEvent&) = default;
};

struct GroundTruth {
  std::string scenario;
  int width = 0, height = 0;
  Rational fps{25, 1};
  int64_t frames = 0;
  double fov_deg = 60;  ///< horizontal field of view of the virtual camera at zoom 1
  uint64_t seed = 1;
  std::vector<std::string>
      photos;  ///< the pictures used, in order of first use ("procedural:N" when generated)
  std::vector<TruthShot> shots;
  std::vector<TruthTransition> transitions;
  std::vector<TruthEvent> events;
  /// One per frame: the camera of the shot the frame belongs to (during a dissolve both shots' cameras move;
  /// the frame's owner is given by the shot assignment above).
  std::vector<CameraSample> camera;
  friend bool operator==(const GroundTruth&, const GroundTruth&) = default;
};

struct SynthOptions {
  int width = 640, height = 360;
  Rational fps{25, 1};
  /// Photos to film; empty = the installed wallpapers that exist (default_photos()), else procedural
  /// textures. A photo that cannot be read is replaced by a procedural texture, with a warning.
  std::vector<std::filesystem::path> photos;
  std::string codec = "h264";  ///< see media::VideoWriterOptions
  int crf = 20;
  int64_t bit_rate = 0;
  bool grey = false;                ///< render black-and-white (one channel), as most of the target films are
  double noise = 0;                 ///< sensor noise / grain standard deviation, in 8-bit levels
  uint64_t seed = 1;                ///< shake, noise, procedural textures and the montage scenario's choices
  double duration_scale = 1.0;      ///< stretches every shot (the "montage" scenario adds shots instead)
  double fov_deg = kDefaultFovDeg;  ///< horizontal field of view of the virtual camera
  bool use_default_photos = true;   ///< false: an empty `photos` means procedural textures only
};

/// Focal length in pixels of a pinhole camera `width_px` wide with horizontal field of view `fov_deg`.
double focal_length_px(int width_px, double fov_deg);

std::vector<std::string> scenario_names();
/// One line on what the scenario shows; throws cranes::Error (Usage) for an unknown name.
std::string scenario_help(const std::string& name);
/// Installed wallpapers and sample photos that exist on this machine, in a fixed order.
std::vector<std::filesystem::path> default_photos();

/// Renders a scenario frame by frame, in any order, deterministically (frame i depends only on i and the
/// options). Holds the prepared source pictures of the shots in use (a few, not the whole film).
class Renderer {
 public:
  /// Throws cranes::Error (Usage) for an unknown scenario or invalid options.
  Renderer(const std::string& scenario, const SynthOptions& opts);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  const GroundTruth& truth() const;
  int64_t frames() const;
  /// The final frame: CV_8UC3 (BGR), or CV_8UC1 when rendering grey.
  cv::Mat frame(int64_t index);
  /// Shot `shot`'s own picture at timeline frame `index` (with its in-shot effects, before dissolves, fades
  /// and noise); `index` may lie in the shot's transition overlap. Throws cranes::Error when the shot is not
  /// visible.
  cv::Mat shot_frame(size_t shot, int64_t index);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

using RenderProgress = std::function<void(int64_t frames_done, int64_t frames_total)>;

/// Renders `scenario` into `out_video` (container from the extension, written atomically) and returns its
/// truth. Streams: constant memory whatever the length.
GroundTruth render(const std::string& scenario, const SynthOptions& opts,
                   const std::filesystem::path& out_video, const RenderProgress& progress = {});

nlohmann::json to_json(const GroundTruth& truth);
GroundTruth truth_from_json(const nlohmann::json& j);
/// Writes the truth as JSON (schema "cranes-synth-truth/1"), atomically.
void write_truth(const GroundTruth& truth, const std::filesystem::path& json_path);
GroundTruth read_truth(const std::filesystem::path& json_path);

}  // namespace cranes::synth
