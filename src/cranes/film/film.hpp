// SPDX-License-Identifier: MIT
// The value types of an analysed film: plain structs with operator==, serialised by one function pair
// (to_json / film_from_json). Everything downstream (reports, galleries, catalog, CSV/EDL) reads these, never
// the video. Frames are 0-based, ranges half-open [start, end), times in seconds from the first frame.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cranes/film/labels.hpp"
#include "cranes/media/probe.hpp"

namespace cranes::film {

inline constexpr const char* kSchema = "cranes/1";

/// What the single pass saw while decoding, independent of any analyzer.
struct DecodeReport {
  int64_t frames = 0;           ///< frames decoded
  int64_t decode_failures = 0;  ///< damaged packets or pictures that were skipped or concealed
  bool ended_early = false;     ///< the container ended on an error (truncated file)
  double duration_s = 0.0;      ///< first frame start to last frame end, from the timestamps
  double min_frame_interval_s = 0.0;
  double max_frame_interval_s = 0.0;
  bool variable_frame_rate = false;  ///< measured: frame intervals differ by more than 1 %
  /// The decoder skipped its loop filter (deblocking) on frames that no other frame predicts from: faster,
  /// and nothing drifts; only those frames' block edges stay unsmoothed, invisible on the analysis proxies.
  bool nonref_deblock_skipped = false;
  double elapsed_s = 0.0;  ///< wall-clock time of the pass
  friend bool operator==(const DecodeReport&, const DecodeReport&) = default;
};

struct Transition {
  TransitionType type = TransitionType::Cut;
  int64_t start_frame = 0;
  int64_t end_frame = 0;
  double confidence = 0.0;
  friend bool operator==(const Transition&, const Transition&) = default;
};

/// A stretch of one camera movement within a shot (camera-centric labels, labels.hpp and docs/format.md).
struct Movement {
  int64_t start_frame = 0;
  int64_t end_frame = 0;
  double start_s = 0.0;
  double end_s = 0.0;
  MovementLabel label = MovementLabel::Static;
  double rate = 0.0;  ///< signed as the label reads (always >= 0 for the labelled direction)
  RateUnit rate_unit = RateUnit::None;
  double rate_width_per_s = 0.0;  ///< the same move as picture motion, in frame widths per second
  double total = 0.0;  ///< over the segment: degrees turned (pan/tilt/roll), scale factor (zoom/dolly)
  std::vector<MovementLabel> also;  ///< weaker movements at the same time (a pan with a slight tilt)
  bool handheld = false;            ///< jitter on top of the move
  bool whip = false;    ///< a whip pan (or tilt): a burst of motion too fast to see through the blur
  double shake = 0.0;   ///< jitter, RMS frame widths per frame
  double energy = 0.0;  ///< mean picture motion at the frame corners, frame widths per second
  double confidence = 0.0;
  friend bool operator==(const Movement&, const Movement&) = default;
};

struct Shot {
  int index = 0;
  int64_t start_frame = 0;
  int64_t end_frame = 0;
  double start_s = 0.0;
  double end_s = 0.0;
  double length_s = 0.0;
  std::optional<TransitionType> transition_in;   ///< the transition that opens the shot (none for the first)
  std::optional<TransitionType> transition_out;  ///< the transition that closes it (none for the last)
  std::vector<Movement> movements;               ///< empty when the motion analyzer did not run
  /// Camera roll against true vertical (median of the key frames), > 0: rolled clockwise, a level horizon
  /// rises to the right; empty when unknown (no usable lines) or not measured.
  std::optional<double> dutch_deg;
  double dutch_confidence = 0.0;
  bool dutch = false;  ///< |roll| >= 5 deg on key frames more than a second apart
  /// The roll over time, when the camera rolls within the shot (by more than the Dutch threshold) and lines
  /// fix the angle at least once: the tracked roll, anchored to the key frames' line angles. Once a second.
  struct AngleSample {
    double time_s = 0;
    double deg = 0;
    friend bool operator==(const AngleSample&, const AngleSample&) = default;
  };
  std::vector<AngleSample> dutch_track;
  std::optional<CameraAngle> camera_angle;  ///< none: not measured
  std::optional<ScaleCall> scale;           ///< Salt's scale or a range ("CU-MS"); none: not measured
  /// Horizontal field of view of the lens across the active picture, in degrees, as used for this shot's pan
  /// and tilt degrees; fov_source says where it comes from: "measured" (this shot's own turns), "film" (the
  /// turns of the film's other shots), "assumed" (the motion analyzer's --fov), "" (not measured).
  double fov_deg = 0.0;
  std::optional<FovSource> fov_source;
  /// The frame that best shows the shot, for thumbnails: the stills analyzer's best candidate in it (sharp,
  /// steady, well exposed, away from transitions and flashes), chosen as a still or not; none when the stills
  /// analyzer did not run or found no candidate.
  std::optional<int64_t> key_frame;
  friend bool operator==(const Shot&, const Shot&) = default;
};

/// Camera motion over the film, one value a step (for plots): rates as in Movement, the field of view
/// assumed.
struct MotionTrack {
  double step_s = 1.0;
  double fov_deg = 0.0;  ///< horizontal field of view assumed to turn picture motion into degrees
  /// The lens measured from the camera's turns (rotation-only homographies), across the active picture: the
  /// median over the turning windows of the film, their count and the spread (half the 25-75 % range); 0 when
  /// fewer than three windows told.
  double measured_fov_deg = 0.0;
  int measured_fov_windows = 0;
  double measured_fov_spread_deg = 0.0;
  std::vector<double> pan_deg_s, tilt_deg_s, roll_deg_s, zoom_per_s, shake, energy;
  friend bool operator==(const MotionTrack&, const MotionTrack&) = default;
};

/// A shot named in the statistics (the longest takes).
struct ShotRef {
  int index = 0;
  double start_s = 0.0;
  double length_s = 0.0;
  friend bool operator==(const ShotRef&, const ShotRef&) = default;
};

/// One of N equal-time sections of the film (Brisson's method): shots straddling a border count fractionally.
struct Section {
  double start_s = 0.0;
  double end_s = 0.0;
  double shots = 0.0;  ///< fractional shot count
  double asl_s = 0.0;  ///< section length / shots
  friend bool operator==(const Section&, const Section&) = default;
};

struct HistogramBin {
  double from_s = 0.0;
  double to_s = 0.0;
  int count = 0;
  friend bool operator==(const HistogramBin&, const HistogramBin&) = default;
};

/// Cinemetrics statistics of the shot lengths (Tsivian & Civjans; Salt): ASL = length / shots, MSL = median.
struct Stats {
  int shots = 0;
  double length_s = 0.0;  ///< sum of shot lengths
  double asl_s = 0.0;
  double msl_s = 0.0;
  double msl_asl = 0.0;
  double stdev_s = 0.0;  ///< population standard deviation
  double cv = 0.0;       ///< stdev / ASL
  double min_s = 0.0;
  double max_s = 0.0;
  std::vector<ShotRef> longest;   ///< the longest takes, longest first
  std::vector<Section> sections;  ///< ASL per equal-time section
  std::vector<HistogramBin> distribution;
  friend bool operator==(const Stats&, const Stats&) = default;
};

/// The active picture inside letterbox or pillarbox bars, in source pixels (display orientation).
struct ActiveArea {
  bool known = false;  ///< enough key frames with picture content to decide
  int x = 0, y = 0, width = 0, height = 0;
  double aspect = 0.0;  ///< display aspect ratio of the area
  std::string name;     ///< nearest standard ratio ("1.37", "1.85", "2.35"...) or ""
  bool letterbox = false, pillarbox = false;
  friend bool operator==(const ActiveArea&, const ActiveArea&) = default;
};

/// A still the stills analyzer chose (docs/stills.md), and the picture file it was written to.
struct Still {
  int64_t frame = 0;
  double time_s = 0.0;
  int shot = 0;        ///< index of the shot it belongs to
  double score = 0.0;  ///< 0..1: sharpness, steadiness, exposure and distance from transitions together
  std::string reason;  ///< why it was chosen, in a few words
  /// The picture, relative to the directory of the analysis JSON when it lies below it, else absolute; ""
  /// when the still was chosen but not written.
  std::string path;
  int width = 0, height = 0;  ///< of the written picture (display aspect, bars cropped)
  friend bool operator==(const Still&, const Still&) = default;
};

struct Film {
  std::string schema = kSchema;
  media::VideoInfo source;
  nlohmann::json params = nlohmann::json::object();  ///< every parameter the analysis ran with
  std::vector<std::string> analyzers;                ///< names of the analyzers that ran
  DecodeReport decode;
  std::vector<Transition> transitions;
  std::vector<Shot> shots;
  Stats stats;                ///< meaningful when stats.shots > 0
  MotionTrack motion;         ///< empty when the motion analyzer did not run
  ActiveArea active;          ///< known = false when the framing analyzer did not run
  std::vector<Still> stills;  ///< in film order; empty when the stills analyzer did not run
  friend bool operator==(const Film&, const Film&) = default;
};

// JSON of each value type, through one field table per struct (film_json.cpp).
void to_json(nlohmann::json& j, const DecodeReport& v);
void from_json(const nlohmann::json& j, DecodeReport& v);
void to_json(nlohmann::json& j, const Transition& v);
void from_json(const nlohmann::json& j, Transition& v);
void to_json(nlohmann::json& j, const Movement& v);
void from_json(const nlohmann::json& j, Movement& v);
void to_json(nlohmann::json& j, const Shot::AngleSample& v);
void from_json(const nlohmann::json& j, Shot::AngleSample& v);
void to_json(nlohmann::json& j, const Shot& v);
void from_json(const nlohmann::json& j, Shot& v);
void to_json(nlohmann::json& j, const MotionTrack& v);
void from_json(const nlohmann::json& j, MotionTrack& v);
void to_json(nlohmann::json& j, const ShotRef& v);
void from_json(const nlohmann::json& j, ShotRef& v);
void to_json(nlohmann::json& j, const Section& v);
void from_json(const nlohmann::json& j, Section& v);
void to_json(nlohmann::json& j, const HistogramBin& v);
void from_json(const nlohmann::json& j, HistogramBin& v);
void to_json(nlohmann::json& j, const Stats& v);
void from_json(const nlohmann::json& j, Stats& v);
void to_json(nlohmann::json& j, const ActiveArea& v);
void from_json(const nlohmann::json& j, ActiveArea& v);
void to_json(nlohmann::json& j, const Still& v);
void from_json(const nlohmann::json& j, Still& v);

/// The whole document (with the "generator" line).
nlohmann::json to_json(const Film& film);
/// Throws cranes::Error (Format) when the document is not a cranes/1 film.
Film film_from_json(const nlohmann::json& j, const std::string& origin = "");

/// Writes the film as pretty JSON, atomically. Invalid UTF-8 from hostile metadata is replaced, never fatal.
void write_film(const Film& film, const std::filesystem::path& path);
Film read_film(const std::filesystem::path& path);
/// The document itself, for readers that want more than the Film (its "generator"). Throws cranes::Error
/// naming the file when it cannot be read or is not JSON.
nlohmann::json read_film_document(const std::filesystem::path& path);

}  // namespace cranes::film
