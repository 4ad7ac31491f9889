// SPDX-License-Identifier: MIT
// Timecode at the edges: SMPTE ST 12M labels (HH:MM:SS:FF, or HH:MM:SS;FF drop-frame) from a 0-based frame
// index and a nominal rate, and wall-clock labels (HH:MM:SS.mmm) from seconds for variable frame rate. NTSC
// rates count at the rounded integer rate; 29.97 and 59.94 drop 2 and 4 frame *numbers* each minute except
// every tenth (SMPTE 12M).
#pragma once

#include <cstdint>
#include <string>

#include "cranes/core/rational.hpp"

namespace cranes::film {

/// How a rate is labelled in timecode: the integer frame count per timecode second (24 for 24000/1001) and
/// the frame numbers dropped each minute (0 for non-drop-frame; 2 at 29.97, 4 at 59.94 when drop-frame is
/// used).
struct TimecodeBase {
  int64_t rate = 0;   ///< timecode frames per timecode second; 0 when the rate is unknown
  int64_t drop = 0;   ///< frame numbers dropped per minute (not at minutes divisible by 10)
  bool ntsc = false;  ///< the rate is N * 1000/1001
  bool drop_frame() const { return drop > 0; }
  friend bool operator==(const TimecodeBase&, const TimecodeBase&) = default;
};

/// The timecode base for `fps`. Drop-frame is used only for NTSC rates that are multiples of 29.97
/// (29.97, 59.94, 119.88) and only when `drop_frame_if_ntsc`; 23.976 always counts non-drop at 24. Invalid
/// rates give rate 0.
TimecodeBase timecode_base(Rational fps, bool drop_frame_if_ntsc = true);

/// SMPTE timecode of 0-based `frame` at nominal rate `fps`: "HH:MM:SS:FF", or "HH:MM:SS;FF" for drop-frame.
/// Hours do not wrap at 24 (a long film keeps counting); negative frames get a leading '-'.
/// Throws cranes::Error (Format) when `fps` is not a positive rate.
std::string smpte_timecode(int64_t frame, Rational fps, bool drop_frame_if_ntsc = true);

/// The 0-based frame index that timecode HH:MM:SS:FF (or ;FF) labels at `fps`: the inverse of smpte_timecode.
/// Throws cranes::Error (Format) when the text is not a timecode, names a dropped frame number, or `fps` is
/// invalid.
int64_t frame_from_smpte(const std::string& timecode, Rational fps, bool drop_frame_if_ntsc = true);

/// The frame index of timecode hours:minutes:seconds:frames at `base` (no validation of the fields).
int64_t frame_from_fields(const TimecodeBase& base, int64_t hours, int64_t minutes, int64_t seconds,
                          int64_t frames);

/// Wall-clock "HH:MM:SS.mmm" of `seconds`, rounded to the millisecond; exact for variable frame rate because
/// it comes from the frame's own timestamp. Negative values get a leading '-'; NaN prints as 00:00:00.000.
std::string clock_timecode(double seconds);

/// The nearest frame index to `seconds` at `fps` (for variable-frame-rate sources labelled at a nominal
/// rate).
int64_t frame_at_seconds(double seconds, Rational fps);

}  // namespace cranes::film
