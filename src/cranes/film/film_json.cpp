// SPDX-License-Identifier: MIT
// The one (de)serialisation of Film. Keys follow docs/format.md; unknown keys are kept out, missing optional
// keys take their defaults, so later schema additions stay readable.
#include <cmath>
#include <fstream>
#include <sstream>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/film/film.hpp"

namespace cranes::film {
using nlohmann::json;

namespace {

Rational rational_from(const json& j) {
  if (!j.is_object()) return {};
  return Rational{j.value("num", int64_t{0}), j.value("den", int64_t{1})};
}

media::VideoInfo source_from(const json& j) {
  media::VideoInfo v;
  v.path = j.value("path", "");
  v.container = j.value("container", "");
  v.container_long = j.value("container_long", "");
  v.codec = j.value("codec", "");
  v.pixel_format = j.value("pixel_format", "");
  v.stream_index = j.value("stream_index", -1);
  v.width = j.value("width", 0);
  v.height = j.value("height", 0);
  v.coded_width = j.value("coded_width", 0);
  v.coded_height = j.value("coded_height", 0);
  v.sar = rational_from(j.value("sar", json()));
  v.dar = rational_from(j.value("dar", json()));
  v.fps_nominal = rational_from(j.value("fps_nominal", json()));
  v.fps_average = rational_from(j.value("fps_average", json()));
  v.time_base = rational_from(j.value("time_base", json()));
  v.start_s = j.value("start_s", 0.0);
  v.duration_s = j.value("duration_s", 0.0);
  v.frames = j.contains("frames") && j["frames"].is_number() ? j["frames"].get<int64_t>() : -1;
  v.rotation_deg = j.value("rotation_deg", 0);
  v.bit_rate = j.value("bit_rate", int64_t{0});
  v.variable_frame_rate = j.value("variable_frame_rate", false);
  for (const auto& a : j.value("audio", json::array()))
    v.audio.push_back({a.value("index", -1), a.value("codec", ""), a.value("channels", 0),
                       a.value("sample_rate", 0), a.value("language", "")});
  return v;
}

json movement_json(const Movement& m) {
  return {{"start_frame", m.start_frame},
          {"end_frame", m.end_frame},
          {"start_s", m.start_s},
          {"end_s", m.end_s},
          {"label", m.label},
          {"rate", m.rate},
          {"rate_unit", m.rate_unit},
          {"rate_width_per_s", m.rate_width_per_s},
          {"total", m.total},
          {"also", m.also},
          {"handheld", m.handheld},
          {"shake", m.shake},
          {"energy", m.energy},
          {"confidence", m.confidence}};
}

Movement movement_from(const json& j) {
  Movement m;
  m.start_frame = j.at("start_frame").get<int64_t>();
  m.end_frame = j.at("end_frame").get<int64_t>();
  m.start_s = j.value("start_s", 0.0);
  m.end_s = j.value("end_s", 0.0);
  m.label = j.at("label").get<std::string>();
  m.rate = j.value("rate", 0.0);
  m.rate_unit = j.value("rate_unit", "");
  m.rate_width_per_s = j.value("rate_width_per_s", 0.0);
  m.total = j.value("total", 0.0);
  m.also = j.value("also", std::vector<std::string>{});
  m.handheld = j.value("handheld", false);
  m.shake = j.value("shake", 0.0);
  m.energy = j.value("energy", 0.0);
  m.confidence = j.value("confidence", 0.0);
  return m;
}

// [[time_s, deg], ...], rounded to what the measurement carries.
json dutch_track_json(const std::vector<Shot::AngleSample>& track) {
  json out = json::array();
  for (const auto& a : track)
    out.push_back({std::round(a.time_s * 1000) / 1000, std::round(a.deg * 10) / 10});
  return out;
}

json motion_json(const MotionTrack& t) {
  return {{"step_s", t.step_s},
          {"fov_deg", t.fov_deg},
          {"pan_deg_s", t.pan_deg_s},
          {"tilt_deg_s", t.tilt_deg_s},
          {"roll_deg_s", t.roll_deg_s},
          {"zoom_per_s", t.zoom_per_s},
          {"shake", t.shake},
          {"energy", t.energy},
          {"measured_fov_deg", t.measured_fov_deg},
          {"measured_fov_windows", t.measured_fov_windows},
          {"measured_fov_spread_deg", t.measured_fov_spread_deg}};
}

MotionTrack motion_from(const json& j) {
  MotionTrack t;
  t.step_s = j.value("step_s", 1.0);
  t.fov_deg = j.value("fov_deg", 0.0);
  t.pan_deg_s = j.value("pan_deg_s", std::vector<double>{});
  t.tilt_deg_s = j.value("tilt_deg_s", std::vector<double>{});
  t.roll_deg_s = j.value("roll_deg_s", std::vector<double>{});
  t.zoom_per_s = j.value("zoom_per_s", std::vector<double>{});
  t.shake = j.value("shake", std::vector<double>{});
  t.energy = j.value("energy", std::vector<double>{});
  t.measured_fov_deg = j.value("measured_fov_deg", 0.0);
  t.measured_fov_windows = j.value("measured_fov_windows", 0);
  t.measured_fov_spread_deg = j.value("measured_fov_spread_deg", 0.0);
  return t;
}

json stats_json(const Stats& s) {
  json longest = json::array(), sections = json::array(), dist = json::array();
  for (const auto& r : s.longest)
    longest.push_back({{"index", r.index}, {"start_s", r.start_s}, {"length_s", r.length_s}});
  for (const auto& x : s.sections)
    sections.push_back({{"start_s", x.start_s}, {"end_s", x.end_s}, {"shots", x.shots}, {"asl_s", x.asl_s}});
  for (const auto& b : s.distribution)
    dist.push_back({{"from_s", b.from_s}, {"to_s", b.to_s}, {"count", b.count}});
  return {{"shots", s.shots},     {"length_s", s.length_s}, {"asl_s", s.asl_s},     {"msl_s", s.msl_s},
          {"msl_asl", s.msl_asl}, {"stdev_s", s.stdev_s},   {"cv", s.cv},           {"min_s", s.min_s},
          {"max_s", s.max_s},     {"longest", longest},     {"sections", sections}, {"distribution", dist}};
}

Stats stats_from(const json& j) {
  Stats s;
  if (!j.is_object()) return s;
  s.shots = j.value("shots", 0);
  s.length_s = j.value("length_s", 0.0);
  s.asl_s = j.value("asl_s", 0.0);
  s.msl_s = j.value("msl_s", 0.0);
  s.msl_asl = j.value("msl_asl", 0.0);
  s.stdev_s = j.value("stdev_s", 0.0);
  s.cv = j.value("cv", 0.0);
  s.min_s = j.value("min_s", 0.0);
  s.max_s = j.value("max_s", 0.0);
  for (const auto& r : j.value("longest", json::array()))
    s.longest.push_back({r.value("index", 0), r.value("start_s", 0.0), r.value("length_s", 0.0)});
  for (const auto& x : j.value("sections", json::array()))
    s.sections.push_back(
        {x.value("start_s", 0.0), x.value("end_s", 0.0), x.value("shots", 0.0), x.value("asl_s", 0.0)});
  for (const auto& b : j.value("distribution", json::array()))
    s.distribution.push_back({b.value("from_s", 0.0), b.value("to_s", 0.0), b.value("count", 0)});
  return s;
}

}  // namespace

json to_json(const Film& f) {
  json transitions = json::array();
  for (const auto& t : f.transitions)
    transitions.push_back({{"type", t.type},
                           {"start_frame", t.start_frame},
                           {"end_frame", t.end_frame},
                           {"confidence", t.confidence}});
  json shots = json::array();
  for (const auto& s : f.shots) {
    json moves = json::array();
    for (const auto& m : s.movements) moves.push_back(movement_json(m));
    shots.push_back({{"index", s.index},
                     {"start_frame", s.start_frame},
                     {"end_frame", s.end_frame},
                     {"start_s", s.start_s},
                     {"end_s", s.end_s},
                     {"length_s", s.length_s},
                     {"transition_in", s.transition_in},
                     {"transition_out", s.transition_out},
                     {"movements", moves},
                     {"dutch_deg", s.dutch_deg ? json(*s.dutch_deg) : json(nullptr)},
                     {"dutch_confidence", s.dutch_confidence},
                     {"dutch", s.dutch},
                     {"dutch_track", dutch_track_json(s.dutch_track)},
                     {"camera_angle", s.camera_angle},
                     {"scale", s.scale},
                     {"fov_deg", s.fov_deg},
                     {"fov_source", s.fov_source}});
  }
  const DecodeReport& d = f.decode;
  return {{"schema", f.schema},
          {"generator", std::string("cranes ") + CRANES_VERSION},
          {"source", media::to_json(f.source)},
          {"params", f.params},
          {"analyzers", f.analyzers},
          {"decode",
           {{"frames", d.frames},
            {"decode_failures", d.decode_failures},
            {"ended_early", d.ended_early},
            {"duration_s", d.duration_s},
            {"min_frame_interval_s", d.min_frame_interval_s},
            {"max_frame_interval_s", d.max_frame_interval_s},
            {"variable_frame_rate", d.variable_frame_rate},
            {"nonref_deblock_skipped", d.nonref_deblock_skipped},
            {"elapsed_s", d.elapsed_s}}},
          {"transitions", transitions},
          {"shots", shots},
          {"stats", stats_json(f.stats)},
          {"motion", motion_json(f.motion)},
          {"active_picture",
           {{"known", f.active.known},
            {"x", f.active.x},
            {"y", f.active.y},
            {"width", f.active.width},
            {"height", f.active.height},
            {"aspect", f.active.aspect},
            {"name", f.active.name},
            {"letterbox", f.active.letterbox},
            {"pillarbox", f.active.pillarbox}}}};
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
    f.source = source_from(j.value("source", json::object()));
    f.params = j.value("params", json::object());
    f.analyzers = j.value("analyzers", std::vector<std::string>{});
    const json d = j.value("decode", json::object());
    f.decode.frames = d.value("frames", int64_t{0});
    f.decode.decode_failures = d.value("decode_failures", int64_t{0});
    f.decode.ended_early = d.value("ended_early", false);
    f.decode.duration_s = d.value("duration_s", 0.0);
    f.decode.min_frame_interval_s = d.value("min_frame_interval_s", 0.0);
    f.decode.max_frame_interval_s = d.value("max_frame_interval_s", 0.0);
    f.decode.variable_frame_rate = d.value("variable_frame_rate", false);
    f.decode.nonref_deblock_skipped = d.value("nonref_deblock_skipped", false);
    f.decode.elapsed_s = d.value("elapsed_s", 0.0);
    for (const auto& t : j.value("transitions", json::array()))
      f.transitions.push_back({t.at("type").get<std::string>(), t.at("start_frame").get<int64_t>(),
                               t.at("end_frame").get<int64_t>(), t.value("confidence", 0.0)});
    for (const auto& s : j.value("shots", json::array())) {
      Shot shot{s.at("index").get<int>(),
                s.at("start_frame").get<int64_t>(),
                s.at("end_frame").get<int64_t>(),
                s.value("start_s", 0.0),
                s.value("end_s", 0.0),
                s.value("length_s", 0.0),
                s.value("transition_in", ""),
                s.value("transition_out", ""),
                {},
                {},
                0.0,
                false,
                {},
                "",
                "",
                0.0,
                ""};
      for (const auto& m : s.value("movements", json::array())) shot.movements.push_back(movement_from(m));
      if (s.contains("dutch_deg") && s["dutch_deg"].is_number())
        shot.dutch_deg = s["dutch_deg"].get<double>();
      shot.dutch_confidence = s.value("dutch_confidence", 0.0);
      shot.dutch = s.value("dutch", false);
      for (const auto& a : s.value("dutch_track", json::array()))
        if (a.is_array() && a.size() == 2 && a[0].is_number() && a[1].is_number())
          shot.dutch_track.push_back({a[0].get<double>(), a[1].get<double>()});
      shot.camera_angle = s.value("camera_angle", "");
      shot.scale = s.value("scale", "");
      shot.fov_deg = s.value("fov_deg", 0.0);
      shot.fov_source = s.value("fov_source", "");
      f.shots.push_back(std::move(shot));
    }
    f.stats = stats_from(j.value("stats", json::object()));
    f.motion = motion_from(j.value("motion", json::object()));
    const json a = j.value("active_picture", json::object());
    f.active = {
        a.value("known", false),    a.value("x", 0),        a.value("y", 0),     a.value("width", 0),
        a.value("height", 0),       a.value("aspect", 0.0), a.value("name", ""), a.value("letterbox", false),
        a.value("pillarbox", false)};
    return f;
  } catch (const json::exception& e) {
    throw Error(origin, std::string("malformed cranes analysis: ") + e.what(), Error::Kind::Format);
  }
}

void write_film(const Film& film, const std::filesystem::path& path) {
  write_file_atomic(path, to_json(film).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

Film read_film(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string(), "cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) throw Error(path.string(), "not valid JSON", Error::Kind::Format);
  return film_from_json(j, path.string());
}

}  // namespace cranes::film
