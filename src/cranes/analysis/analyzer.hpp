// SPDX-License-Identifier: MIT
// An Analyzer sees every frame once, in order, keeps only the little state it needs (a few frames of history,
// running sums), and at the end writes its findings into the Film. The pass owns the loop; analyzers never
// decode or hold the whole film. One analyzer per file, registered in registry.cpp.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cranes/core/params.hpp"
#include "cranes/film/film.hpp"
#include "cranes/media/frame_source.hpp"

namespace cranes::analysis {

class FrameContext;

class Analyzer {
 public:
  virtual ~Analyzer() = default;
  virtual std::string_view name() const = 0;
  /// Proxies beyond the grey one that this analyzer reads (the pass makes them only when someone needs them).
  virtual bool needs_colour() const { return false; }
  virtual bool needs_full_frame() const { return false; }
  /// Seconds between key frames that carry the full-resolution luma (Frame::luma); 0 = none wanted.
  virtual double luma_period_s() const { return 0.0; }
  /// > 0: this analyzer reads FrameContext::motion(), and the pass keeps one corner tracker for every
  /// analyzer, assuming this horizontal field of view (degrees) for the camera's turn.
  virtual double tracks_motion() const { return 0.0; }
  /// true: the tracker reads the camera's turn under the focal length it measures from the turns so far (see
  /// FrameMotion::focal_used_w) rather than under the assumed field of view.
  virtual bool measures_lens() const { return false; }
  /// Called once before the first frame.
  virtual void begin(const media::VideoInfo& /*info*/, cv::Size /*grey_size*/) {}
  /// Called for every decoded frame, in display order.
  virtual void process(const media::Frame& frame, FrameContext& ctx) = 0;
  /// Called once after the last frame; adds results to `film`. Analyzers run `finish` in registration order,
  /// so a later analyzer may read what an earlier one wrote (shots, for instance).
  virtual void finish(film::Film& film) = 0;
};

/// A registered analyzer: its name, one line of help, its parameter table and a factory.
struct AnalyzerInfo {
  std::string_view name;
  std::string_view help;
  std::span<const ParamSpec> params;
  std::unique_ptr<Analyzer> (*make)(const ParamSet& params);
};

/// All analyzers, in the order they run.
std::span<const AnalyzerInfo> registry();

/// Builds the named analyzers (all when `names` is empty) with `params`; throws cranes::Error (Usage) on an
/// unknown name.
std::vector<std::unique_ptr<Analyzer>> make_analyzers(const std::vector<std::string>& names,
                                                      const ParamSet& params);

/// A ParamSet holding the defaults of every registered analyzer.
ParamSet default_params();

}  // namespace cranes::analysis
