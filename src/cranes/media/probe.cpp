// SPDX-License-Identifier: MIT
// probe(): header-level facts about a video, read with libavformat without decoding the picture.
#include "cranes/media/probe.hpp"

#include <nlohmann/json.hpp>

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/pixdesc.h>
}

#include "cranes/media/av_util.hpp"

namespace cranes::media {

namespace {
Rational to_rational(AVRational r) {
  return Rational{r.num, r.den};
}
}  // namespace

VideoInfo probe_open(AVFormatContext* fmt, int vi, const std::string& path) {
  VideoInfo info;
  const AVStream* st = fmt->streams[vi];
  const AVCodecParameters* par = st->codecpar;
  info.path = path;
  info.container = fmt->iformat->name ? fmt->iformat->name : "";
  info.container_long = fmt->iformat->long_name ? fmt->iformat->long_name : "";
  info.codec = avcodec_get_name(par->codec_id);
  const char* pf = av_get_pix_fmt_name(static_cast<AVPixelFormat>(par->format));
  info.pixel_format = pf ? pf : "";
  info.stream_index = vi;
  info.coded_width = par->width;
  info.coded_height = par->height;
  info.rotation_deg = av::display_rotation_deg(st);
  const bool swap = info.rotation_deg == 90 || info.rotation_deg == 270;
  info.width = swap ? par->height : par->width;
  info.height = swap ? par->width : par->height;
  AVRational sar = av_guess_sample_aspect_ratio(fmt, const_cast<AVStream*>(st), nullptr);
  if (sar.num <= 0 || sar.den <= 0) sar = AVRational{1, 1};
  if (swap) std::swap(sar.num, sar.den);
  info.sar = to_rational(sar).reduced();
  info.dar = Rational{static_cast<int64_t>(info.width) * info.sar.num,
                      static_cast<int64_t>(info.height) * info.sar.den}
                 .reduced();
  info.fps_nominal = to_rational(st->r_frame_rate).reduced();
  info.fps_average = to_rational(st->avg_frame_rate).reduced();
  info.time_base = to_rational(st->time_base);
  if (st->start_time != AV_NOPTS_VALUE) info.start_s = st->start_time * av_q2d(st->time_base);
  if (st->duration != AV_NOPTS_VALUE && st->duration > 0)
    info.duration_s = st->duration * av_q2d(st->time_base);
  else if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0)
    info.duration_s = static_cast<double>(fmt->duration) / AV_TIME_BASE;
  info.frames = st->nb_frames > 0 ? st->nb_frames : -1;
  info.bit_rate = par->bit_rate > 0 ? par->bit_rate : fmt->bit_rate;
  if (info.fps_nominal.valid() && info.fps_average.valid()) {
    const double a = info.fps_nominal.to_double(), b = info.fps_average.to_double();
    info.variable_frame_rate = std::abs(a - b) > 0.01 * std::max(a, b);
  }
  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    const AVStream* s = fmt->streams[i];
    if (s->codecpar->codec_type != AVMEDIA_TYPE_AUDIO) continue;
    AudioStreamInfo a;
    a.index = static_cast<int>(i);
    a.codec = avcodec_get_name(s->codecpar->codec_id);
    a.channels = s->codecpar->ch_layout.nb_channels;
    a.sample_rate = s->codecpar->sample_rate;
    if (const AVDictionaryEntry* e = av_dict_get(s->metadata, "language", nullptr, 0)) a.language = e->value;
    info.audio.push_back(std::move(a));
  }
  return info;
}

VideoInfo probe(const std::filesystem::path& path) {
  const std::string p = path.string();
  av::FormatPtr fmt = av::open_input(p);
  const int vi = av::find_video_stream(fmt.get(), p);
  return probe_open(fmt.get(), vi, p);
}

nlohmann::json to_json(const VideoInfo& v) {
  auto rat = [](const Rational& r) {
    return nlohmann::json{{"num", r.num}, {"den", r.den}, {"value", r.to_double()}};
  };
  nlohmann::json audio = nlohmann::json::array();
  for (const auto& a : v.audio)
    audio.push_back({{"index", a.index},
                     {"codec", a.codec},
                     {"channels", a.channels},
                     {"sample_rate", a.sample_rate},
                     {"language", a.language}});
  return {{"path", v.path},
          {"container", v.container},
          {"container_long", v.container_long},
          {"codec", v.codec},
          {"pixel_format", v.pixel_format},
          {"stream_index", v.stream_index},
          {"width", v.width},
          {"height", v.height},
          {"coded_width", v.coded_width},
          {"coded_height", v.coded_height},
          {"sar", rat(v.sar)},
          {"dar", rat(v.dar)},
          {"fps", v.fps_average.valid() ? v.fps_average.to_double() : v.fps_nominal.to_double()},
          {"fps_nominal", rat(v.fps_nominal)},
          {"fps_average", rat(v.fps_average)},
          {"time_base", rat(v.time_base)},
          {"start_s", v.start_s},
          {"duration_s", v.duration_s},
          {"frames", v.frames < 0 ? nlohmann::json(nullptr) : nlohmann::json(v.frames)},
          {"rotation_deg", v.rotation_deg},
          {"bit_rate", v.bit_rate},
          {"variable_frame_rate", v.variable_frame_rate},
          {"audio", audio}};
}

}  // namespace cranes::media
