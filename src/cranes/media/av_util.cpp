// SPDX-License-Identifier: MIT
#include "cranes/media/av_util.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <vector>

extern "C" {
#include <libavutil/display.h>
}

#include "cranes/core/error.hpp"

namespace cranes::media::av {
namespace fs = std::filesystem;

std::string error_text(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof buf);
  return buf;
}

void quiet_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!std::getenv("CRANES_AV_LOG")) av_log_set_level(AV_LOG_QUIET);
  });
}

FormatPtr open_input(const std::string& path) {
  quiet_logging();
  std::error_code ec;
  const fs::path p(path);
  if (!fs::exists(p, ec)) throw Error(path, "no such file");
  if (fs::is_directory(p, ec)) throw Error(path, "is a directory, not a video file");
  if (fs::is_regular_file(p, ec)) {
    if (::access(path.c_str(), R_OK) != 0) throw Error(path, "permission denied");
    if (fs::file_size(p, ec) == 0) throw Error(path, "empty file", Error::Kind::Format);
  }
  AVFormatContext* raw = nullptr;
  int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (rc < 0) {
    // Tell "a damaged file of a known kind" (a cut-off MP4 without its index) from "not a media file at all".
    const AVInputFormat* known = nullptr;
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
      std::vector<unsigned char> buf(65536 + AVPROBE_PADDING_SIZE, 0);
      const size_t n = std::fread(buf.data(), 1, 65536, f);
      std::fclose(f);
      AVProbeData pd{path.c_str(), buf.data(), static_cast<int>(n), nullptr};
      int score = 0;
      known = av_probe_input_format3(&pd, 1, &score);
      if (score < AVPROBE_SCORE_EXTENSION + 1) known = nullptr;
    }
    if (known)
      throw Error(path,
                  std::string("damaged or truncated ") + (known->long_name ? known->long_name : known->name) +
                      " file: cannot read its header or index (" + error_text(rc) + ")",
                  Error::Kind::Format);
    if (rc == AVERROR_INVALIDDATA)
      throw Error(path, "not a video file (no known container format)", Error::Kind::Format);
    throw Error(path, "cannot open: " + error_text(rc), Error::Kind::Format);
  }
  FormatPtr fmt(raw);
  // Demuxers that happily read any text file as "ANSI art" video: a text file is not a film.
  static const std::set<std::string> kTextFormats = {"tty", "bin", "xbin", "adf", "idf"};
  if (kTextFormats.count(fmt->iformat->name))
    throw Error(path, "not a video file (looks like text)", Error::Kind::Format);
  fmt->probesize = std::max<int64_t>(fmt->probesize, 10'000'000);
  rc = avformat_find_stream_info(fmt.get(), nullptr);
  if (rc < 0) throw Error(path, "cannot read stream information: " + error_text(rc), Error::Kind::Format);
  return fmt;
}

int find_video_stream(AVFormatContext* fmt, const std::string& path) {
  int best = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  auto usable = [&](int i) {
    const AVStream* st = fmt->streams[i];
    return st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
           !(st->disposition & AV_DISPOSITION_ATTACHED_PIC) && st->codecpar->width > 0 &&
           st->codecpar->height > 0;
  };
  if (best >= 0 && usable(best)) return best;
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    if (usable(static_cast<int>(i))) return static_cast<int>(i);
  bool audio = false;
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    audio |= fmt->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO;
  throw Error(path, audio ? "no video stream (audio only)" : "no video stream", Error::Kind::Format);
}

int display_rotation_deg(const AVStream* st) {
  const uint8_t* sd = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
  if (!sd) return 0;
  const double ccw = av_display_rotation_get(reinterpret_cast<const int32_t*>(sd));
  if (std::isnan(ccw)) return 0;
  // av_display_rotation_get gives the counter-clockwise rotation of the matrix; the picture must be turned
  // clockwise by its negation to be upright (as ffmpeg's own autorotate does).
  int cw = static_cast<int>(std::lround(-ccw)) % 360;
  if (cw < 0) cw += 360;
  return static_cast<int>(std::lround(cw / 90.0)) % 4 * 90;
}

}  // namespace cranes::media::av
