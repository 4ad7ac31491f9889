// SPDX-License-Identifier: MIT
// Encodes a stream of BGR (or grey) frames into a video file with libav (x264, FFV1, MJPEG, MPEG-2), the
// container chosen from the file's extension. Frames go to a temporary name beside the output, renamed only
// by finish(), so an interrupted or failed encode never leaves a half-written file under the final name.
// Re-encoding a film (the look), the frames keep their own timestamps (variable frame rate too) and the
// film's audio and subtitle streams are copied packet for packet beside them, as ffmpeg's `-c:a copy` does.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "cranes/core/rational.hpp"

namespace cranes::media {

struct VideoWriterOptions {
  /// "h264" (libx264, yuv420p), "ffv1" (lossless; yuv420p, yuv444p for odd sizes), "mjpeg", "mpeg2video".
  std::string codec = "h264";
  int crf = 20;          ///< constant-quality level (x264 CRF; mapped to a quantiser for mjpeg/mpeg2video)
  int64_t bit_rate = 0;  ///< bits per second; > 0 overrides crf
  std::string preset = "veryfast";  ///< x264 preset
  int gop = 250;                    ///< frames between key frames
  int bframes = -1;                 ///< -1: the codec's default
  Rational fps{25, 1};
  int threads = 0;  ///< 0: libav picks
  /// Valid (num > 0): the frames' timestamps are given to write(image, pts) in this time base (a film's own,
  /// so variable frame rate is kept); else frames are 1/fps apart.
  Rational time_base{0, 1};
  /// A film whose audio and subtitle streams are copied unchanged (packets, timestamps, language) into the
  /// output; its video is not read. Streams the container cannot hold are left out (skipped_streams()).
  std::filesystem::path copy_streams_from;
};

/// The codec names VideoWriterOptions::codec accepts.
const char* video_writer_codecs();

class VideoWriter {
 public:
  /// Opens the encoder and the temporary output file. Throws cranes::Error(path, cause): Usage kind for an
  /// unknown codec or container, or a size the codec cannot encode (x264 4:2:0 needs even width and height);
  /// Io kind when the directory is missing or not writable.
  VideoWriter(const std::filesystem::path& path, int width, int height, VideoWriterOptions opts = {});
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;
  /// Discards the temporary file if finish() was not reached.
  ~VideoWriter();

  /// Encodes one frame: CV_8UC3 (BGR) or CV_8UC1 (grey), exactly width x height.
  void write(const cv::Mat& image);
  /// The same at timestamp `pts` (in VideoWriterOptions::time_base) lasting `duration` (0: unknown); a
  /// timestamp not after the previous one is moved one tick past it. Copied streams are muxed up to it.
  void write(const cv::Mat& image, int64_t pts, int64_t duration);
  /// Flushes the encoder, writes the trailer and renames the temporary file to the final path.
  void finish();

  int64_t frames_written() const;
  /// Streams copied from copy_streams_from, and those left out, each as "#INDEX CODEC (TYPE)[: why]".
  const std::vector<std::string>& copied_streams() const;
  const std::vector<std::string>& skipped_streams() const;
  const std::filesystem::path& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cranes::media
