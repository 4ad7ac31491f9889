// SPDX-License-Identifier: MIT
// A film rendered in a look: decoded upright (the container's rotation applied), every frame rendered with
// its own grain (the seed plus the frame's number) and encoded with x264 at the frame's own timestamp, so a
// variable frame rate stays as it was; the audio and subtitle streams are copied packet for packet. Decoding
// runs on its own thread a few frames ahead of the rendering, and x264 on its own threads behind it. The
// output appears under its name only when complete.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cranes/core/params.hpp"

namespace cranes::look {

struct VideoLookOptions {
  int crf = 18;                   ///< x264 constant quality
  std::string preset = "medium";  ///< x264 preset
  uint64_t seed = 1;              ///< frame i's grain has seed + i
  int decoder_threads = 0;        ///< 0: automatic
  /// Called after each frame with the seconds done and the film's length (0 when unknown); returning false
  /// stops the work (nothing is written).
  std::function<bool(double done_s, double total_s)> progress;
};

struct VideoLookResult {
  int64_t frames = 0;
  int width = 0, height = 0;
  std::vector<std::string> copied_streams, skipped_streams;  ///< "#INDEX CODEC (TYPE)[: why]"
  bool ended_early = false;  ///< the film was cut short: what could be read was rendered
  int64_t damaged = 0;       ///< damaged packets or pictures skipped
  double duration_s = 0;     ///< seconds rendered
};

/// Renders the film `in` in the look `params` into `out` (.mp4, .mkv or .mov: H.264). Throws cranes::Error
/// naming the file and the cause; on any failure, or when `progress` stops it, `out` is left untouched. A
/// film cut short, damaged packets and streams left out are warned of (cranes::warn) and reported in the
/// result.
VideoLookResult render_video(const std::filesystem::path& in, const std::filesystem::path& out,
                             const ParamSet& params, const VideoLookOptions& options = {});

/// True when `path` names a moving picture FFmpeg reads (a video stream of more than one frame), false for a
/// still picture.
bool is_video_file(const std::filesystem::path& path);

}  // namespace cranes::look
