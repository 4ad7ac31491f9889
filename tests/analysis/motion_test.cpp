// SPDX-License-Identifier: MIT
// Camera movements measured on synthetic footage with an exact camera: a long take that tilts, pans, rolls a full
// turn, zooms and dollies past a near layer, a handheld shot and static shots with grain. Labels are scored per
// truth segment (synth/score.hpp), rates against the camera's own.
#include <gtest/gtest.h>

#include "cranes/analysis/analyze.hpp"
#include "cranes/analysis/movements.hpp"
#include "cranes/synth/score.hpp"
#include "support/tools.hpp"

namespace cranes::analysis {
namespace {

struct Measured {
  synth::GroundTruth truth;
  film::Film film;
  synth::MovementScore score;
};

Measured measure(const std::string& scenario, synth::SynthOptions so = {}) {
  test::ScratchDir dir;
  const auto video = dir / (scenario + ".mp4");
  Measured m;
  m.truth = synth::render(scenario, so, video);
  AnalyzeOptions ao;
  ao.only = {"boundaries", "motion"};
  m.film = analyze(video, ao);
  m.score = synth::score_movements(m.truth, m.film);
  return m;
}

std::string describe(const synth::MovementScore& s) {
  std::string out;
  for (const auto& r : s.segments)
    out += "\n  [" + std::to_string(r.truth.start_frame) + "," + std::to_string(r.truth.end_frame) + ") " +
           r.truth.label + " " + std::to_string(r.truth.rate) + " -> " + r.detected + " " +
           std::to_string(r.detected_rate);
  return out;
}

TEST(Motion, LongTakeMovementsAreLabelledWithTheirRates) {
  const Measured m = measure("moves");
  ASSERT_GE(m.score.segments.size(), 12u) << describe(m.score);
  EXPECT_GE(m.score.accuracy(), 0.9) << describe(m.score);
  for (const auto& r : m.score.segments) {
    if (!r.label_ok || r.rate_error < 0) continue;
    EXPECT_LE(r.rate_error, 0.10) << r.truth.label << " at " << r.truth.start_frame << describe(m.score);
    if (r.truth.label == "roll_cw") {
      EXPECT_NEAR(r.detected_total, 360.0, 10.0);
    }
  }
}

TEST(Motion, StaticShotWithGrainIsStatic) {
  synth::SynthOptions so;
  so.noise = 6;
  so.grey = true;
  const Measured m = measure("static", so);
  ASSERT_EQ(m.film.shots.size(), 1u);
  ASSERT_EQ(m.film.shots[0].movements.size(), 1u);
  EXPECT_EQ(m.film.shots[0].movements[0].label, "static");
}

TEST(Motion, HandheldShakeIsShakeNotPan) {
  const Measured m = measure("shake");
  ASSERT_EQ(m.film.shots.size(), 1u);
  for (const auto& mv : m.film.shots[0].movements) {
    EXPECT_EQ(mv.label, "shake");
    EXPECT_TRUE(mv.handheld);
  }
}

TEST(Motion, ZoomIsNotDollyAndDollyIsNotZoom) {
  const Measured zoom = measure("zoom");
  const Measured dolly = measure("dolly");
  EXPECT_GE(zoom.score.accuracy(), 0.99) << describe(zoom.score);
  EXPECT_GE(dolly.score.accuracy(), 0.99) << describe(dolly.score);
}

TEST(Motion, TrackIsWrittenOnceASecond) {
  const Measured m = measure("pan");
  ASSERT_EQ(m.film.motion.pan_deg_s.size(), 5u);  // 4.5 s
  EXPECT_NEAR(m.film.motion.pan_deg_s[2], 12.0, 1.0);
  EXPECT_NEAR(m.film.motion.fov_deg, 60.0, 1e-9);
}

TEST(Motion, SegmentsSplitWhereASpinSpeedsUp) {
  const Measured m = measure("spin");
  EXPECT_GE(m.score.accuracy(), 0.99) << describe(m.score);
  // 90, 180 and 360 deg/s for 2 s each (the 0.5 s holds before and after are shorter than a movement).
  std::vector<double> rates;
  for (const auto& mv : m.film.shots.at(0).movements)
    if (mv.label == "roll_cw" && mv.end_s - mv.start_s >= 1.0) rates.push_back(mv.rate);
  ASSERT_EQ(rates.size(), 3u);
  EXPECT_NEAR(rates[0], 90, 9);
  EXPECT_NEAR(rates[1], 180, 18);
  EXPECT_NEAR(rates[2], 360, 36);
}

TEST(Motion, PillarboxedPanIsMeasuredOnThePicture) {
  // A 4:3 picture pillarboxed in a 16:9 frame (as 1.37 films come in HD releases): the pan is 12 deg/s across the
  // picture's own field of view, not the frame's.
  test::ScratchDir dir;
  const auto plain = dir / "pan.mp4", boxed = dir / "pillar.mp4";
  synth::render("pan", {}, plain);
  test::ffmpeg("-i " + test::q(plain) + " -vf scale=480:360,setsar=1,pad=640:360:80:0:black -c:v libx264 -crf 20 " +
               test::q(boxed));
  const film::Film f = analyze(boxed);
  ASSERT_TRUE(f.active.pillarbox);
  ASSERT_FALSE(f.shots.empty());
  double rate = 0;
  for (const auto& mv : f.shots[0].movements)
    if (mv.label == "pan_right" && mv.end_s - mv.start_s >= 2.0) rate = mv.rate;
  EXPECT_NEAR(rate, 12.0, 1.2);
}

}  // namespace
}  // namespace cranes::analysis
