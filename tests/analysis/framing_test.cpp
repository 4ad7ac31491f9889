// SPDX-License-Identifier: MIT
// Framing through the whole pass: Dutch angles of a real photo (opencv-doc's building) filmed level and
// rolled by known angles, and letterbox bars added by FFmpeg around a synthetic film.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cranes/analysis/analyze.hpp"
#include "cranes/synth/synth.hpp"
#include "support/tools.hpp"

namespace cranes::analysis {
namespace {
using test::q;

TEST(Framing, RolledShotsCarryTheirDutchAngle) {
  test::ScratchDir dir;
  synth::SynthOptions so;
  so.photos = {"/usr/share/doc/opencv-doc/examples/data/building.jpg"};
  so.fov_deg = 50;
  const auto video = dir / "dutch.mp4";
  synth::render("dutch", so, video);
  AnalyzeOptions ao;
  ao.only = {"boundaries", "framing"};
  const film::Film f = analyze(video, ao);
  ASSERT_EQ(f.shots.size(), 4u);
  const double truth[3] = {0, 20, -12};
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(f.shots[i].dutch_deg.has_value()) << "shot " << i;
    EXPECT_NEAR(*f.shots[i].dutch_deg, truth[i], 2.0) << "shot " << i;
    EXPECT_EQ(f.shots[i].dutch, i > 0) << "shot " << i;
    EXPECT_TRUE(f.shots[i].dutch_track.empty()) << "shot " << i;  // a steady angle needs no track
  }
  // The turning shot: level for 1 s, then clockwise at 120 deg/s to a full turn, level again for 1 s. The
  // angle must follow the turn through every second, including past 90 deg where lines alone are ambiguous.
  const film::Shot& turn = f.shots[3];
  ASSERT_GE(turn.dutch_track.size(), 4u);
  for (const auto& a : turn.dutch_track) {
    const double t = a.time_s - turn.start_s;
    const double expected = 120.0 * std::clamp(t - 1.0, 0.0, 3.0);
    double err = std::fmod(std::abs(a.deg - expected), 360.0);
    err = std::min(err, 360.0 - err);
    EXPECT_LT(err, 6.0) << "t " << t << " measured " << a.deg << " expected " << expected;
  }
  EXPECT_TRUE(turn.dutch);
}

TEST(Framing, LetterboxBarsAreFoundAndLandscapesHaveNoScale) {
  test::ScratchDir dir;
  const auto plain = dir / "plain.mp4";
  synth::render("pan", {}, plain);
  const auto boxed = dir / "boxed.mp4";
  // 2.35:1 inside 16:9: 640x272 picture, 44 px bars above and below.
  test::ffmpeg("-i " + q(plain) + " -vf scale=640:272,setsar=1,pad=640:360:0:44:black -c:v libx264 -crf 20 " +
               q(boxed));
  AnalyzeOptions ao;
  ao.only = {"framing"};
  const film::Film f = analyze(boxed, ao);
  ASSERT_TRUE(f.active.known);
  EXPECT_TRUE(f.active.letterbox);
  EXPECT_FALSE(f.active.pillarbox);
  EXPECT_NEAR(f.active.y, 44, 2);
  EXPECT_NEAR(f.active.height, 272, 2);
  EXPECT_EQ(f.active.name, "2.35");
  const film::Film g = analyze(plain, ao);
  ASSERT_TRUE(g.active.known);
  EXPECT_FALSE(g.active.letterbox || g.active.pillarbox);
  EXPECT_EQ(g.active.height, 360);
  for (const auto& s : g.shots) EXPECT_EQ(cranes::film::word(s.scale), "unknown");
}

}  // namespace
}  // namespace cranes::analysis
