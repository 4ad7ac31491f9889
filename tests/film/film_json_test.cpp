// SPDX-License-Identifier: MIT
// Film values survive a JSON round trip unchanged; foreign or malformed documents are refused with the file
// named; invalid UTF-8 from hostile metadata is written, not fatal.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "cranes/core/error.hpp"
#include "cranes/film/film.hpp"
#include "support/tools.hpp"

namespace cranes::film {
namespace {

Film sample() {
  Film f;
  f.source.path = "cranes.mkv";
  f.source.codec = "h264";
  f.source.width = 1440;
  f.source.height = 1080;
  f.source.fps_nominal = {24000, 1001};
  f.source.fps_average = {24000, 1001};
  f.source.frames = 1234;
  f.source.audio.push_back({1, "aac", 2, 48000, "rus"});
  f.params = {{"threshold", 3.5}};
  f.analyzers = {"boundaries"};
  f.decode.frames = 1234;
  f.decode.duration_s = 51.468;
  f.transitions = {{cranes::film::TransitionType::Cut, 100, 101, 0.9},
                   {cranes::film::TransitionType::Dissolve, 500, 524, 0.7}};
  f.shots.resize(1);
  f.shots[0].end_frame = 100;
  f.shots[0].end_s = f.shots[0].length_s = 4.17;
  f.shots[0].transition_out = cranes::film::TransitionType::Cut;
  f.shots[0].dutch_deg = -12.5;
  f.shots[0].dutch = true;
  f.shots[0].camera_angle = cranes::film::CameraAngle::Low;
  f.shots[0].scale = *cranes::film::parse_scale_call("CU-MS");
  f.active = {true, 0, 138, 1920, 804, 2.39, "2.39", true, false};
  film::Movement m;
  m.start_frame = 10;
  m.end_frame = 60;
  m.label = cranes::film::MovementLabel::PanRight;
  m.rate = 12.5;
  m.rate_unit = cranes::film::RateUnit::DegPerS;
  m.also = {cranes::film::MovementLabel::TiltUp};
  m.handheld = true;
  f.shots[0].movements.push_back(m);
  f.motion.fov_deg = 60;
  f.motion.pan_deg_s = {0.0, 12.5};
  return f;
}

// Every field of every struct set to something other than its default, so a key dropped from a field table
// (or read into the wrong member) fails the round trip.
Film everything() {
  Film f;
  f.source = {"cranes.mkv",
              "matroska,webm",
              "Matroska / WebM",
              "h264",
              "yuv420p",
              3,
              1920,
              1080,
              1440,
              1080,
              {4, 3},
              {16, 9},
              {24000, 1001},
              {2997, 125},
              {1, 1000},
              0.042,
              5821.5,
              139562,
              90,
              8000000,
              true,
              {{1, "aac", 2, 48000, "rus"}},
              "Летят журавли",
              "1957"};
  f.params = {{"threshold", 3.5}};
  f.analyzers = {"boundaries", "motion"};
  f.decode = {1234, 3, true, 51.468, 0.04, 0.05, true, true, 12.5};
  f.transitions = {{TransitionType::FadeIn, 0, 12, 0.8}, {TransitionType::Dissolve, 500, 524, 0.7}};
  Shot s;
  s.index = 4;
  s.start_frame = 7;
  s.end_frame = 100;
  s.start_s = 0.29;
  s.end_s = 4.17;
  s.length_s = 3.88;
  s.transition_in = TransitionType::FadeIn;
  s.transition_out = TransitionType::Dissolve;
  Movement m;
  m.start_frame = 10;
  m.end_frame = 60;
  m.start_s = 0.4;
  m.end_s = 2.4;
  m.label = MovementLabel::ArcLeft;
  m.rate = 12.5;
  m.rate_unit = RateUnit::WidthPerS;
  m.rate_width_per_s = 0.2;
  m.total = 25;
  m.also = {MovementLabel::TiltUp, MovementLabel::RollCcw};
  m.handheld = true;
  m.shake = 0.003;
  m.energy = 0.4;
  m.confidence = 0.9;
  s.movements = {m};
  s.dutch_deg = -12.5;
  s.dutch_confidence = 0.7;
  s.dutch = true;
  s.dutch_track = {{0.5, -12.5}, {1.5, -20.1}};
  s.camera_angle = CameraAngle::WormsEye;
  s.scale = ScaleCall(ShotScale::MCU, ShotScale::LS);
  s.fov_deg = 97;
  s.fov_source = FovSource::Film;
  s.key_frame = 40;
  f.shots = {s};
  f.stats = {1,          3.88, 3.88, 3.5, 0.9, 0.2, 0.05, 3.1, 4.2, {{4, 0.29, 3.88}}, {{0, 4.17, 1, 3.88}},
             {{0, 5, 1}}};
  f.motion = {0.5, 60, 92.5, 4, 1.5, {1.0}, {2.0}, {3.0}, {0.1}, {0.001}, {0.3}};
  f.active = {true, 1, 138, 1918, 804, 2.39, "2.39", true, true};
  f.stills = {
      {120, 4.8, 2, 0.71, "sharpest steady frame of its shot", "film.stills/film_00-00-04.avif", 1280, 720}};
  return f;
}

TEST(FilmJsonTest, EveryFieldRoundTrips) {
  const Film f = everything();
  // The sample really sets every field: no value in its document equals the default document's.
  const nlohmann::json doc = to_json(f).flatten(), plain = to_json(Film{}).flatten();
  for (const auto& [path, value] : plain.items()) {
    if (path == "/schema" || path == "/generator") continue;
    const auto it = doc.find(path);
    if (it != doc.end()) {
      EXPECT_NE(*it, value) << path << " is left at its default in the sample";
    }
  }
  const Film back = film_from_json(nlohmann::json::parse(to_json(f).dump()));
  EXPECT_EQ(back.source, f.source);
  EXPECT_EQ(back.decode, f.decode);
  EXPECT_EQ(back.transitions, f.transitions);
  EXPECT_EQ(back.shots, f.shots);
  EXPECT_EQ(back.stats, f.stats);
  EXPECT_EQ(back.motion, f.motion);
  EXPECT_EQ(back.active, f.active);
  EXPECT_EQ(back.stills, f.stills);
  EXPECT_EQ(back, f);
}

TEST(FilmJsonTest, UnknownWordsAreErrorsNamingTheWord) {
  nlohmann::json j = to_json(everything());
  j["shots"][0]["movements"][0]["label"] = "pan_sideways";
  try {
    film_from_json(j, "x.json");
    FAIL();
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("x.json: malformed"), std::string::npos) << what;
    EXPECT_NE(what.find("unknown movement label 'pan_sideways'"), std::string::npos) << what;
  }
  j = to_json(everything());
  j["shots"][0]["scale"] = "CU-XX";
  EXPECT_THROW(film_from_json(j, "x.json"), Error);
  j["shots"][0]["scale"] = 3;
  EXPECT_THROW(film_from_json(j, "x.json"), Error);
}

// Found by fuzzing (fuzz/corpus/film_json/crash_float_frame_number.json): a frame number of 4e63 was cast to
// int64 with undefined behaviour. Whole numbers written as floats are read; the rest are refused.
TEST(FilmJsonTest, NumbersThatDoNotFitAreRefused) {
  nlohmann::json j = to_json(everything());
  j["shots"][0]["end_frame"] = 250.0;
  EXPECT_EQ(film_from_json(j, "x.json").shots[0].end_frame, 250);
  for (const nlohmann::json& bad : {nlohmann::json(4e63), nlohmann::json(-1e19), nlohmann::json(2.5),
                                    nlohmann::json(18446744073709551615ull)}) {
    j["shots"][0]["end_frame"] = bad;
    EXPECT_THROW(film_from_json(j, "x.json"), Error) << bad.dump();
  }
  j = to_json(everything());
  j["shots"][0]["index"] = 3e9;  // an int
  EXPECT_THROW(film_from_json(j, "x.json"), Error);
  j = to_json(everything());
  j["source"]["sar"]["num"] = 1e300;
  EXPECT_THROW(film_from_json(j, "x.json"), Error);
}

TEST(FilmJsonTest, EveryWordHasOneTokenAndReadsBack) {
  auto check = [](auto table) {
    std::set<std::string_view> seen;
    for (const auto& e : table) {
      EXPECT_TRUE(seen.insert(e.token).second) << e.token;
      EXPECT_EQ(parse_token<decltype(e.value)>(e.token), e.value) << e.token;
      EXPECT_FALSE(e.help.empty()) << e.token;
    }
  };
  check(enum_table(TransitionType{}));
  check(enum_table(MovementLabel{}));
  check(enum_table(MovementKind{}));
  check(enum_table(RateUnit{}));
  check(enum_table(CameraAngle{}));
  check(enum_table(ShotScale{}));
  check(enum_table(FovSource{}));
  // Each movement label has a kind, and the kind and the sign give the label back.
  for (const auto& e : enum_table(MovementLabel{})) {
    if (!is_move(e.value)) continue;
    const bool positive = directed(kind_of(e.value), 1.0) == e.value;
    EXPECT_EQ(directed(kind_of(e.value), positive ? 1.0 : -1.0), e.value) << e.token;
  }
  EXPECT_EQ(to_string(ScaleCall(ShotScale::CU, ShotScale::MS)), "CU-MS");
  EXPECT_EQ(parse_scale_call("CU-MS"), ScaleCall(ShotScale::CU, ShotScale::MS));
  EXPECT_EQ(parse_scale_call("ELS"), ScaleCall(ShotScale::ELS));
  EXPECT_FALSE(parse_scale_call("CU-").has_value());
  EXPECT_FALSE(parse_scale_call("huge").has_value());
}

TEST(FilmJsonTest, RoundTripIsLossless) {
  const Film f = sample();
  const Film back = film_from_json(nlohmann::json::parse(to_json(f).dump()));
  EXPECT_EQ(back, f);
  EXPECT_EQ(to_json(f)["schema"], "cranes/1");
}

TEST(FilmJsonTest, RefusesOtherSchemas) {
  nlohmann::json j = to_json(sample());
  j["schema"] = "cranes/99";
  EXPECT_THROW(film_from_json(j, "x.json"), Error);
  EXPECT_THROW(film_from_json(nlohmann::json::array(), "x.json"), Error);
  j["schema"] = "cranes/1";
  j["shots"][0].erase("start_frame");
  try {
    film_from_json(j, "x.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("x.json: malformed"), std::string::npos);
  }
}

TEST(FilmJsonTest, WritesAtomicallyAndSurvivesInvalidUtf8) {
  test::ScratchDir dir;
  Film f = sample();
  f.source.path = "bad\xff\xfe name.mkv";
  write_film(f, dir / "a.cranes.json");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"a.cranes.json"});
  const Film back = read_film(dir / "a.cranes.json");
  EXPECT_EQ(back.shots, f.shots);
  EXPECT_THROW(write_film(f, dir / "no/such/dir/a.json"), Error);
}

}  // namespace
}  // namespace cranes::film
