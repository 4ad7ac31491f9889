// SPDX-License-Identifier: MIT
// FrameSource: demux + frame-threaded decode + proxies. The grey proxy is scaled from the luma plane alone
// (no chroma, no full-size RGB), the colour proxy is one small swscale call, rotation is applied to the small
// images. Damaged packets are counted, not fatal; a stream that stops early (truncated file) ends the
// iteration cleanly.
#include "cranes/media/frame_source.hpp"

#include <algorithm>
#include <atomic>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "cranes/core/error.hpp"
#include "cranes/media/av_util.hpp"
#include "cranes/media/downscale.hpp"

namespace cranes::media {

VideoInfo probe_open(AVFormatContext* fmt, int vi, const std::string& path);

namespace {

cv::Size proxy_size(const VideoInfo& info, int width) {
  if (width <= 0) return {0, 0};
  const double display_w = info.width * info.sar.to_double();
  const int w = std::max(1, std::min(width, static_cast<int>(std::lround(display_w))));
  const int h = std::max(1, static_cast<int>(std::lround(w * info.height / display_w)));
  return {w, h};
}

void rotate_in_place(cv::Mat& m, int rotation_deg) {
  if (m.empty() || rotation_deg == 0) return;
  cv::Mat out;
  const int code = rotation_deg == 90    ? cv::ROTATE_90_CLOCKWISE
                   : rotation_deg == 180 ? cv::ROTATE_180
                                         : cv::ROTATE_90_COUNTERCLOCKWISE;
  cv::rotate(m, out, code);
  m = out;
}

// The size to scale to before rotation, so that after rotation the proxy has `display` size.
cv::Size stored_size(cv::Size display, int rotation_deg) {
  return (rotation_deg == 90 || rotation_deg == 270) ? cv::Size(display.height, display.width) : display;
}

bool luma_is_plain_8bit(AVPixelFormat f) {
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(f);
  if (!d || (d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM |
                         AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_BAYER | AV_PIX_FMT_FLAG_FLOAT)))
    return false;
  return d->comp[0].plane == 0 && d->comp[0].step == 1 && d->comp[0].depth == 8 && d->comp[0].shift == 0 &&
         (d->flags & AV_PIX_FMT_FLAG_PLANAR || d->nb_components == 1);
}

// Full-size frames: accurate rounding and full chroma interpolation (the fast converter got the last columns
// of some 4:2:0 pictures wrong: opencv-doc's building.jpg, 868 px wide, up to 236 levels off in its last 4
// columns).
constexpr int kFullFrameFlags = SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT;

// Scales and converts `f` to BGR of `display` size in display orientation, through the swscale context kept
// in `holder` (made or reused); false when swscale cannot convert the pixel format.
// `deep`: a source of more than 8 bits a sample comes out as 16-bit BGR.
bool to_bgr(const AVFrame* f, av::SwsPtr& holder, cv::Size display, int rotation_deg, int flags, cv::Mat& out,
            bool deep = false) {
  const cv::Size sz = stored_size(display, rotation_deg);
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(f->format));
  const bool sixteen = deep && d && d->comp[0].depth > 8;
  holder.reset(sws_getCachedContext(
      holder.release(), f->width, f->height, static_cast<AVPixelFormat>(f->format), sz.width, sz.height,
      sixteen ? AV_PIX_FMT_BGR48 : AV_PIX_FMT_BGR24, flags, nullptr, nullptr, nullptr));
  if (!holder) return false;
  out.create(sz, sixteen ? CV_16UC3 : CV_8UC3);
  uint8_t* dst[4] = {out.data, nullptr, nullptr, nullptr};
  int dst_stride[4] = {static_cast<int>(out.step), 0, 0, 0};
  sws_scale(holder.get(), f->data, f->linesize, 0, f->height, dst, dst_stride);
  rotate_in_place(out, rotation_deg);
  return true;
}

}  // namespace

struct DecodedPicture::Impl {
  av::FramePtr frame;
  int rotation_deg = 0;
  cv::Size display;  ///< the stream's size, display orientation: every picture comes out at it
  mutable cv::Mat bgr;
};

namespace {
std::atomic<int64_t> g_conversions{0};
}  // namespace

DecodedPicture::DecodedPicture(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
DecodedPicture::~DecodedPicture() = default;

int64_t DecodedPicture::conversions() {
  return g_conversions.load();
}

const cv::Mat& DecodedPicture::bgr() const {
  Impl& m = *m_impl;
  if (!m.bgr.empty() || !m.frame) return m.bgr;
  const AVFrame* f = m.frame.get();
  av::SwsPtr sws;
  cv::Mat out;
  // A frame whose size differs from the stream's (a size change mid-stream, a header that lies) is scaled to
  // the stream's, as the proxies are: one film, one picture size.
  const cv::Size display =
      m.display.area() > 0 ? m.display : stored_size(cv::Size(f->width, f->height), m.rotation_deg);
  if (!to_bgr(f, sws, display, m.rotation_deg, kFullFrameFlags, out)) return m.bgr;
  m.bgr = out;
  m.frame.reset();  // the decoder's buffer goes back to its pool
  ++g_conversions;
  return m.bgr;
}

struct FrameSource::Impl {
  std::string path;
  FrameSourceOptions opts;
  VideoInfo info;
  av::FormatPtr fmt;
  av::CodecPtr dec;
  av::PacketPtr pkt{av_packet_alloc()};
  av::FramePtr frame{av_frame_alloc()};
  av::SwsPtr grey_sws, colour_sws, full_sws, luma_sws;
  cv::Size grey_display, colour_display;
  int stream = -1;
  int64_t start_pts = AV_NOPTS_VALUE;
  int64_t last_pts = AV_NOPTS_VALUE;
  int64_t last_duration = 0;
  int64_t decoded = 0;
  int64_t failures = 0;
  bool ended_early = false;
  bool draining = false;
  bool finished = false;
  double next_luma_s = 0.0;              // time of the next key frame whose full luma is copied
  cv::Mat range_lut;                     // expands limited-range luma (16..235) to 0..255
  cv::Mat reduced_luma, half_a, half_b;  // luma after the 2x box reductions

  SwsContext* sws_for(av::SwsPtr& holder, cv::Size size, AVPixelFormat src_fmt, int src_w, int src_h,
                      AVPixelFormat dst_fmt, int flags) {
    holder.reset(sws_getCachedContext(holder.release(), src_w, src_h, src_fmt, size.width, size.height,
                                      dst_fmt, flags, nullptr, nullptr, nullptr));
    if (!holder) throw Error(path, "cannot convert pixel format", Error::Kind::Decode);
    return holder.get();
  }

  void make_grey(const AVFrame* f, cv::Mat& out) {
    const cv::Size sz = stored_size(grey_display, info.rotation_deg);
    out.create(sz, CV_8UC1);
    uint8_t* dst[4] = {out.data, nullptr, nullptr, nullptr};
    int dst_stride[4] = {static_cast<int>(out.step), 0, 0, 0};
    const auto pf = static_cast<AVPixelFormat>(f->format);
    const bool limited = limited_range(f);
    if (luma_is_plain_8bit(pf)) {
      // Scale the luma plane alone, chroma is never touched: halve it while it is at least twice the proxy,
      // then one small bilinear step to the final size.
      const cv::Mat luma(f->height, f->width, CV_8UC1, f->data[0], static_cast<size_t>(f->linesize[0]));
      reduced_luma = halve_while(luma, sz, half_a, half_b);
      if (reduced_luma.size() == sz)
        reduced_luma.copyTo(out);
      else
        cv::resize(reduced_luma, out, sz, 0, 0, cv::INTER_LINEAR);  // less than 2x left: bilinear is enough
      if (limited) cv::LUT(out, range_lut, out);
    } else {
      SwsContext* s = sws_for(grey_sws, sz, pf, f->width, f->height, AV_PIX_FMT_GRAY8, SWS_AREA);
      sws_scale(s, f->data, f->linesize, 0, f->height, dst, dst_stride);
    }
    rotate_in_place(out, info.rotation_deg);
  }

  bool limited_range(const AVFrame* f) const {
    const auto pf = static_cast<AVPixelFormat>(f->format);
    return f->color_range != AVCOL_RANGE_JPEG && pf != AV_PIX_FMT_GRAY8 && pf != AV_PIX_FMT_YUVJ420P &&
           pf != AV_PIX_FMT_YUVJ422P && pf != AV_PIX_FMT_YUVJ444P;
  }

  void make_luma(const AVFrame* f, cv::Mat& out) {
    const auto pf = static_cast<AVPixelFormat>(f->format);
    // At the stream's size, whatever this frame's own (a size change mid-stream is scaled, as for the
    // proxies).
    const cv::Size want = stored_size(cv::Size(info.width, info.height), info.rotation_deg);
    const bool same_size = f->width == want.width && f->height == want.height;
    if (same_size && luma_is_plain_8bit(pf)) {
      const cv::Mat plane(f->height, f->width, CV_8UC1, f->data[0], static_cast<size_t>(f->linesize[0]));
      if (limited_range(f))
        cv::LUT(plane, range_lut, out);
      else
        plane.copyTo(out);
    } else {
      out.create(want, CV_8UC1);
      uint8_t* dst[4] = {out.data, nullptr, nullptr, nullptr};
      int dst_stride[4] = {static_cast<int>(out.step), 0, 0, 0};
      SwsContext* s = sws_for(luma_sws, out.size(), pf, f->width, f->height, AV_PIX_FMT_GRAY8, SWS_POINT);
      sws_scale(s, f->data, f->linesize, 0, f->height, dst, dst_stride);
    }
    rotate_in_place(out, info.rotation_deg);
  }

  void make_bgr(const AVFrame* f, av::SwsPtr& holder, cv::Size display, int flags, cv::Mat& out,
                bool deep = false) {
    if (!to_bgr(f, holder, display, info.rotation_deg, flags, out, deep))
      throw Error(path, "cannot convert pixel format", Error::Kind::Decode);
  }

  // Pulls the next decoded picture into `frame`; false at the end.
  bool receive() {
    while (true) {
      int rc = avcodec_receive_frame(dec.get(), frame.get());
      if (rc == 0) return true;
      if (rc == AVERROR_EOF) {
        finished = true;
        return false;
      }
      if (rc != AVERROR(EAGAIN)) {
        ++failures;  // a picture that could not be reconstructed
        continue;
      }
      if (draining) {
        finished = true;
        return false;
      }
      // Feed another packet of our stream.
      while (true) {
        rc = av_read_frame(fmt.get(), pkt.get());
        if (rc < 0) {
          if (rc != AVERROR_EOF) ended_early = true;
          draining = true;
          avcodec_send_packet(dec.get(), nullptr);
          break;
        }
        if (pkt->stream_index != stream) {
          av_packet_unref(pkt.get());
          continue;
        }
        if (pkt->flags & AV_PKT_FLAG_CORRUPT) ++failures;
        rc = avcodec_send_packet(dec.get(), pkt.get());
        av_packet_unref(pkt.get());
        if (rc < 0 && rc != AVERROR(EAGAIN)) {
          ++failures;
          continue;
        }
        break;
      }
    }
  }
};

FrameSource::FrameSource(const std::filesystem::path& path, FrameSourceOptions options)
    : m_impl(std::make_unique<Impl>()) {
  Impl& m = *m_impl;
  m.path = path.string();
  m.opts = options;
  m.fmt = av::open_input(m.path);
  m.stream = av::find_video_stream(m.fmt.get(), m.path);
  m.info = probe_open(m.fmt.get(), m.stream, m.path);
  for (unsigned i = 0; i < m.fmt->nb_streams; ++i)
    if (static_cast<int>(i) != m.stream) m.fmt->streams[i]->discard = AVDISCARD_ALL;

  AVStream* st = m.fmt->streams[m.stream];
  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (!codec) throw Error(m.path, "no decoder for codec '" + m.info.codec + "'", Error::Kind::Decode);
  m.dec.reset(avcodec_alloc_context3(codec));
  if (!m.dec) throw std::bad_alloc();
  int rc = avcodec_parameters_to_context(m.dec.get(), st->codecpar);
  if (rc < 0) throw Error(m.path, "bad codec parameters: " + av::error_text(rc), Error::Kind::Decode);
  m.dec->pkt_timebase = st->time_base;
  // Each frame thread holds pictures of its own: above 1080p, FFmpeg's own count keeps memory in bounds.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const bool big = static_cast<int64_t>(st->codecpar->width) * st->codecpar->height > 1920 * 1088;
  m.dec->thread_count = options.threads > 0 ? options.threads
                        : big               ? std::min(cores + 1, 16)
                                            : std::clamp(4 * cores, cores + 1, 16);
  if (options.skip_nonref_deblock) m.dec->skip_loop_filter = AVDISCARD_NONREF;
  m.dec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  rc = avcodec_open2(m.dec.get(), codec, nullptr);
  if (rc < 0) throw Error(m.path, "cannot open decoder: " + av::error_text(rc), Error::Kind::Decode);
  if (!m.pkt || !m.frame) throw std::bad_alloc();

  m.grey_display = proxy_size(m.info, options.grey_width);
  m.colour_display = proxy_size(m.info, options.colour_width);
  m.range_lut.create(1, 256, CV_8U);
  for (int i = 0; i < 256; ++i)
    m.range_lut.at<uint8_t>(i) = cv::saturate_cast<uint8_t>((i - 16) * 255.0 / 219.0 + 0.5);
  if (st->start_time != AV_NOPTS_VALUE) m.start_pts = st->start_time;
}

FrameSource::~FrameSource() = default;

const VideoInfo& FrameSource::info() const {
  return m_impl->info;
}
cv::Size FrameSource::grey_size() const {
  return m_impl->grey_display;
}
cv::Size FrameSource::colour_size() const {
  return m_impl->colour_display;
}
int64_t FrameSource::frames_decoded() const {
  return m_impl->decoded;
}
int64_t FrameSource::decode_failures() const {
  return m_impl->failures;
}
bool FrameSource::ended_early() const {
  return m_impl->ended_early;
}

bool FrameSource::cut_short(int64_t frames, double covered_s) const {
  const VideoInfo& info = m_impl->info;
  const bool short_of_container = info.duration_s > 1.0
                                      ? covered_s < 0.9 * info.duration_s - 0.5
                                      : info.frames > 0 && frames + decode_failures() < info.frames;
  return ended_early() || short_of_container;
}

bool FrameSource::next(Frame& out) {
  Impl& m = *m_impl;
  if (m.finished || !m.receive()) return false;
  AVFrame* f = m.frame.get();
  if (f->decode_error_flags || (f->flags & AV_FRAME_FLAG_CORRUPT)) ++m.failures;

  int64_t pts = f->best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE)
    pts = m.last_pts == AV_NOPTS_VALUE ? 0 : m.last_pts + std::max<int64_t>(1, m.last_duration);
  int64_t duration = f->pkt_duration;
  if (duration <= 0 && m.info.fps_average.valid()) {
    const AVRational tb = m.fmt->streams[m.stream]->time_base;
    duration = av_rescale_q(
        1, AVRational{static_cast<int>(m.info.fps_average.den), static_cast<int>(m.info.fps_average.num)},
        tb);
  }
  if (m.start_pts == AV_NOPTS_VALUE) m.start_pts = pts;
  m.last_pts = pts;
  m.last_duration = duration;

  out.exif_orientation = 0;
  if (const AVDictionaryEntry* e = av_dict_get(f->metadata, "Orientation", nullptr, 0); e && e->value) {
    const int o = std::atoi(e->value);
    if (o >= 1 && o <= 8) out.exif_orientation = o;
  }
  out.index = m.decoded++;
  out.pts = Timestamp{pts, m.info.time_base};
  out.time_s = static_cast<double>(pts - m.start_pts) * m.info.time_base.to_double();
  out.duration_s = static_cast<double>(duration) * m.info.time_base.to_double();
  // Fresh buffers every frame: a consumer may still hold the previous frame's images.
  out.grey.release();
  out.colour.release();
  out.full.release();
  out.luma.release();
  if (m.grey_display.area() > 0) m.make_grey(f, out.grey);
  if (m.colour_display.area() > 0) m.make_bgr(f, m.colour_sws, m.colour_display, SWS_AREA, out.colour);
  if (m.opts.full_frame)
    m.make_bgr(f, m.full_sws, cv::Size(m.info.width, m.info.height), kFullFrameFlags, out.full,
               m.opts.full_frame_deep);
  // Without deblocking on non-reference frames, a B-frame's block edges could pass for lines in the full-size
  // picture: take the next I or P frame instead, unless none comes within a quarter period.
  const bool filtered = !m.opts.skip_nonref_deblock || f->pict_type != AV_PICTURE_TYPE_B ||
                        out.time_s >= m.next_luma_s + 0.25 * m.opts.luma_period_s;
  if (m.opts.luma_period_s > 0 && (out.index == 0 || (out.time_s >= m.next_luma_s && filtered))) {
    m.make_luma(f, out.luma);
    m.next_luma_s = std::max(m.next_luma_s + m.opts.luma_period_s, out.time_s + 0.5 * m.opts.luma_period_s);
  }
  out.picture.reset();
  if (m.opts.keep_picture && out.index % std::max(1, m.opts.keep_picture_every) == 0) {
    auto p = std::make_unique<DecodedPicture::Impl>();
    p->frame.reset(av_frame_clone(f));
    p->rotation_deg = m.info.rotation_deg;
    p->display = cv::Size(m.info.width, m.info.height);
    if (p->frame) out.picture = std::make_shared<const DecodedPicture>(std::move(p));
  }
  av_frame_unref(f);
  return true;
}

}  // namespace cranes::media
