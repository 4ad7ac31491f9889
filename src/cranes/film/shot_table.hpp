// SPDX-License-Identifier: MIT
// Shot lists for people and other programs: a CSV row per shot, a CMX3600 EDL event per shot (for an editing
// system), an aligned terminal table, and a readable Cinemetrics summary. Timecode is SMPTE 12M at the film's
// nominal rate for constant frame rate, wall-clock HH:MM:SS.mmm from the timestamps for variable frame rate.
//
// Numbering: machine formats (JSON, CSV `index`) keep the 0-based shot index of the Film; formats for people
// (terminal table `shot`, stats text, EDL event number) count from 1, so shot 1 = index 0 = EDL event 001.
#pragma once

#include <filesystem>
#include <string>
#include <utility>

#include "cranes/core/rational.hpp"
#include "cranes/film/film.hpp"

namespace cranes::film {

/// The rate timecodes are labelled at: source.fps_nominal, else source.fps_average; {0, 1} when neither is
/// known.
Rational timecode_rate(const Film& film);

/// True when the shot lists label times by the clock (HH:MM:SS.mmm) rather than SMPTE frames: the pass
/// measured a variable frame rate (film.decode.variable_frame_rate), or no frame rate is known.
bool uses_clock_timecode(const Film& film);

/// One CSV field, quoted as RFC 4180 says when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s);

/// CSV (RFC 4180 quoting, "\n" line ends), header `index,start_frame,end_frame,start_timecode,end_timecode,
/// start_s,end_s,length_s,length_frames,transition_in,transition_out,movement,dutch_deg,camera_angle,scale`
/// (15 columns; the last four empty when the motion or framing analyzer did not run).
/// `index` is the Film's 0-based shot index; frames are 0-based and `end_frame` is exclusive, so
/// `end_timecode` labels the first frame after the shot (as an EDL out-point does). Times in seconds with 3
/// decimals.
std::string shots_csv(const Film& film);

/// CMX3600 EDL, one cut event per shot ("AX" reel, video track), with a `* FROM CLIP NAME:` line naming the
/// source file. Source timecodes count from 00:00:00:00 at the first frame of the file; record timecodes from
/// 01:00:00:00 (the usual programme start), events laid end to end. `FCM:` says DROP FRAME for 29.97/59.94,
/// else NON-DROP FRAME. Variable-frame-rate sources are converted to frames at the nominal rate from the
/// shots' times. Event numbers are 3 digits and grow to 4 past 999 shots. Throws cranes::Error (Format) when
/// no frame rate is known.
std::string shots_edl(const Film& film, const std::string& title);

/// Writes DIR/BASE.shots.csv and DIR/BASE.edl atomically (EDL title: BASE); returns their paths (csv, edl).
std::pair<std::filesystem::path, std::filesystem::path> write_shot_outputs(const Film& film,
                                                                           const std::filesystem::path& dir,
                                                                           const std::string& base);

/// An aligned text table for the terminal: shot number (1-based), start and end timecode, length in seconds
/// and frames, transitions in and out; control characters in strings from the document are replaced by '?'.
std::string shots_table(const Film& film);

/// A readable Cinemetrics summary: shots, length, ASL, MSL, MSL/ASL, StDev, CV, min, max, the longest takes
/// with their times, ASL per Brisson section as a small text bar chart, and the shot-length distribution.
std::string stats_text(const Stats& stats);

/// The analysis document for `input`: `input` itself when it names a .json file; else NAME.cranes.json beside
/// the video, or in the current directory (where `cranes analyze` writes when the video's directory is
/// read-only). Throws cranes::Error naming `input` (telling the user to run `cranes analyze`) when there is
/// none.
std::filesystem::path find_film_json(const std::filesystem::path& input);

}  // namespace cranes::film
