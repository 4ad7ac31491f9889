// SPDX-License-Identifier: MIT
// SMPTE 12M timecode arithmetic. Drop-frame skips frame *numbers* 00 and 01 (00-03 at 59.94) at the start of
// every minute not divisible by ten, so that 01:00:00;00 falls on frame 107892 = 3600 s * 29.97: the labels
// stay within 3.6 ms per hour of clock time while every real frame keeps a label.
#include "cranes/film/timecode.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "cranes/core/error.hpp"

namespace cranes::film {

TimecodeBase timecode_base(Rational fps, bool drop_frame_if_ntsc) {
  TimecodeBase b;
  if (!fps.valid()) return b;
  const double rate = fps.to_double();
  b.rate = std::llround(rate);
  if (b.rate <= 0) {
    b.rate = 0;
    return b;
  }
  // N*1000/1001, whether stored exactly (30000/1001) or rounded (2997/100).
  const double ntsc = static_cast<double>(b.rate) * 1000.0 / 1001.0;
  const Rational r = fps.reduced();
  b.ntsc = r.den != 1 && std::abs(rate - ntsc) < 1e-4 * static_cast<double>(b.rate);
  if (b.ntsc && drop_frame_if_ntsc && b.rate % 30 == 0) b.drop = 2 * (b.rate / 30);
  return b;
}

namespace {

TimecodeBase require_base(Rational fps, bool drop_frame_if_ntsc) {
  const TimecodeBase b = timecode_base(fps, drop_frame_if_ntsc);
  if (b.rate <= 0)
    throw Error(
        "timecode",
        "frame rate " + std::to_string(fps.num) + "/" + std::to_string(fps.den) + " is not a positive rate",
        Error::Kind::Format);
  return b;
}

}  // namespace

std::string smpte_timecode(int64_t frame, Rational fps, bool drop_frame_if_ntsc) {
  const TimecodeBase b = require_base(fps, drop_frame_if_ntsc);
  const bool negative = frame < 0;
  int64_t n = negative ? -frame : frame;
  if (b.drop > 0) {
    // Add back the frame numbers skipped so far: 9 minutes in every 10 drop `drop` numbers each.
    const int64_t per_10min = b.rate * 600 - b.drop * 9;
    const int64_t per_min = b.rate * 60 - b.drop;
    const int64_t tens = n / per_10min;
    const int64_t rest = n % per_10min;
    n += b.drop * 9 * tens;
    if (rest > b.drop) n += b.drop * ((rest - b.drop) / per_min);
  }
  const int64_t ff = n % b.rate;
  const int64_t total_s = n / b.rate;
  const int64_t ss = total_s % 60, mm = (total_s / 60) % 60, hh = total_s / 3600;
  const int ff_digits = b.rate > 100 ? 3 : 2;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld%c%0*lld", negative ? "-" : "",
                static_cast<long long>(hh), static_cast<long long>(mm), static_cast<long long>(ss),
                b.drop > 0 ? ';' : ':', ff_digits, static_cast<long long>(ff));
  return buf;
}

int64_t frame_from_fields(const TimecodeBase& b, int64_t hours, int64_t minutes, int64_t seconds,
                          int64_t frames) {
  const int64_t total_min = hours * 60 + minutes;
  return (total_min * 60 + seconds) * b.rate + frames - b.drop * (total_min - total_min / 10);
}

int64_t frame_from_smpte(const std::string& timecode, Rational fps, bool drop_frame_if_ntsc) {
  const TimecodeBase b = require_base(fps, drop_frame_if_ntsc);
  long long hh = 0, mm = 0, ss = 0, ff = 0;
  char sep = 0;
  int used = 0;
  const bool parsed =
      std::sscanf(timecode.c_str(), "%lld:%lld:%lld%c%lld%n", &hh, &mm, &ss, &sep, &ff, &used) == 5;
  if (!parsed || used != static_cast<int>(timecode.size()) || (sep != ':' && sep != ';' && sep != '.') ||
      hh < 0 || mm < 0 || mm > 59 || ss < 0 || ss > 59 || ff < 0 || ff >= b.rate)
    throw Error(timecode, "not a timecode HH:MM:SS:FF at " + std::to_string(b.rate) + " fps",
                Error::Kind::Format);
  if (b.drop > 0 && ss == 0 && mm % 10 != 0 && ff < b.drop)
    throw Error(timecode, "frame number dropped in drop-frame timecode", Error::Kind::Format);
  return frame_from_fields(b, hh, mm, ss, ff);
}

std::string clock_timecode(double seconds) {
  if (!std::isfinite(seconds)) seconds = 0.0;
  const bool negative = seconds < 0;
  const long long ms_total = std::llround(std::abs(seconds) * 1000.0);
  const long long ms = ms_total % 1000, total_s = ms_total / 1000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld.%03lld", negative && ms_total > 0 ? "-" : "",
                total_s / 3600, (total_s / 60) % 60, total_s % 60, ms);
  return buf;
}

int64_t frame_at_seconds(double seconds, Rational fps) {
  if (!std::isfinite(seconds) || !fps.valid()) return 0;
  return std::llround(seconds * static_cast<double>(fps.num) / static_cast<double>(fps.den));
}

}  // namespace cranes::film
