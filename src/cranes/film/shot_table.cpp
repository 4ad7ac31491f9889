// SPDX-License-Identifier: MIT
// Formatting of shot lists (CSV, CMX3600 EDL, terminal table) and of the Cinemetrics summary. No analysis
// here: every figure comes from the Film or from compute_stats; only labels (timecode, padding, quoting) are
// made.
#include "cranes/film/shot_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/film/timecode.hpp"

namespace cranes::film {
namespace fs = std::filesystem;

namespace {

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) v = 0.0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// Strings from the document (transition types, file names) may hold anything; keep the terminal and EDL
/// sane.
std::string printable(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

std::string start_label(const Shot& s, bool clock, Rational rate) {
  return clock ? clock_timecode(s.start_s) : smpte_timecode(s.start_frame, rate);
}

std::string end_label(const Shot& s, bool clock, Rational rate) {
  return clock ? clock_timecode(s.end_s) : smpte_timecode(s.end_frame, rate);
}

std::string rate_text(Rational r) {
  if (!r.valid()) return "unknown";
  r = r.reduced();
  char buf[64];
  if (r.den == 1)
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(r.num));
  else
    std::snprintf(buf, sizeof buf, "%.3f", r.to_double());
  return buf;
}

/// Pads each column to its widest cell; columns flagged in `right` are right-aligned (numbers).
std::string align(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
  std::vector<size_t> width(right.size(), 0);
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size() && i < width.size(); ++i) {
      const std::string pad(width[i] - r[i].size(), ' ');
      if (i) line += "  ";
      line += right[i] ? pad + r[i] : r[i] + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Rational timecode_rate(const Film& film) {
  if (film.source.fps_nominal.valid()) return film.source.fps_nominal;
  if (film.source.fps_average.valid()) return film.source.fps_average;
  return {0, 1};
}

bool uses_clock_timecode(const Film& film) {
  return film.decode.variable_frame_rate || timecode_base(timecode_rate(film)).rate <= 0;
}

// The shot's movements in order, e.g. "tilt_up>pan_right>roll_cw" ("static" when nothing moves).
std::string movement_labels(const Shot& s) {
  std::string out;
  for (const auto& m : s.movements) {
    if (m.label == MovementLabel::Static && s.movements.size() > 1) continue;
    if (!out.empty()) out += '>';
    out += word(m.label);
  }
  return out;
}

std::string dutch_text(const Shot& s) {
  return s.dutch_deg ? fixed(*s.dutch_deg, 1) : "";
}

std::string shots_csv(const Film& film) {
  const Rational rate = timecode_rate(film);
  const bool clock = uses_clock_timecode(film);
  std::string out =
      "index,start_frame,end_frame,start_timecode,end_timecode,start_s,end_s,length_s,length_frames,"
      "transition_in,"
      "transition_out,movement,dutch_deg,camera_angle,scale\n";
  for (const auto& s : film.shots) {
    const std::vector<std::string> row = {std::to_string(s.index),
                                          std::to_string(s.start_frame),
                                          std::to_string(s.end_frame),
                                          start_label(s, clock, rate),
                                          end_label(s, clock, rate),
                                          fixed(s.start_s, 3),
                                          fixed(s.end_s, 3),
                                          fixed(s.length_s, 3),
                                          std::to_string(s.end_frame - s.start_frame),
                                          word(s.transition_in),
                                          word(s.transition_out),
                                          movement_labels(s),
                                          dutch_text(s),
                                          word(s.camera_angle),
                                          word(s.scale)};
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      out += csv_field(row[i]);
    }
    out += "\n";
  }
  return out;
}

std::string shots_edl(const Film& film, const std::string& title) {
  const Rational rate = timecode_rate(film);
  const TimecodeBase base = timecode_base(rate);
  if (base.rate <= 0)
    throw Error(film.source.path, "no frame rate known, cannot write EDL timecode", Error::Kind::Format);
  const bool from_times = film.decode.variable_frame_rate;
  const std::string clip = printable(fs::path(film.source.path).filename().string());

  std::string out = "TITLE: " + printable(title) + "\n";
  out += base.drop_frame() ? "FCM: DROP FRAME\n\n" : "FCM: NON-DROP FRAME\n\n";
  int64_t rec = frame_from_fields(base, 1, 0, 0, 0);
  int event = 0;
  for (const auto& s : film.shots) {
    int64_t in = s.start_frame, out_frame = s.end_frame;
    if (from_times) {
      in = frame_at_seconds(s.start_s, rate);
      out_frame = frame_at_seconds(s.end_s, rate);
    }
    in = std::max<int64_t>(in, 0);
    out_frame = std::max(out_frame, in);
    const int64_t len = out_frame - in;
    char line[256];
    std::snprintf(line, sizeof line, "%03d  %-8s %-5s %-8s %s %s %s %s\n", ++event, "AX", "V", "C",
                  smpte_timecode(in, rate).c_str(), smpte_timecode(out_frame, rate).c_str(),
                  smpte_timecode(rec, rate).c_str(), smpte_timecode(rec + len, rate).c_str());
    out += line;
    if (!clip.empty()) out += "* FROM CLIP NAME: " + clip + "\n";
    out += "\n";
    rec += len;
  }
  return out;
}

std::pair<fs::path, fs::path> write_shot_outputs(const Film& film, const fs::path& dir,
                                                 const std::string& base) {
  const fs::path csv = dir / (base + ".shots.csv");
  const fs::path edl = dir / (base + ".edl");
  const std::string edl_text = shots_edl(film, base);  // may throw: write nothing then
  write_file_atomic(csv, shots_csv(film));
  write_file_atomic(edl, edl_text);
  return {csv, edl};
}

std::string shots_table(const Film& film) {
  const Rational rate = timecode_rate(film);
  const bool clock = uses_clock_timecode(film);
  std::string out = printable(fs::path(film.source.path).filename().string());
  if (!out.empty()) out += ": ";
  out += std::to_string(film.shots.size()) + (film.shots.size() == 1 ? " shot" : " shots");
  if (clock) {
    out += film.decode.variable_frame_rate ? ", variable frame rate: times by the clock (HH:MM:SS.mmm)"
                                           : ", frame rate unknown: times by the clock (HH:MM:SS.mmm)";
  } else {
    const TimecodeBase b = timecode_base(rate);
    out += ", SMPTE timecode at " + rate_text(rate) + " fps, " +
           (b.drop_frame() ? "drop-frame (HH:MM:SS;FF)" : "non-drop-frame (HH:MM:SS:FF)");
  }
  out += "\n";
  if (film.shots.empty()) return out;
  bool moves = false, framing = false;
  for (const auto& s : film.shots) {
    moves |= !s.movements.empty();
    framing |= s.scale.has_value();
  }
  std::vector<std::string> head = {"shot", "start", "end", "length_s", "frames", "in", "out"};
  std::vector<bool> right = {true, false, false, true, true, false, false};
  if (moves) {
    head.push_back("movement");
    right.push_back(false);
  }
  if (framing) {
    for (const char* h : {"dutch", "angle", "scale"}) head.push_back(h);
    for (bool r : {true, false, false}) right.push_back(r);
  }
  std::vector<std::vector<std::string>> rows = {head};
  for (const auto& s : film.shots) {
    rows.push_back({std::to_string(s.index + 1), start_label(s, clock, rate), end_label(s, clock, rate),
                    fixed(s.length_s, 3), std::to_string(s.end_frame - s.start_frame),
                    s.transition_in ? word(s.transition_in) : "-",
                    s.transition_out ? word(s.transition_out) : "-"});
    if (moves) rows.back().push_back(movement_labels(s).empty() ? "-" : movement_labels(s));
    if (framing) {
      rows.back().push_back(s.dutch_deg ? dutch_text(s) + (s.dutch ? " Dutch" : "") : "?");
      rows.back().push_back(s.camera_angle ? word(s.camera_angle) : "-");
      rows.back().push_back(s.scale ? word(s.scale) : "-");
    }
  }
  return out + align(rows, right);
}

std::string stats_text(const Stats& st) {
  if (st.shots == 0) return "No shots: nothing to measure.\n";
  std::string out;
  auto line = [&](const std::string& name, const std::string& value, const std::string& note = "") {
    std::string l = name;
    l.resize(std::max<size_t>(l.size() + 1, 10), ' ');
    l += value;
    if (!note.empty()) {
      l.resize(std::max<size_t>(l.size() + 2, 24), ' ');
      l += note;
    }
    out += l + "\n";
  };
  line("Shots", std::to_string(st.shots));
  line("Length", clock_timecode(st.length_s), "(" + fixed(st.length_s, 3) + " s, sum of shot lengths)");
  line("ASL", fixed(st.asl_s, 2) + " s", "average shot length = length / shots");
  line("MSL", fixed(st.msl_s, 2) + " s", "median shot length");
  line("MSL/ASL", fixed(st.msl_asl, 2), "below 1: a few long takes pull the average up");
  line("StDev", fixed(st.stdev_s, 2) + " s", "population standard deviation");
  line("CV", fixed(st.cv, 2), "StDev / ASL: spread relative to the average");
  line("Min", fixed(st.min_s, 3) + " s");
  line("Max", fixed(st.max_s, 3) + " s");

  if (!st.longest.empty()) {
    out += "\nLongest takes\n";
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < st.longest.size(); ++i) {
      const auto& r = st.longest[i];
      rows.push_back({"  " + std::to_string(i + 1) + ".", "shot " + std::to_string(r.index + 1),
                      "at " + clock_timecode(r.start_s), fixed(r.length_s, 3) + " s"});
    }
    out += align(rows, {true, false, false, true});
  }

  if (!st.sections.empty()) {
    out += "\nASL per section (Brisson: " + std::to_string(st.sections.size()) +
           " equal-time parts, shots on a border counted fractionally)\n";
    double top = 0.0;
    for (const auto& x : st.sections) top = std::max(top, x.asl_s);
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < st.sections.size(); ++i) {
      const auto& x = st.sections[i];
      const int bar = top > 0 ? static_cast<int>(std::lround(30.0 * x.asl_s / top)) : 0;
      rows.push_back({"  " + std::to_string(i + 1),
                      clock_timecode(x.start_s) + " - " + clock_timecode(x.end_s), fixed(x.shots, 2), "shots",
                      "ASL", fixed(x.asl_s, 2) + " s", std::string(bar, '#')});
    }
    out += align(rows, {true, false, true, false, false, true, false});
  }

  if (!st.distribution.empty()) {
    out += "\nShot lengths\n";
    int top = 0;
    for (const auto& b : st.distribution) top = std::max(top, b.count);
    std::vector<std::vector<std::string>> rows;
    for (const auto& b : st.distribution) {
      const int bar = top > 0 ? static_cast<int>(std::lround(30.0 * b.count / top)) : 0;
      rows.push_back({"  " + fixed(b.from_s, 0) + "-" + fixed(b.to_s, 0) + " s", std::to_string(b.count),
                      std::string(b.count > 0 ? std::max(bar, 1) : 0, '#')});
    }
    out += align(rows, {true, true, false});
  }
  return out;
}

fs::path find_film_json(const fs::path& input) {
  std::error_code ec;
  const std::string name = input.filename().string();
  if (input.extension() == ".json") {
    if (!fs::is_regular_file(input, ec)) throw Error(input.string(), "no such file");
    return input;
  }
  const fs::path beside =
      (input.has_parent_path() ? input.parent_path() : fs::path(".")) / (name + ".cranes.json");
  if (fs::is_regular_file(beside, ec)) return beside;
  const fs::path here = fs::path(".") / (name + ".cranes.json");
  if (fs::is_regular_file(here, ec)) return here;
  if (!fs::exists(input, ec)) throw Error(input.string(), "no such file");
  throw Error(input.string(), "not analysed yet (no " + beside.string() + "); run `cranes analyze " +
                                  input.string() + "` first");
}

}  // namespace cranes::film
