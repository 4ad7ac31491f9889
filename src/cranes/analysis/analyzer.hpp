// SPDX-License-Identifier: MIT
// An Analyzer sees every frame once, in order, keeps only the little state it needs (a few frames of history,
// running sums), and at the end writes its findings into the Film. The pass owns the loop; analyzers never
// decode or hold the whole film. One analyzer per file, which registers itself (Registration) with its
// parameter table.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cranes/analysis/frame_times.hpp"
#include "cranes/core/params.hpp"
#include "cranes/film/film.hpp"
#include "cranes/media/frame_source.hpp"

namespace cranes::analysis {

class FrameContext;

/// What an analyzer wants from the pass beyond the grey proxy, declared once before the first frame (as an
/// FFmpeg filter negotiates its formats before config_input: the pass opens the decoder with the union of
/// every analyzer's needs, so they are asked before `begin`). The pass makes each thing only when someone
/// needs it.
struct Needs {
  int colour_width = 0;  ///< a BGR colour proxy this wide (the widest asked for wins); 0 = none
  bool every_full_frame =
      false;  ///< a full-size BGR copy of every frame (costly: prefer `chosen_full_frames`)
  /// Keep a reference to each decoded picture so that FrameContext::full() can convert the few frames the
  /// analyzer chooses (stills) to full-size colour, on demand; no conversion happens unless it asks.
  bool chosen_full_frames = false;
  /// With chosen_full_frames: the analyzer chooses only among frames whose index is a multiple of this, so
  /// the others need not keep their pictures.
  int chosen_every = 1;
  double luma_period_s = 0.0;  ///< key frames with full-resolution luma (Frame::luma) this often; 0 = none
  /// > 0: this analyzer reads FrameContext::motion(); the pass keeps one corner tracker for every analyzer,
  /// assuming this horizontal field of view (degrees) for the camera's turns (the first analyzer's wins).
  double tracker_fov_deg = 0.0;
  /// The tracker reads turns under the focal length it measures from the turns so far
  /// (FrameMotion::focal_used_w) rather than under the assumed field of view.
  bool measure_lens = false;
};

/// A still an analyzer chose, handed to the pass's sink (PassOptions::stills) while the picture is at hand;
/// the sink decides formats and files, the analysis knows none.
struct StillFrame {
  int64_t frame = 0;
  double time_s = 0.0;
  double score = 0.0;
  std::string reason;  ///< why it was chosen, in a few words
  /// Full resolution in display orientation and display aspect (square pixels), letterbox bars cropped when
  /// the analyzer found them.
  cv::Mat bgr;
};

/// One per-frame measurement an analyzer reports (PySceneDetect's StatsManager, FFmpeg's lavfi.scd.*
/// metadata): for `cranes analyze --metrics`, for golden files in tests, for tuning thresholds.
struct Metric {
  int64_t frame = 0;
  std::string_view analyzer;
  std::string_view key;
  double value = 0.0;
};

/// The pass's services an analyzer may call while the stream runs.
class PassEvents {
 public:
  virtual ~PassEvents() = default;
  /// The frame-time table, up to and including the frame being processed; at finish, the whole film.
  virtual const FrameTimes& times() const = 0;
  /// True when someone records metrics (PassOptions::metrics): skip computing them otherwise.
  virtual bool wants_metrics() const = 0;
  /// Records one measurement of frame `frame` under this analyzer's name.
  virtual void metric(int64_t frame, std::string_view key, double value) = 0;
  /// Hands a chosen still to the pass's sink, which writes it and says where (Still::path, width, height);
  /// with no sink the record comes back with its frame, time, score and reason only.
  virtual film::Still still(StillFrame&& still) = 0;
  /// A transition as soon as its analyzer decided it (provisional: the final list, at finish, may still drop
  /// a cut that a longer dissolve or fade turns out to contain). Every other analyzer hears it through
  /// Analyzer::on_transition before the next frame.
  virtual void publish(const film::Transition& transition) = 0;
};

class Analyzer {
 public:
  virtual ~Analyzer() = default;
  virtual std::string_view name() const = 0;
  /// What the pass must provide (see Needs); asked once, before `begin`.
  virtual Needs needs() const { return {}; }
  /// Called once before the first frame; `events` lives for the whole pass.
  virtual void begin(const media::VideoInfo& /*info*/, cv::Size /*grey_size*/, PassEvents& /*events*/) {}
  /// Called for every decoded frame, in display order.
  virtual void process(const media::Frame& frame, FrameContext& ctx) = 0;
  /// A transition another analyzer published during the stream (see PassEvents::publish).
  virtual void on_transition(const film::Transition& /*transition*/) {}
  /// Called once after the last frame; adds results to `film`. `finish` runs in the declared order
  /// (AnalyzerInfo::after), so an analyzer may read what the ones it runs after wrote (shots, for instance).
  virtual void finish(film::Film& film) = 0;
};

/// A registered analyzer: its name, one line of help, its parameter table, a factory, and the analyzers whose
/// results it reads at finish (it runs after them, when they run). Events published during the stream carry
/// their own latency (`publish_latency_frames`: the most frames between a transition's last frame and its
/// publication).
struct AnalyzerInfo {
  std::string_view name;
  std::string_view help;
  std::span<const ParamSpec> params;
  std::unique_ptr<Analyzer> (*make)(const ParamSet& params);
  std::span<const std::string_view> after = {};
  int publish_latency_frames = 0;
  bool by_default = true;  ///< runs when no analyzer is named (--only); false while it is being built
};

/// Registers an analyzer: each analyzer file ends with one `const Registration kRegistration{{...}};`.
struct Registration {
  explicit Registration(const AnalyzerInfo& info);
};

/// All registered analyzers, in the order they run: each after the ones it names in `after`, otherwise by
/// name.
std::span<const AnalyzerInfo> registry();

/// Builds the named analyzers (those that run by default when `names` is empty) with `params`; throws
/// cranes::Error (Usage) on an unknown name.
std::vector<std::unique_ptr<Analyzer>> make_analyzers(const std::vector<std::string>& names,
                                                      const ParamSet& params);

/// The pass's own parameters, shared by the analyzers that read them: `fov`, the lens assumed for the
/// camera's turns (the shared tracker's, the motion analyzer's degrees, the framing analyzer's line
/// geometry).
std::span<const ParamSpec> pass_params();

/// A ParamSet holding the defaults of the pass and of every registered analyzer.
ParamSet default_params();

}  // namespace cranes::analysis
