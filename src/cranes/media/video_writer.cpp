// SPDX-License-Identifier: MIT
// libav encoding: BGR/grey cv::Mat -> swscale -> encoder -> muxer, writing to a temporary name that finish()
// renames. The pixel format is chosen per codec and size (4:2:0 where the size allows, 4:4:4 for odd sizes
// where the codec supports it), so odd sizes work wherever the codec can encode them.
#include "cranes/media/video_writer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <system_error>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/media/av_util.hpp"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
}

namespace cranes::media {
namespace fs = std::filesystem;

namespace {

struct OutputFormatFreer {
  void operator()(AVFormatContext* f) const {
    if (f->pb && !(f->oformat->flags & AVFMT_NOFILE)) avio_closep(&f->pb);
    avformat_free_context(f);
  }
};
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatFreer>;

struct CodecChoice {
  const AVCodec* codec = nullptr;
  AVPixelFormat pix_fmt = AV_PIX_FMT_NONE;
  bool uses_qscale = false;  // mjpeg / mpeg2video: quality through a fixed quantiser
};

CodecChoice choose_codec(const std::string& name, int width, int height, const std::string& subject) {
  const bool odd = (width % 2) != 0 || (height % 2) != 0;
  CodecChoice c;
  if (name == "h264") {
    c.codec = avcodec_find_encoder_by_name("libx264");
    if (!c.codec) c.codec = avcodec_find_encoder(AV_CODEC_ID_H264);
    if (odd)
      throw Error(subject,
                  "h264 (4:2:0) needs an even width and height, got " + std::to_string(width) + "x" +
                      std::to_string(height) + "; use codec ffv1 for odd sizes",
                  Error::Kind::Usage);
    c.pix_fmt = AV_PIX_FMT_YUV420P;
  } else if (name == "ffv1") {
    c.codec = avcodec_find_encoder(AV_CODEC_ID_FFV1);
    c.pix_fmt = odd ? AV_PIX_FMT_YUV444P : AV_PIX_FMT_YUV420P;
  } else if (name == "mjpeg") {
    c.codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    c.pix_fmt = odd ? AV_PIX_FMT_YUVJ444P : AV_PIX_FMT_YUVJ420P;
    c.uses_qscale = true;
  } else if (name == "mpeg2video") {
    c.codec = avcodec_find_encoder(AV_CODEC_ID_MPEG2VIDEO);
    if (odd)
      throw Error(subject,
                  "mpeg2video needs an even width and height, got " + std::to_string(width) + "x" +
                      std::to_string(height) + "; use codec ffv1 for odd sizes",
                  Error::Kind::Usage);
    c.pix_fmt = AV_PIX_FMT_YUV420P;
    c.uses_qscale = true;
  } else {
    throw Error(subject, "unknown codec '" + name + "' (known: " + video_writer_codecs() + ")",
                Error::Kind::Usage);
  }
  if (!c.codec) throw Error(subject, "this FFmpeg build has no encoder for " + name, Error::Kind::Encode);
  return c;
}

}  // namespace

const char* video_writer_codecs() {
  return "h264, ffv1, mjpeg, mpeg2video";
}

struct VideoWriter::Impl {
  fs::path path;
  fs::path tmp_path;
  int width = 0;
  int height = 0;
  bool finished = false;
  bool file_opened = false;
  int64_t next_pts = 0;
  OutputFormatPtr fmt;
  av::CodecPtr enc;
  AVStream* stream = nullptr;
  av::FramePtr frame;
  av::PacketPtr packet;
  av::SwsPtr sws_bgr;
  av::SwsPtr sws_grey;
  // Frames at their own timestamps (time_base given): the last one, and each waiting frame's duration.
  bool own_pts = false;
  int64_t last_pts = std::numeric_limits<int64_t>::min();
  std::map<int64_t, int64_t> durations;
  // Streams copied from another file: per input stream its output stream (-1: not copied), the next packet
  // read but not yet due.
  av::FormatPtr src;
  std::vector<int> out_index;
  av::PacketPtr pending;
  bool has_pending = false, src_done = true;
  std::vector<std::string> copied, skipped;

  [[noreturn]] void fail(const std::string& what, int code) const {
    throw Error(path.string(), what + ": " + av::error_text(code), Error::Kind::Encode);
  }

  // Sends `f` (nullptr flushes) and muxes every packet the encoder hands back.
  void encode(const AVFrame* f) {
    int ret = avcodec_send_frame(enc.get(), f);
    if (ret < 0) fail("cannot encode frame", ret);
    for (;;) {
      ret = avcodec_receive_packet(enc.get(), packet.get());
      if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
      if (ret < 0) fail("cannot encode frame", ret);
      if (own_pts) {
        const auto it = durations.find(packet->pts);
        if (it != durations.end()) {
          if (packet->duration == 0) packet->duration = it->second;
          durations.erase(it);
        }
      }
      if (packet->duration == 0) packet->duration = 1;
      av_packet_rescale_ts(packet.get(), enc->time_base, stream->time_base);
      packet->stream_index = stream->index;
      ret = av_interleaved_write_frame(fmt.get(), packet.get());  // takes ownership of the packet's data
      if (ret < 0) fail("cannot write packet", ret);
    }
  }

  // Muxes the copied streams' packets up to `t_s` (seconds of the films' shared timeline).
  void copy_until(double t_s) {
    while (src && !src_done) {
      if (!has_pending) {
        const int ret = av_read_frame(src.get(), pending.get());
        if (ret < 0) {
          src_done = true;
          if (ret != AVERROR_EOF) skipped.push_back("the rest of the copied streams: " + av::error_text(ret));
          return;
        }
        if (pending->stream_index >= static_cast<int>(out_index.size()) ||
            out_index[static_cast<size_t>(pending->stream_index)] < 0) {
          av_packet_unref(pending.get());
          continue;
        }
        has_pending = true;
      }
      const AVStream* in = src->streams[pending->stream_index];
      const int64_t ts = pending->dts != AV_NOPTS_VALUE ? pending->dts : pending->pts;
      if (ts != AV_NOPTS_VALUE && static_cast<double>(ts) * av_q2d(in->time_base) > t_s) return;
      const AVStream* out = fmt->streams[out_index[static_cast<size_t>(pending->stream_index)]];
      av_packet_rescale_ts(pending.get(), in->time_base, out->time_base);
      pending->stream_index = out->index;
      pending->pos = -1;
      has_pending = false;
      const int ret = av_interleaved_write_frame(fmt.get(), pending.get());  // takes the packet's data
      if (ret < 0) fail("cannot write a copied packet", ret);
    }
  }

  // The audio and subtitle streams of `film` that the container can hold, as output streams.
  void add_copied_streams(const fs::path& film) {
    src = av::open_input(film.string());
    pending.reset(av_packet_alloc());
    if (!pending) throw Error(path.string(), "out of memory", Error::Kind::Encode);
    out_index.assign(src->nb_streams, -1);
    for (unsigned i = 0; i < src->nb_streams; ++i) {
      AVStream* in = src->streams[i];
      const AVMediaType type = in->codecpar->codec_type;
      const char* codec = avcodec_get_name(in->codecpar->codec_id);
      const std::string what = "#" + std::to_string(i) + " " + codec + " (" +
                               (av_get_media_type_string(type) ? av_get_media_type_string(type) : "data") +
                               ")";
      in->discard = AVDISCARD_ALL;
      if (type != AVMEDIA_TYPE_AUDIO && type != AVMEDIA_TYPE_SUBTITLE) continue;
      if (avformat_query_codec(fmt->oformat, in->codecpar->codec_id, FF_COMPLIANCE_NORMAL) == 0) {
        skipped.push_back(what + ": the " + fmt->oformat->name + " container cannot hold it (try .mkv)");
        continue;
      }
      AVStream* out = avformat_new_stream(fmt.get(), nullptr);
      if (!out) throw Error(path.string(), "out of memory", Error::Kind::Encode);
      const int ret = avcodec_parameters_copy(out->codecpar, in->codecpar);
      if (ret < 0) fail("cannot copy the parameters of stream " + what, ret);
      out->codecpar->codec_tag = 0;  // the output container's own tag for the codec
      out->time_base = in->time_base;
      out->disposition = in->disposition;
      av_dict_copy(&out->metadata, in->metadata, 0);
      in->discard = AVDISCARD_DEFAULT;
      out_index[i] = out->index;
      copied.push_back(what);
    }
    src_done = copied.empty();
  }

  ~Impl() {
    if (!finished) discard();
  }

  void discard() noexcept {
    if (fmt && fmt->pb) avio_closep(&fmt->pb);
    if (file_opened) {
      std::error_code ec;
      fs::remove(tmp_path, ec);
      file_opened = false;
    }
  }
};

VideoWriter::VideoWriter(const fs::path& path, int width, int height, VideoWriterOptions opts)
    : m_impl(std::make_unique<Impl>()) {
  av::quiet_logging();
  Impl& m = *m_impl;
  m.path = path;
  m.width = width;
  m.height = height;
  const std::string subject = path.string();
  if (width <= 0 || height <= 0)
    throw Error(subject, "invalid frame size " + std::to_string(width) + "x" + std::to_string(height),
                Error::Kind::Usage);
  if (!opts.fps.valid()) throw Error(subject, "invalid frame rate", Error::Kind::Usage);
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error(subject, "directory " + dir.string() + " does not exist");
    if (!is_writable_directory(dir)) throw Error(subject, "directory " + dir.string() + " is not writable");
  }

  const AVOutputFormat* ofmt = av_guess_format(nullptr, path.c_str(), nullptr);
  if (!ofmt)
    throw Error(subject,
                "cannot tell the container from the extension '" + path.extension().string() +
                    "' (use .mp4, .mkv, .mov or .avi)",
                Error::Kind::Usage);
  const CodecChoice choice = choose_codec(opts.codec, width, height, subject);
  if (avformat_query_codec(ofmt, choice.codec->id, FF_COMPLIANCE_NORMAL) == 0)
    throw Error(subject,
                std::string("the ") + ofmt->name + " container cannot hold " + opts.codec + " (try .mkv)",
                Error::Kind::Usage);

  m.tmp_path = temporary_name_for(path);
  AVFormatContext* raw_fmt = nullptr;
  int ret = avformat_alloc_output_context2(&raw_fmt, ofmt, nullptr, m.tmp_path.c_str());
  if (ret < 0 || !raw_fmt) m.fail("cannot create the output container", ret);
  m.fmt.reset(raw_fmt);

  m.enc.reset(avcodec_alloc_context3(choice.codec));
  if (!m.enc) throw Error(subject, "out of memory", Error::Kind::Encode);
  AVCodecContext* c = m.enc.get();
  const Rational fps = opts.fps.reduced();
  c->width = width;
  c->height = height;
  c->pix_fmt = choice.pix_fmt;
  m.own_pts = opts.time_base.valid() && opts.time_base.num > 0;
  c->time_base = m.own_pts
                     ? AVRational{static_cast<int>(opts.time_base.num), static_cast<int>(opts.time_base.den)}
                     : AVRational{static_cast<int>(fps.den), static_cast<int>(fps.num)};
  c->framerate = AVRational{static_cast<int>(fps.num), static_cast<int>(fps.den)};
  c->gop_size = std::max(1, opts.gop);
  if (opts.bframes >= 0) c->max_b_frames = opts.bframes;
  c->thread_count = std::max(0, opts.threads);
  c->sample_aspect_ratio = AVRational{1, 1};
  const bool full_range = choice.pix_fmt == AV_PIX_FMT_YUVJ420P || choice.pix_fmt == AV_PIX_FMT_YUVJ444P;
  c->color_range = full_range ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
  c->colorspace = AVCOL_SPC_SMPTE170M;  // what swscale's default BGR->YUV matrix produces
  if (opts.bit_rate > 0) {
    c->bit_rate = opts.bit_rate;
  } else if (choice.uses_qscale) {
    // Map the CRF-like 0..51 scale onto the MPEG quantiser 1..31 (crf 20 -> q 4).
    const int q = std::clamp(static_cast<int>(std::lround(opts.crf / 6.0 + 0.7)), 1, 31);
    c->flags |= AV_CODEC_FLAG_QSCALE;
    c->global_quality = FF_QP2LAMBDA * q;
  }
  if (std::string(choice.codec->name) == "libx264") {
    av_opt_set(c->priv_data, "preset", opts.preset.c_str(), 0);
    if (opts.bit_rate <= 0) av_opt_set_double(c->priv_data, "crf", opts.crf, 0);
  }
  if (choice.codec->id == AV_CODEC_ID_FFV1) {
    av_opt_set_int(c->priv_data, "level", 3, 0);  // level 3 slices let FFV1 use several threads
    av_opt_set_int(c->priv_data, "slicecrc", 1, 0);
  }
  if (m.fmt->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

  ret = avcodec_open2(c, choice.codec, nullptr);
  if (ret < 0) m.fail(std::string("cannot open the ") + opts.codec + " encoder", ret);

  m.stream = avformat_new_stream(m.fmt.get(), nullptr);
  if (!m.stream) throw Error(subject, "out of memory", Error::Kind::Encode);
  m.stream->time_base = c->time_base;
  m.stream->avg_frame_rate = c->framerate;
  ret = avcodec_parameters_from_context(m.stream->codecpar, c);
  if (ret < 0) m.fail("cannot set stream parameters", ret);
  if (!opts.copy_streams_from.empty()) m.add_copied_streams(opts.copy_streams_from);

  if (!(m.fmt->oformat->flags & AVFMT_NOFILE)) {
    ret = avio_open(&m.fmt->pb, m.tmp_path.c_str(), AVIO_FLAG_WRITE);
    if (ret < 0) throw Error(subject, "cannot create file: " + av::error_text(ret));
    m.file_opened = true;
  }
  ret = avformat_write_header(m.fmt.get(), nullptr);
  if (ret < 0) {
    m.discard();
    m.fail("cannot write the container header", ret);
  }

  m.frame.reset(av_frame_alloc());
  m.packet.reset(av_packet_alloc());
  if (!m.frame || !m.packet) {
    m.discard();
    throw Error(subject, "out of memory", Error::Kind::Encode);
  }
  m.frame->format = c->pix_fmt;
  m.frame->width = width;
  m.frame->height = height;
  ret = av_frame_get_buffer(m.frame.get(), 0);
  if (ret < 0) {
    m.discard();
    m.fail("cannot allocate a frame", ret);
  }
}

VideoWriter::~VideoWriter() = default;  // Impl's destructor discards an unfinished temporary file

void VideoWriter::write(const cv::Mat& image) {
  if (m_impl->own_pts)
    throw Error(m_impl->path.string(), "frames need their timestamps (write(image, pts, duration))",
                Error::Kind::Usage);
  write(image, m_impl->next_pts, 1);
}

void VideoWriter::write(const cv::Mat& image, int64_t pts, int64_t duration) {
  Impl& m = *m_impl;
  if (m.finished) throw Error(m.path.string(), "write after finish", Error::Kind::Encode);
  if (image.cols != m.width || image.rows != m.height)
    throw Error(m.path.string(),
                "frame is " + std::to_string(image.cols) + "x" + std::to_string(image.rows) + ", expected " +
                    std::to_string(m.width) + "x" + std::to_string(m.height),
                Error::Kind::Usage);
  if (image.type() != CV_8UC3 && image.type() != CV_8UC1)
    throw Error(m.path.string(), "frame must be 8-bit BGR or grey", Error::Kind::Usage);
  const bool grey = image.type() == CV_8UC1;
  av::SwsPtr& sws = grey ? m.sws_grey : m.sws_bgr;
  if (!sws) {
    sws.reset(sws_getContext(m.width, m.height, grey ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_BGR24, m.width, m.height,
                             m.enc->pix_fmt, SWS_BILINEAR, nullptr, nullptr, nullptr));
    if (!sws)
      throw Error(m.path.string(), "cannot convert frames to the encoder's pixel format",
                  Error::Kind::Encode);
    const bool full_range = m.enc->color_range == AVCOL_RANGE_JPEG;
    const int* coeffs = sws_getCoefficients(SWS_CS_ITU601);
    sws_setColorspaceDetails(sws.get(), coeffs, 1, coeffs, full_range ? 1 : 0, 0, 1 << 16, 1 << 16);
  }
  int ret = av_frame_make_writable(m.frame.get());
  if (ret < 0) m.fail("cannot allocate a frame", ret);
  const uint8_t* src[4] = {image.data, nullptr, nullptr, nullptr};
  const int stride[4] = {static_cast<int>(image.step[0]), 0, 0, 0};
  sws_scale(sws.get(), src, stride, 0, m.height, m.frame->data, m.frame->linesize);
  if (pts <= m.last_pts) pts = m.last_pts + 1;  // encoders need strictly increasing timestamps
  m.last_pts = pts;
  m.frame->pts = pts;
  ++m.next_pts;
  if (m.own_pts) {
    m.durations[pts] = std::max<int64_t>(0, duration);
    m.copy_until(static_cast<double>(pts) * av_q2d(m.enc->time_base));
  }
  m.encode(m.frame.get());
}

void VideoWriter::finish() {
  Impl& m = *m_impl;
  if (m.finished) return;
  m.encode(nullptr);
  m.copy_until(std::numeric_limits<double>::infinity());
  int ret = av_write_trailer(m.fmt.get());
  if (ret < 0) m.fail("cannot write the container trailer", ret);
  if (m.fmt->pb) {
    avio_flush(m.fmt->pb);
    ret = m.fmt->pb->error;
    avio_closep(&m.fmt->pb);
    if (ret < 0) m.fail("cannot write file", ret);
  }
  std::error_code ec;
  fs::rename(m.tmp_path, m.path, ec);
  if (ec) throw Error(m.path.string(), "cannot rename temporary file: " + ec.message());
  m.file_opened = false;
  m.finished = true;
}

int64_t VideoWriter::frames_written() const {
  return m_impl->next_pts;
}
const fs::path& VideoWriter::path() const {
  return m_impl->path;
}
const std::vector<std::string>& VideoWriter::copied_streams() const {
  return m_impl->copied;
}
const std::vector<std::string>& VideoWriter::skipped_streams() const {
  return m_impl->skipped;
}

}  // namespace cranes::media
