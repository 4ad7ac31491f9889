// SPDX-License-Identifier: MIT
// probe(): header-level facts about a video, read with libavformat without decoding the picture.
#include "cranes/media/probe.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/pixdesc.h>
}

#include "cranes/core/json_fields.hpp"
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
  // The container's own title and date (what the gallery and catalog name a film by), verbatim: whoever
  // shows them escapes them for where they go.
  if (const AVDictionaryEntry* e = av_dict_get(fmt->metadata, "title", nullptr, 0)) info.title = e->value;
  if (const AVDictionaryEntry* e = av_dict_get(fmt->metadata, "date", nullptr, 0)) info.date = e->value;
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

double window_rate(const VideoInfo& info) {
  const double avg = info.fps_average.valid() ? info.fps_average.to_double() : 0.0;
  const double nominal = info.fps_nominal.valid() ? info.fps_nominal.to_double() : 0.0;
  double fps = avg > 0 ? avg : nominal;
  if (avg > 0 && nominal > 0 && (avg > 2 * nominal || nominal > 2 * avg)) fps = std::min(avg, nominal);
  return fps > 0 ? std::clamp(fps, 1.0, 240.0) : 25.0;
}

VideoInfo probe(const std::filesystem::path& path) {
  const std::string p = path.string();
  av::FormatPtr fmt = av::open_input(p);
  const int vi = av::find_video_stream(fmt.get(), p);
  return probe_open(fmt.get(), vi, p);
}

namespace {

const auto kAudioFields = std::tuple{
    field("index", &AudioStreamInfo::index),       field("codec", &AudioStreamInfo::codec),
    field("channels", &AudioStreamInfo::channels), field("sample_rate", &AudioStreamInfo::sample_rate),
    field("language", &AudioStreamInfo::language),
};

// `frames` is written apart: null when the container does not say.
const auto kVideoFields = std::tuple{
    field("path", &VideoInfo::path),
    field("container", &VideoInfo::container),
    field("container_long", &VideoInfo::container_long),
    field("codec", &VideoInfo::codec),
    field("pixel_format", &VideoInfo::pixel_format),
    field("stream_index", &VideoInfo::stream_index),
    field("width", &VideoInfo::width),
    field("height", &VideoInfo::height),
    field("coded_width", &VideoInfo::coded_width),
    field("coded_height", &VideoInfo::coded_height),
    field("sar", &VideoInfo::sar),
    field("dar", &VideoInfo::dar),
    field("fps_nominal", &VideoInfo::fps_nominal),
    field("fps_average", &VideoInfo::fps_average),
    field("time_base", &VideoInfo::time_base),
    field("start_s", &VideoInfo::start_s),
    field("duration_s", &VideoInfo::duration_s),
    field("rotation_deg", &VideoInfo::rotation_deg),
    field("bit_rate", &VideoInfo::bit_rate),
    field("variable_frame_rate", &VideoInfo::variable_frame_rate),
    field("audio", &VideoInfo::audio),
    field("title", &VideoInfo::title),
    field("date", &VideoInfo::date),
};

}  // namespace

void to_json(nlohmann::json& j, const AudioStreamInfo& a) {
  write_fields(j, a, kAudioFields);
}
void from_json(const nlohmann::json& j, AudioStreamInfo& a) {
  read_fields(j, a, kAudioFields);
}

void to_json(nlohmann::json& j, const VideoInfo& v) {
  write_fields(j, v, kVideoFields);
  j["frames"] = v.frames < 0 ? nlohmann::json(nullptr) : nlohmann::json(v.frames);
  // The rate a reader wants first: the average, or the nominal one when the container gives no average.
  j["fps"] = v.fps_average.valid() ? v.fps_average.to_double() : v.fps_nominal.to_double();
}

void from_json(const nlohmann::json& j, VideoInfo& v) {
  read_fields(j, v, kVideoFields);
  const auto f = j.find("frames");
  v.frames = -1;
  if (f != j.end() && f->is_number_integer()) read_integer(*f, v.frames);
}

nlohmann::json to_json(const VideoInfo& v) {
  nlohmann::json j;
  to_json(j, v);
  return j;
}

}  // namespace cranes::media
