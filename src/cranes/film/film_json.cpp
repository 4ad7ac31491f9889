// SPDX-License-Identifier: MIT
// The one (de)serialisation of Film. Keys follow docs/format.md; unknown keys are kept out, missing optional
// keys take their defaults, so later schema additions stay readable.
#include <cmath>
#include <fstream>
#include <sstream>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/json_fields.hpp"
#include "cranes/film/film.hpp"

namespace cranes::film {
using nlohmann::json;

namespace {

// Each struct's fields, once: write and read both go through these tables (core/json_fields.hpp).
const auto kDecodeFields = std::tuple{
    field("frames", &DecodeReport::frames),
    field("decode_failures", &DecodeReport::decode_failures),
    field("ended_early", &DecodeReport::ended_early),
    field("duration_s", &DecodeReport::duration_s),
    field("min_frame_interval_s", &DecodeReport::min_frame_interval_s),
    field("max_frame_interval_s", &DecodeReport::max_frame_interval_s),
    field("variable_frame_rate", &DecodeReport::variable_frame_rate),
    field("nonref_deblock_skipped", &DecodeReport::nonref_deblock_skipped),
    field("elapsed_s", &DecodeReport::elapsed_s),
};

const auto kTransitionFields = std::tuple{
    field("type", &Transition::type, kRequired),
    field("start_frame", &Transition::start_frame, kRequired),
    field("end_frame", &Transition::end_frame, kRequired),
    field("confidence", &Transition::confidence),
};

const auto kMovementFields = std::tuple{
    field("start_frame", &Movement::start_frame, kRequired),
    field("end_frame", &Movement::end_frame, kRequired),
    field("start_s", &Movement::start_s),
    field("end_s", &Movement::end_s),
    field("label", &Movement::label, kRequired),
    field("rate", &Movement::rate),
    field("rate_unit", &Movement::rate_unit),
    field("rate_width_per_s", &Movement::rate_width_per_s),
    field("total", &Movement::total),
    field("also", &Movement::also),
    field("handheld", &Movement::handheld),
    field("whip", &Movement::whip),
    field("shake", &Movement::shake),
    field("energy", &Movement::energy),
    field("confidence", &Movement::confidence),
};

const auto kShotFields = std::tuple{
    field("index", &Shot::index, kRequired),
    field("start_frame", &Shot::start_frame, kRequired),
    field("end_frame", &Shot::end_frame, kRequired),
    field("start_s", &Shot::start_s),
    field("end_s", &Shot::end_s),
    field("length_s", &Shot::length_s),
    field("transition_in", &Shot::transition_in),
    field("transition_out", &Shot::transition_out),
    field("movements", &Shot::movements),
    field("dutch_deg", &Shot::dutch_deg),
    field("dutch_confidence", &Shot::dutch_confidence),
    field("dutch", &Shot::dutch),
    field("dutch_track", &Shot::dutch_track),
    field("camera_angle", &Shot::camera_angle),
    field("scale", &Shot::scale),
    field("fov_deg", &Shot::fov_deg),
    field("fov_source", &Shot::fov_source),
    field("key_frame", &Shot::key_frame),
};

const auto kMotionFields = std::tuple{
    field("step_s", &MotionTrack::step_s),
    field("fov_deg", &MotionTrack::fov_deg),
    field("measured_fov_deg", &MotionTrack::measured_fov_deg),
    field("measured_fov_windows", &MotionTrack::measured_fov_windows),
    field("measured_fov_spread_deg", &MotionTrack::measured_fov_spread_deg),
    field("pan_deg_s", &MotionTrack::pan_deg_s),
    field("tilt_deg_s", &MotionTrack::tilt_deg_s),
    field("roll_deg_s", &MotionTrack::roll_deg_s),
    field("zoom_per_s", &MotionTrack::zoom_per_s),
    field("shake", &MotionTrack::shake),
    field("energy", &MotionTrack::energy),
};

const auto kShotRefFields = std::tuple{
    field("index", &ShotRef::index),
    field("start_s", &ShotRef::start_s),
    field("length_s", &ShotRef::length_s),
};

const auto kSectionFields = std::tuple{
    field("start_s", &Section::start_s),
    field("end_s", &Section::end_s),
    field("shots", &Section::shots),
    field("asl_s", &Section::asl_s),
};

const auto kBinFields = std::tuple{
    field("from_s", &HistogramBin::from_s),
    field("to_s", &HistogramBin::to_s),
    field("count", &HistogramBin::count),
};

const auto kStatsFields = std::tuple{
    field("shots", &Stats::shots),
    field("length_s", &Stats::length_s),
    field("asl_s", &Stats::asl_s),
    field("msl_s", &Stats::msl_s),
    field("msl_asl", &Stats::msl_asl),
    field("stdev_s", &Stats::stdev_s),
    field("cv", &Stats::cv),
    field("min_s", &Stats::min_s),
    field("max_s", &Stats::max_s),
    field("longest", &Stats::longest),
    field("sections", &Stats::sections),
    field("distribution", &Stats::distribution),
};

const auto kActiveFields = std::tuple{
    field("known", &ActiveArea::known),
    field("x", &ActiveArea::x),
    field("y", &ActiveArea::y),
    field("width", &ActiveArea::width),
    field("height", &ActiveArea::height),
    field("aspect", &ActiveArea::aspect),
    field("name", &ActiveArea::name),
    field("letterbox", &ActiveArea::letterbox),
    field("pillarbox", &ActiveArea::pillarbox),
};

const auto kStillFields = std::tuple{
    field("frame", &Still::frame, kRequired),
    field("time_s", &Still::time_s),
    field("shot", &Still::shot),
    field("score", &Still::score),
    field("reason", &Still::reason),
    field("path", &Still::path),
    field("width", &Still::width),
    field("height", &Still::height),
};

const auto kFilmFields = std::tuple{
    field("schema", &Film::schema), field("source", &Film::source),
    field("params", &Film::params), field("analyzers", &Film::analyzers),
    field("decode", &Film::decode), field("transitions", &Film::transitions),
    field("shots", &Film::shots),   field("stats", &Film::stats),
    field("motion", &Film::motion), field("active_picture", &Film::active),
    field("stills", &Film::stills),
};

}  // namespace

void to_json(json& j, const DecodeReport& v) {
  write_fields(j, v, kDecodeFields);
}
void from_json(const json& j, DecodeReport& v) {
  read_fields(j, v, kDecodeFields);
}
void to_json(json& j, const Transition& v) {
  write_fields(j, v, kTransitionFields);
}
void from_json(const json& j, Transition& v) {
  read_fields(j, v, kTransitionFields);
}
void to_json(json& j, const Movement& v) {
  write_fields(j, v, kMovementFields);
}
void from_json(const json& j, Movement& v) {
  read_fields(j, v, kMovementFields);
}
void to_json(json& j, const Shot& v) {
  write_fields(j, v, kShotFields);
}
void from_json(const json& j, Shot& v) {
  read_fields(j, v, kShotFields);
}
// [time_s, deg], rounded to what the measurement carries.
void to_json(json& j, const Shot::AngleSample& a) {
  j = json::array({std::round(a.time_s * 1000) / 1000, std::round(a.deg * 10) / 10});
}
void from_json(const json& j, Shot::AngleSample& a) {
  if (!j.is_array() || j.size() != 2)
    throw json::type_error::create(302, "a Dutch-angle sample is [time_s, deg]", &j);
  a = {j[0].get<double>(), j[1].get<double>()};
}
void to_json(json& j, const MotionTrack& v) {
  write_fields(j, v, kMotionFields);
}
void from_json(const json& j, MotionTrack& v) {
  read_fields(j, v, kMotionFields);
}
void to_json(json& j, const ShotRef& v) {
  write_fields(j, v, kShotRefFields);
}
void from_json(const json& j, ShotRef& v) {
  read_fields(j, v, kShotRefFields);
}
void to_json(json& j, const Section& v) {
  write_fields(j, v, kSectionFields);
}
void from_json(const json& j, Section& v) {
  read_fields(j, v, kSectionFields);
}
void to_json(json& j, const HistogramBin& v) {
  write_fields(j, v, kBinFields);
}
void from_json(const json& j, HistogramBin& v) {
  read_fields(j, v, kBinFields);
}
void to_json(json& j, const Stats& v) {
  write_fields(j, v, kStatsFields);
}
void from_json(const json& j, Stats& v) {
  read_fields(j, v, kStatsFields);
}
void to_json(json& j, const ActiveArea& v) {
  write_fields(j, v, kActiveFields);
}
void from_json(const json& j, ActiveArea& v) {
  read_fields(j, v, kActiveFields);
}

void to_json(json& j, const Still& v) {
  write_fields(j, v, kStillFields);
}
void from_json(const json& j, Still& v) {
  read_fields(j, v, kStillFields);
}

json to_json(const Film& f) {
  json j;
  write_fields(j, f, kFilmFields);
  j["generator"] = std::string("cranes ") + CRANES_VERSION;
  return j;
}

Film film_from_json(const json& j, const std::string& origin) {
  if (!j.is_object() || !j.contains("schema"))
    throw Error(origin, "not a cranes analysis (no \"schema\" key)", Error::Kind::Format);
  const std::string schema = j["schema"].is_string() ? j["schema"].get<std::string>() : "";
  if (schema != kSchema)
    throw Error(origin, "unsupported schema '" + schema + "' (this cranes reads " + kSchema + ")",
                Error::Kind::Format);
  try {
    Film f;
    read_fields(j, f, kFilmFields);
    return f;
  } catch (const json::exception& e) {
    throw Error(origin, std::string("malformed cranes analysis: ") + e.what(), Error::Kind::Format);
  }
}

void write_film(const Film& film, const std::filesystem::path& path) {
  write_file_atomic(path, to_json(film).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

json read_film_document(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string(), "cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) throw Error(path.string(), "not valid JSON", Error::Kind::Format);
  return j;
}

Film read_film(const std::filesystem::path& path) {
  return film_from_json(read_film_document(path), path.string());
}

}  // namespace cranes::film
