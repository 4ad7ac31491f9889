// SPDX-License-Identifier: MIT
// The single streaming pass: a decoder thread fills a bounded queue of frames (with their proxies); the
// caller's thread runs every analyzer on each frame, then joins their results into one Film. Decoder errors
// are re-thrown on the caller's thread. Memory is the queue (a few MB), whatever the film's length.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "cranes/analysis/analyzer.hpp"
#include "cranes/film/film.hpp"
#include "cranes/media/frame_source.hpp"

namespace cranes::analysis {

struct Progress {
  int64_t frames = 0;         ///< frames analysed so far
  double time_s = 0.0;        ///< film time reached
  double duration_s = 0.0;    ///< film duration from the container (0 if unknown)
  int64_t total_frames = -1;  ///< from the container (-1 if unknown)
};

struct PassOptions {
  media::FrameSourceOptions source;
  /// Frames the decoder may run ahead of the analyzers. Deep enough that a slow frame (a key frame, a cut
  /// being verified) does not stall the decoder; capped by `queue_bytes` when frames are big (full-size BGR
  /// frames).
  size_t queue_frames = 64;
  size_t queue_bytes = size_t{48} << 20;
  /// Called now and then on the caller's thread (at most ~10 times a second).
  std::function<void(const Progress&)> on_progress;
  ParamSet params;  ///< recorded into Film::params
  /// Decode every frame exactly; otherwise (unless an analyzer needs full frames) the decoder skips
  /// deblocking on non-reference frames (FrameSourceOptions::skip_nonref_deblock).
  bool exact_decode = false;
  /// Where analyzers' chosen stills go (PassEvents::still): it writes the picture and returns the record with
  /// the file's path and size; none: stills are chosen but not written.
  std::function<film::Still(StillFrame&&, const media::VideoInfo&)> stills;
  /// Where analyzers' per-frame measurements go (PassEvents::metric), in the order they are made; none: not
  /// recorded.
  std::function<void(const Metric&)> metrics;
};

/// Decodes `path` once, feeding `analyzers`. Throws cranes::Error naming the file when it cannot be opened or
/// no frame at all can be decoded. Damaged packets and early ends are reported with cranes::warn and in
/// Film::decode.
film::Film run_pass(const std::filesystem::path& path, std::vector<std::unique_ptr<Analyzer>>& analyzers,
                    const PassOptions& options = {});

}  // namespace cranes::analysis
