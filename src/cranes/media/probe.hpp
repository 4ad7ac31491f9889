// SPDX-License-Identifier: MIT
// What a video file is, as libavformat/libavcodec see it, in plain values (no libav types leak out).
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "cranes/core/rational.hpp"

namespace cranes::media {

struct AudioStreamInfo {
  int index = -1;
  std::string codec;
  int channels = 0;
  int sample_rate = 0;
  std::string language;
  friend bool operator==(const AudioStreamInfo&, const AudioStreamInfo&) = default;
};

struct VideoInfo {
  std::string path;
  std::string container;       ///< short demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::string container_long;  ///< e.g. "QuickTime / MOV"
  std::string codec;           ///< e.g. "h264"
  std::string pixel_format;
  int stream_index = -1;
  int coded_width = 0;  ///< as stored
  int coded_height = 0;
  int width = 0;  ///< in display orientation (after rotation)
  int height = 0;
  Rational sar{1, 1};    ///< sample (pixel) aspect ratio
  Rational dar{0, 1};    ///< display aspect ratio in display orientation
  Rational fps_nominal;  ///< r_frame_rate: the rate the stream is built on
  Rational fps_average;  ///< avg_frame_rate: frames / duration
  Rational time_base;
  double start_s = 0.0;
  double duration_s = 0.0;  ///< 0 when unknown
  int64_t frames = -1;      ///< from the container; -1 when unknown
  int rotation_deg = 0;     ///< clockwise rotation applied to show the picture upright: 0, 90, 180, 270
  int64_t bit_rate = 0;
  bool variable_frame_rate = false;  ///< nominal and average rates disagree
  std::vector<AudioStreamInfo> audio;
  std::string title;  ///< the container's title tag, verbatim ("" when none)
  std::string date;   ///< the container's date tag, verbatim ("" when none)
  friend bool operator==(const VideoInfo&, const VideoInfo&) = default;
};

/// Frames a second, for sizing windows counted in frames (a flash's look-ahead, a still's margin): the
/// average rate, or the nominal one when they disagree by more than 2x and the nominal is the smaller (a file
/// remuxed with a wrong default frame duration claims 1000 fps on average while its frames come 25 a
/// second; a variable-rate phone clip's nominal rate is a multiple of its real one, so the smaller is kept
/// either way), held to 1..240; 25 when neither is known.
double window_rate(const VideoInfo& info);

/// Opens `path` and reads its headers (no full decode). Throws cranes::Error naming the file when it is
/// missing, unreadable, not a media file, or has no video stream.
VideoInfo probe(const std::filesystem::path& path);

nlohmann::json to_json(const VideoInfo& info);
void to_json(nlohmann::json& j, const VideoInfo& info);
void from_json(const nlohmann::json& j, VideoInfo& info);
void to_json(nlohmann::json& j, const AudioStreamInfo& a);
void from_json(const nlohmann::json& j, AudioStreamInfo& a);

}  // namespace cranes::media
