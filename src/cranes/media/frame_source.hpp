// SPDX-License-Identifier: MIT
// Streaming decoder: opens anything FFmpeg reads and yields frames in display order and display orientation,
// each with its true presentation timestamp (so variable frame rate is exact), plus small proxies made
// straight from the decoder's YUV planes (a grey thumbnail from luma alone, a tiny colour thumbnail) without
// a full-size colour conversion. Decoding uses libavcodec's own frame threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <opencv2/core.hpp>

#include "cranes/core/rational.hpp"
#include "cranes/media/probe.hpp"

namespace cranes::media {

struct FrameSourceOptions {
  int grey_width = 320;     ///< width of the grey proxy (height keeps the display aspect); 0 = no grey proxy
  int colour_width = 0;     ///< width of the BGR colour proxy; 0 = none
  bool full_frame = false;  ///< also produce the full-size BGR frame of every frame (costly; for the look)
  /// With full_frame: a source of more than 8 bits a sample (16-bit PNG or TIFF, 10-bit video) gives its full
  /// frames as 16-bit BGR (CV_16UC3, 0..65535), keeping its precision; 8-bit sources stay CV_8UC3.
  bool full_frame_deep = false;
  /// Keep a reference to every decoded picture (Frame::picture; the decoder's own buffer, not a copy), so
  /// that a consumer can convert the few frames it chooses to full-size colour (stills).
  bool keep_picture = false;
  /// With keep_picture: only frames whose index is a multiple of this keep theirs (the others' buffers go
  /// back to the decoder at once, which keeps its memory and caches warm).
  int keep_picture_every = 1;
  /// Decoder (frame) threads; 0 = automatic: four per core, at most 16 (FFmpeg's own count, one per core plus
  /// one, above 1080p, where every thread's pictures weigh). More frames in flight keep the cores busy while
  /// a frame waits on its references and while the analysis thread takes its turn: on 2 cores the boundary
  /// pass of a 720p film ran about 5 % faster with 8 than with 3.
  int threads = 0;
  /// Also copy the full-resolution luma plane into Frame::luma on key frames, one every `luma_period_s`
  /// seconds of timestamps (the first frame always); 0 = never. Cheap (a copy, no colour conversion), for
  /// analyzers that look closely at a few frames (line segments, faces, letterbox bars).
  double luma_period_s = 0.0;
  /// Skip the codec's loop filter (deblocking) on frames that no other frame is predicted from (FFmpeg's
  /// skip_loop_filter = nonref): H.264 decodes about 7 % faster and nothing drifts, since every reference
  /// frame is still filtered exactly; only those frames keep their block edges, which the small proxies
  /// average away. Key-frame luma copies then prefer filtered frames (not B). For analysis; stills and the
  /// look want it off.
  bool skip_nonref_deblock = false;
};

/// A decoded picture as the decoder made it (a reference to its buffers, no copy), converted to full-size BGR
/// in display orientation only when someone asks, once.
class DecodedPicture {
 public:
  struct Impl;
  explicit DecodedPicture(std::unique_ptr<Impl> impl);
  ~DecodedPicture();
  DecodedPicture(const DecodedPicture&) = delete;
  DecodedPicture& operator=(const DecodedPicture&) = delete;

  /// Full-size BGR (CV_8UC3), display orientation, accurate rounding and full chroma interpolation; made on
  /// the first call and kept. Not thread-safe: one consumer thread (the pass's).
  const cv::Mat& bgr() const;
  /// Pictures converted by bgr() in this process so far (for tests and benchmarks: who pays for full frames).
  static int64_t conversions();

 private:
  std::unique_ptr<Impl> m_impl;
};

struct Frame {
  int64_t index = 0;    ///< 0-based, in display order
  Timestamp pts;        ///< best-effort presentation timestamp, in the stream's time base
  double time_s = 0.0;  ///< pts relative to the stream start, in seconds
  double duration_s = 0.0;
  cv::Mat grey;    ///< CV_8UC1 proxy, display orientation (empty if not requested)
  cv::Mat colour;  ///< CV_8UC3 BGR proxy, display orientation (empty if not requested)
  cv::Mat full;    ///< CV_8UC3 BGR full frame, display orientation (only when requested)
  std::shared_ptr<const DecodedPicture> picture;  ///< the decoded picture (only with keep_picture)
  cv::Mat luma;  ///< CV_8UC1 full-resolution luma, full range 0..255, display orientation (key frames)
  /// The EXIF orientation tag the decoder found with the picture (1..8: 1 upright, 6 turned a quarter
  /// clockwise to view, ...), 0 when there is none; not applied to the images above (read_picture does).
  int exif_orientation = 0;
};

class FrameSource {
 public:
  /// Opens the file; throws cranes::Error naming it when it cannot be decoded at all.
  explicit FrameSource(const std::filesystem::path& path, FrameSourceOptions options = {});
  ~FrameSource();
  FrameSource(const FrameSource&) = delete;
  FrameSource& operator=(const FrameSource&) = delete;

  const VideoInfo& info() const;
  /// Size of the grey proxy (display orientation), or 0x0.
  cv::Size grey_size() const;
  cv::Size colour_size() const;

  /// Decodes the next frame into `frame`; false at the end of the stream. Damaged packets are counted (see
  /// decode_failures) and skipped; a stream that ends early (truncated file) simply ends.
  bool next(Frame& frame);

  int64_t frames_decoded() const;
  int64_t decode_failures() const;
  /// True when the demuxer stopped on an error rather than a clean end of file (e.g. truncated data).
  bool ended_early() const;
  /// True when the stream was cut short, once read to its end: the demuxer stopped on an error, or `frames`
  /// covering `covered_s` seconds are well short of what the container promised. Durations are the surer
  /// figure: some AVI headers count frames that hold no picture.
  bool cut_short(int64_t frames, double covered_s) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cranes::media
