// SPDX-License-Identifier: MIT
// Private to synth/: a scenario is built as a list of shot plans (picture, camera path, in-shot effects, the
// join to the previous shot); finalising lays them on the timeline, which fixes every frame of the ground
// truth before a single pixel is rendered. The renderer then only looks frames up.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cranes/synth/synth.hpp"

namespace cranes::synth::detail {

/// Camera path of one shot: t_s is seconds from the shot's first frame (negative while it dissolves in),
/// length_s the shot's length.
using CameraPath = std::function<CameraSample(double t_s, double length_s)>;

enum class JoinType { Cut, Dissolve, Fade };

struct Join {
  JoinType type = JoinType::Cut;
  int frames = 0;     ///< dissolve length (odd), or fade-out length
  int frames_in = 0;  ///< fade-in length
  std::string colour = "black";
};

struct Flash {
  int64_t frame;                ///< from the shot's first frame
  std::vector<double> amounts;  ///< per frame, toward white (0..1)
};

// Effect strengths, shared by the renderer and the truth's event details. Pixel sizes are at 640 px wide and
// scale with the width.
constexpr double kFireFlicker = 0.25;  ///< fire light: brightness modulation at the glow, +-
constexpr double kSmokeAlphaMin = 0.1, kSmokeAlphaMax = 0.3;  ///< translucent smoke layer
constexpr double kOldFilmFlicker = 0.08;                      ///< old film: global exposure flicker, +-
constexpr double kGateWeavePx = 1.5, kGateWeaveDeg = 0.2;     ///< old film: gate weave, +-
constexpr double kOldFilmGrain = 5;        ///< old film: grain standard deviation, 8-bit levels
constexpr int kDustMin = 2, kDustMax = 8;  ///< old film: specks per frame
constexpr int kScratches = 2;              ///< old film: scratch tracks, each intermittent

/// Something dark crossing close to the lens (a passer-by, a post on a tracking shot): out of focus, so a
/// soft-edged blob that covers the full height and, at its widest, most of the width.
struct Occluder {
  int64_t frame = 0;  ///< first frame it covers: from the shot's first frame (plan) or timeline frame (clip)
  int frames = 0;     ///< frames it takes to cross, from touching one edge to leaving the other
  double width_frac = 0.7;  ///< widest coverage, fraction of the frame width
  bool left_to_right = true;
  int index = 0;  ///< within its shot: picks its texture, so two crossings differ
};

struct ShotPlan {
  int64_t length = 0;      ///< frames the shot owns in the truth
  Join join;               ///< how it joins the previous shot (ignored for the first)
  int picture = 0;         ///< which photo (or procedural texture)
  int layer_picture = -1;  ///< foreground parallax layer cut out of this picture, -1: none
  CameraPath camera;
  double shutter = 0;    ///< motion blur: fraction of the frame interval the shutter is open
  double shake_px = 0;   ///< handheld shake: standard deviation of the displacement, output pixels
  double shake_deg = 0;  ///< handheld roll jitter, standard deviation
  /// When hi > 0 the shake is band-limited instead of a random walk: per axis, three sinusoids with
  /// frequencies drawn from [lo, hi] Hz and random phases whose sum peaks at about +-shake_px (+-shake_deg),
  /// as a handheld operator's sway (1.5-4 Hz) or a running camera's bounce (6-10 Hz).
  double shake_hz_lo = 0, shake_hz_hi = 0;
  std::vector<Flash> flashes;
  std::vector<std::pair<int64_t, double>> exposure_jumps;  ///< (frame from shot start, gain factor)
  int64_t underwater_start = -1, underwater_full = -1;     ///< frames from shot start: the drift ramps 0 -> 1
  std::vector<Occluder> occluders;
  int64_t fire_start = -1, fire_end = -1;  ///< frames from shot start: fire light flickering, smoke drifting
  bool old_film =
      false;  ///< the whole shot as an old black-and-white print: flicker, dust, scratches, weave, grain
  double old_film_flicker = 0;     ///< > 0: the print's exposure flicker, +- this share (else the stock's)
  std::vector<TruthEvent> events;  ///< camera events, frames relative to the shot start
  std::string description;
  /// > 0: every frame's levels are set to this mean and standard deviation (8-bit), so that two shots
  /// differ in nothing a histogram shows (a dissolve between them cannot be told by brightness or contrast).
  double level_mean = 0, level_std = 0;
};

/// A shot laid on the timeline.
struct Clip {
  int picture = 0;
  int layer_picture = -1;
  int64_t truth_start = 0, truth_end = 0;      ///< frames the shot owns
  int64_t visible_start = 0, visible_end = 0;  ///< frames it is seen, transition overlaps included
  std::vector<CameraSample> camera;            ///< one per visible frame
  double shutter = 0;
  std::vector<std::pair<int64_t, double>> flash;           ///< timeline frame, amount
  std::vector<std::pair<int64_t, double>> exposure_jumps;  ///< timeline frame, gain factor
  int64_t underwater_start = -1, underwater_full = -1;     ///< timeline frames
  std::vector<Occluder> occluders;                         ///< timeline frames
  int64_t fire_start = -1, fire_end = -1;                  ///< timeline frames
  bool old_film = false;
  double old_film_flicker = 0;           ///< ShotPlan's, the stock's when 0
  double level_mean = 0, level_std = 0;  ///< ShotPlan's
};

struct Timeline {
  GroundTruth truth;
  std::vector<std::filesystem::path> photos;  ///< resolved from the options; empty: procedural textures
  std::vector<Clip> clips;                    ///< clips[k] is truth.shots[k]
  /// A line burned into the print's lower left corner over every frame, fades and all (a copyright or
  /// archive line, as old prints and broadcasts carry); empty: none.
  std::string caption;
};

/// The photos a render uses: opts.photos, else default_photos() when allowed.
std::vector<std::filesystem::path> resolve_photos(const SynthOptions& opts);

/// A short name for picture slot `index` ("Path", "building", "procedural:3"), mirrored ones marked.
std::string picture_name(const std::vector<std::filesystem::path>& photos, int index);

/// Lays shot plans end to end; fade_in_frames / fade_out_frames > 0 fade the film in at its start / out at
/// its end.
Timeline lay_out(const std::vector<ShotPlan>& plans, const SynthOptions& opts,
                 std::vector<std::filesystem::path> photos, int fade_in_frames,
                 const std::string& fade_in_colour, int fade_out_frames, const std::string& fade_out_colour);

/// Builds the named scenario's timeline; throws cranes::Error (Usage) when unknown.
Timeline build_scenario(const std::string& name, const SynthOptions& opts);

/// The picture for slot `index`: a photo from `photos` (cycled, mirrored on every second cycle) or, when
/// `photos` is empty or the file cannot be read, a procedural texture seeded by (seed, index). BGR, or grey.
cv::Mat load_picture(const std::vector<std::filesystem::path>& photos, int index, uint64_t seed, bool grey,
                     std::string* name);

/// A 1920x1080 colour texture with structure at every scale (noise octaves, shapes, lines), seeded.
cv::Mat procedural_texture(uint64_t seed, int width = 1920, int height = 1080);

/// Standard normal deviates from a 64-bit seed, identical on every platform.
class Gaussian {
 public:
  explicit Gaussian(uint64_t seed) : m_state(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E5ULL) {}
  double next();
  double uniform();  ///< [0, 1)

 private:
  uint64_t m_state;
  bool m_has_spare = false;
  double m_spare = 0;
};

}  // namespace cranes::synth::detail
