// SPDX-License-Identifier: MIT
#include "cranes/look/video.hpp"

#include <algorithm>
#include <exception>
#include <optional>

#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"
#include "cranes/core/log.hpp"
#include "cranes/look/look.hpp"
#include "cranes/media/decode_ahead.hpp"
#include "cranes/media/frame_source.hpp"
#include "cranes/media/probe.hpp"
#include "cranes/media/video_writer.hpp"

namespace cranes::look {

namespace fs = std::filesystem;

bool is_video_file(const fs::path& path) {
  const media::VideoInfo info = media::probe(path);
  const std::string& c = info.container;
  const bool still = c == "image2" || (c.size() > 5 && c.compare(c.size() - 5, 5, "_pipe") == 0);
  return !still && info.frames != 1;
}

VideoLookResult render_video(const fs::path& in, const fs::path& out, const ParamSet& params,
                             const VideoLookOptions& options) {
  media::FrameSourceOptions so;
  so.grey_width = 0;
  so.full_frame = true;
  so.threads = options.decoder_threads;
  media::FrameSource source(in, so);
  const media::VideoInfo info = source.info();

  // Decoding runs ahead on its own thread, a few full frames at most.
  media::DecodeAhead decoded(source, 4);
  Renderer renderer(params);
  std::optional<media::VideoWriter> writer;
  VideoLookResult result;
  media::Frame frame;
  double first_s = 0, end_s = 0;
  while (decoded.next(frame)) {
    const cv::Mat rendered = renderer.render(frame.full, options.seed + static_cast<uint64_t>(frame.index));
    if (!writer) {
      media::VideoWriterOptions wo;
      wo.codec = "h264";
      wo.crf = options.crf;
      wo.preset = options.preset;
      wo.fps = info.fps_average.valid() && info.fps_average.num > 0 ? info.fps_average : Rational{25, 1};
      wo.time_base = info.time_base;
      wo.copy_streams_from = in;
      // x264's 4:2:0 wants even sizes: an odd row or column of the rendered frame is left out.
      result.width = rendered.cols & ~1;
      result.height = rendered.rows & ~1;
      if (result.width <= 0 || result.height <= 0)
        throw Error(in.string(), "the rendered picture is too small to encode", Error::Kind::Encode);
      writer.emplace(out, result.width, result.height, wo);
    }
    const int64_t duration = info.time_base.valid() && info.time_base.num > 0
                                 ? static_cast<int64_t>(frame.duration_s / info.time_base.to_double() + 0.5)
                                 : 0;
    writer->write(rendered(cv::Rect(0, 0, result.width, result.height)), frame.pts.pts, duration);
    if (result.frames++ == 0) first_s = frame.time_s;
    end_s = std::max(end_s, frame.time_s + frame.duration_s);
    if (options.progress && !options.progress(frame.time_s + frame.duration_s, info.duration_s))
      throw Error(in.string(), "interrupted; nothing was written", Error::Kind::Io);
  }
  if (!writer) throw Error(in.string(), "has no frames to render", Error::Kind::Decode);
  writer->finish();
  result.copied_streams = writer->copied_streams();
  result.skipped_streams = writer->skipped_streams();
  result.duration_s = end_s - first_s;
  result.ended_early = source.cut_short(result.frames, result.duration_s);
  result.damaged = source.decode_failures();
  // Told as the analysis tells them, through the library's warning sink.
  const std::string name = in.string();
  if (result.ended_early)
    warn(name + ": file ends early (truncated or damaged); rendered the " + std::to_string(result.frames) +
         " frames (" + format("%.2f", result.duration_s) + " s) that could be read");
  if (result.damaged > 0)
    warn(name + ": " + std::to_string(result.damaged) + " damaged packets or pictures skipped");
  for (const std::string& why : result.skipped_streams) warn(name + ": stream " + why + " not copied");
  return result;
}

}  // namespace cranes::look
