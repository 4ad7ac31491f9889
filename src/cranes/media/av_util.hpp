// SPDX-License-Identifier: MIT
// RAII holders for libav objects and the one place where libav return codes become cranes::Error.
// Private to media/: nothing outside this folder includes libav headers.
#pragma once

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libswscale/swscale.h>
}

namespace cranes::media::av {

struct FormatCloser {
  void operator()(AVFormatContext* f) const { avformat_close_input(&f); }
};
struct CodecFreer {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFreer {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsFreer {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};

using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;

/// libav's text for an error code, e.g. "Invalid data found when processing input".
std::string error_text(int code);

/// Opens `path` for demuxing with stream info read; throws cranes::Error naming the file with a cause a
/// person understands (missing, a directory, empty, unreadable, not a media file).
FormatPtr open_input(const std::string& path);

/// Index of the main video stream (not cover art); throws cranes::Error when there is none, saying whether
/// the file is audio only.
int find_video_stream(AVFormatContext* fmt, const std::string& path);

/// Clockwise rotation in degrees (0, 90, 180, 270) that shows the stream upright, from its display matrix.
int display_rotation_deg(const AVStream* st);

/// Silences libav's own logging (cranes reports problems itself) unless CRANES_AV_LOG is set.
void quiet_logging();

}  // namespace cranes::media::av
