// SPDX-License-Identifier: MIT
// Film values survive a JSON round trip unchanged; foreign or malformed documents are refused with the file
// named; invalid UTF-8 from hostile metadata is written, not fatal.
#include <gtest/gtest.h>

#include <fstream>

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
  f.transitions = {{"cut", 100, 101, 0.9}, {"dissolve", 500, 524, 0.7}};
  f.shots.resize(1);
  f.shots[0].end_frame = 100;
  f.shots[0].end_s = f.shots[0].length_s = 4.17;
  f.shots[0].transition_out = "cut";
  f.shots[0].dutch_deg = -12.5;
  f.shots[0].dutch = true;
  f.shots[0].camera_angle = "low";
  f.shots[0].scale = "CU-MS";
  f.active = {true, 0, 138, 1920, 804, 2.39, "2.39", true, false};
  film::Movement m;
  m.start_frame = 10;
  m.end_frame = 60;
  m.label = "pan_right";
  m.rate = 12.5;
  m.rate_unit = "deg_per_s";
  m.also = {"tilt_up"};
  m.handheld = true;
  f.shots[0].movements.push_back(m);
  f.motion.fov_deg = 60;
  f.motion.pan_deg_s = {0.0, 12.5};
  return f;
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
