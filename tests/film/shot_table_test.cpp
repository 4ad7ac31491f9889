// SPDX-License-Identifier: MIT
// Shot lists: CSV has one quoted-where-needed row per shot; the EDL has one event per shot with drop-frame
// labels at 29.97 and plain ones at 25, record time from 01:00:00:00; variable frame rate is labelled by the
// clock.
#include "cranes/film/shot_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cranes/core/error.hpp"
#include "cranes/film/stats.hpp"
#include "support/tools.hpp"

namespace cranes::film {
namespace {

Shot shot(int index, int64_t start_frame, int64_t end_frame, Rational fps) {
  Shot s;
  s.index = index;
  s.start_frame = start_frame;
  s.end_frame = end_frame;
  s.start_s = static_cast<double>(start_frame) / fps.to_double();
  s.end_s = static_cast<double>(end_frame) / fps.to_double();
  s.length_s = s.end_s - s.start_s;
  return s;
}

Film film_at(Rational fps, const std::vector<std::pair<int64_t, int64_t>>& ranges) {
  Film f;
  f.source.path = "/films/letyat-zhuravli.mkv";
  f.source.fps_nominal = fps;
  f.source.fps_average = fps;
  for (size_t i = 0; i < ranges.size(); ++i) {
    f.shots.push_back(shot(static_cast<int>(i), ranges[i].first, ranges[i].second, fps));
    if (i > 0) f.shots.back().transition_in = TransitionType::Cut;
    if (i + 1 < ranges.size()) f.shots.back().transition_out = TransitionType::Cut;
  }
  return f;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> events_of(const std::string& edl) {
  std::vector<std::string> out;
  for (const auto& l : lines_of(edl))
    if (!l.empty() && std::isdigit(static_cast<unsigned char>(l[0]))) out.push_back(l);
  return out;
}

const Film ntsc = film_at({30000, 1001}, {{0, 1800}, {1800, 17982}, {17982, 18000}});
const Film pal = film_at({25, 1}, {{0, 100}, {100, 250}});

TEST(ShotTableTest, CsvHasHeaderAndOneRowPerShot) {
  const auto rows = lines_of(shots_csv(ntsc));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0],
            "index,start_frame,end_frame,start_timecode,end_timecode,start_s,end_s,length_s,length_frames,"
            "transition_in,transition_out,movement,dutch_deg,camera_angle,scale");
  EXPECT_EQ(rows[1], "0,0,1800,00:00:00;00,00:01:00;02,0.000,60.060,60.060,1800,,cut,,,,");
  // 17982 frames at 29.97 is 599.9994 s: drop-frame 00:10:00;00 is a label, not exactly ten minutes.
  EXPECT_EQ(rows[2], "1,1800,17982,00:01:00;02,00:10:00;00,60.060,599.999,539.939,16182,cut,cut,,,,");
}

TEST(ShotTableTest, CsvQuotesCommasQuotesAndNewlines) {
  EXPECT_EQ(csv_field("pan_right"), "pan_right");
  EXPECT_EQ(csv_field("cut, \"odd\""), "\"cut, \"\"odd\"\"\"");
  EXPECT_EQ(csv_field("line\nbreak"), "\"line\nbreak\"");
}

TEST(ShotTableTest, EdlAt2997IsDropFrame) {
  const std::string edl = shots_edl(ntsc, "Cranes");
  const auto lines = lines_of(edl);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "TITLE: Cranes");
  EXPECT_EQ(lines[1], "FCM: DROP FRAME");
  const auto events = events_of(edl);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], "001  AX       V     C        00:00:00;00 00:01:00;02 01:00:00;00 01:01:00;02");
  EXPECT_EQ(events[1], "002  AX       V     C        00:01:00;02 00:10:00;00 01:01:00;02 01:10:00;00");
  EXPECT_EQ(events[2], "003  AX       V     C        00:10:00;00 00:10:00;18 01:10:00;00 01:10:00;18");
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "* FROM CLIP NAME: letyat-zhuravli.mkv"), 3);
}

TEST(ShotTableTest, EdlAt25IsNonDropFrame) {
  const std::string edl = shots_edl(pal, "Cranes");
  EXPECT_EQ(lines_of(edl)[1], "FCM: NON-DROP FRAME");
  const auto events = events_of(edl);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], "001  AX       V     C        00:00:00:00 00:00:04:00 01:00:00:00 01:00:04:00");
  EXPECT_EQ(events[1], "002  AX       V     C        00:00:04:00 00:00:10:00 01:00:04:00 01:00:10:00");
}

TEST(ShotTableTest, EdlTitleCannotInjectLines) {
  const auto lines = lines_of(shots_edl(pal, "evil\nFCM: DROP FRAME"));
  EXPECT_EQ(lines[0], "TITLE: evil?FCM: DROP FRAME");
  EXPECT_EQ(lines[1], "FCM: NON-DROP FRAME");
}

TEST(ShotTableTest, EdlWithoutFrameRateThrows) {
  Film f = pal;
  f.source.fps_nominal = {0, 1};
  f.source.fps_average = {0, 1};
  EXPECT_THROW(shots_edl(f, "x"), Error);
  EXPECT_TRUE(uses_clock_timecode(f));
}

TEST(ShotTableTest, NominalRateFallsBackToAverage) {
  Film f = pal;
  f.source.fps_nominal = {0, 1};
  EXPECT_EQ(timecode_rate(f), (Rational{25, 1}));
  EXPECT_EQ(events_of(shots_edl(f, "x")).size(), 2u);
}

TEST(ShotTableTest, VariableFrameRateUsesClockTimecodes) {
  Film f = film_at({30, 1}, {{0, 45}, {45, 100}});
  f.decode.variable_frame_rate = true;
  f.shots[0].end_s = f.shots[1].start_s = 1.5;
  f.shots[1].end_s = 3.3336;
  const auto rows = lines_of(shots_csv(f));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].substr(0, 33), "0,0,45,00:00:00.000,00:00:01.500,");
  EXPECT_NE(rows[2].find(",00:00:01.500,00:00:03.334,"), std::string::npos) << rows[2];
  // The EDL converts the times to frames at the nominal 30 fps: 1.5 s = 00:00:01:15, 3.3336 s = frame 100.
  const auto events = events_of(shots_edl(f, "vfr"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1], "002  AX       V     C        00:00:01:15 00:00:03:10 01:00:01:15 01:00:03:10");
  EXPECT_NE(shots_table(f).find("00:00:01.500"), std::string::npos);
}

TEST(ShotTableTest, WritesCsvAndEdlAtomically) {
  test::ScratchDir dir;
  const auto [csv, edl] = write_shot_outputs(pal, dir.path(), "cranes");
  EXPECT_EQ(csv, dir / "cranes.shots.csv");
  EXPECT_EQ(edl, dir / "cranes.edl");
  EXPECT_EQ(dir.list(), (std::vector<std::string>{"cranes.edl", "cranes.shots.csv"}));
  std::ifstream in(csv);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), shots_csv(pal));
}

TEST(ShotTableTest, TerminalTableCountsShotsFromOne) {
  const auto lines = lines_of(shots_table(pal));
  ASSERT_EQ(lines.size(), 4u);  // title, header, two shots
  EXPECT_NE(lines[0].find("letyat-zhuravli.mkv: 2 shots"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("non-drop-frame"), std::string::npos);
  EXPECT_EQ(lines[1].substr(0, 4), "shot");
  EXPECT_EQ(lines[2].substr(0, 4), "   1");
  EXPECT_NE(lines[3].find("00:00:04:00"), std::string::npos);
  EXPECT_NE(lines[3].find("6.000"), std::string::npos);
  EXPECT_NE(lines[3].find("150"), std::string::npos);
}

TEST(ShotTableTest, StatsTextNamesTheFigures) {
  const Film f = film_at({25, 1}, {{0, 50}, {50, 150}, {150, 300}, {300, 500}});  // 2, 4, 6, 8 s
  const std::string text = stats_text(compute_stats(f.shots, 2));
  EXPECT_NE(text.find("ASL       5.00 s"), std::string::npos) << text;
  EXPECT_NE(text.find("MSL       5.00 s"), std::string::npos);
  EXPECT_NE(text.find("StDev     2.24 s"), std::string::npos);
  EXPECT_NE(text.find("shot 4"), std::string::npos);
  EXPECT_NE(text.find("2.67  shots  ASL  3.75 s"), std::string::npos);
  EXPECT_NE(text.find("1.33  shots  ASL  7.50 s"), std::string::npos);
  EXPECT_EQ(stats_text(Stats{}), "No shots: nothing to measure.\n");
}

TEST(ShotTableTest, FindsTheDocumentBesideTheVideo) {
  test::ScratchDir dir;
  const auto video = dir / "film.mp4";
  std::ofstream(video) << "x";
  EXPECT_THROW(find_film_json(video), Error);
  try {
    find_film_json(video);
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cranes analyze"), std::string::npos) << e.what();
  }
  write_film(pal, dir / "film.mp4.cranes.json");
  EXPECT_EQ(find_film_json(video), dir / "film.mp4.cranes.json");
  EXPECT_EQ(find_film_json(dir / "film.mp4.cranes.json"), dir / "film.mp4.cranes.json");
  EXPECT_THROW(find_film_json(dir / "missing.cranes.json"), Error);
  EXPECT_THROW(find_film_json(dir / "missing.mp4"), Error);
}

}  // namespace
}  // namespace cranes::film

namespace cranes::film {
namespace {

TEST(ShotTableTest, CsvAndTableCarryMovementDutchAngleAndScale) {
  Film f;
  f.source.fps_nominal = f.source.fps_average = Rational{25, 1};
  f.shots.resize(1);
  f.shots[0].end_frame = 100;
  f.shots[0].end_s = f.shots[0].length_s = 4.0;
  for (const MovementLabel label : {MovementLabel::Static, MovementLabel::PanRight, MovementLabel::RollCw}) {
    Movement m;
    m.label = label;
    f.shots[0].movements.push_back(m);
  }
  f.shots[0].dutch_deg = -12.5;
  f.shots[0].dutch = true;
  f.shots[0].camera_angle = cranes::film::CameraAngle::Low;
  f.shots[0].scale = *cranes::film::parse_scale_call("CU-MS");
  const std::string csv = shots_csv(f);
  EXPECT_NE(csv.find(",pan_right>roll_cw,-12.5,low,CU-MS\n"), std::string::npos) << csv;
  const std::string table = shots_table(f);
  EXPECT_NE(table.find("-12.5 Dutch"), std::string::npos) << table;
  EXPECT_NE(table.find("pan_right>roll_cw"), std::string::npos) << table;
}

}  // namespace
}  // namespace cranes::film
