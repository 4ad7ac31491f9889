// SPDX-License-Identifier: MIT
// Shot boundaries on footage with exact ground truth: synthetic films rendered from real photos (wallpapers)
// and real clips from opencv-doc joined by FFmpeg with known cuts and dissolves. Long takes that spin, whip,
// flash, jump in exposure or drift under water must stay one shot.
#include "cranes/analysis/boundaries.hpp"

#include <gtest/gtest.h>

#include "cranes/analysis/analyze.hpp"
#include "cranes/film/shots.hpp"
#include "cranes/synth/score.hpp"
#include "support/tools.hpp"

namespace cranes::analysis {
namespace {

// "cut[120,121)"
std::string describe(const film::Transition& t) {
  std::string out = cranes::film::word(t.type);
  out += "[" + std::to_string(t.start_frame) + "," + std::to_string(t.end_frame) + ")";
  return out;
}
namespace fs = std::filesystem;
using test::q;

struct Result {
  synth::GroundTruth truth;
  film::Film film;
  synth::TransitionScore score;
};

Result render_and_analyze(const std::string& scenario, synth::SynthOptions so = {}) {
  test::ScratchDir dir;
  const fs::path video = dir / (scenario + ".mp4");
  Result r;
  r.truth = synth::render(scenario, so, video);
  AnalyzeOptions ao;
  ao.only = {"boundaries"};
  r.film = analyze(video, ao);
  r.score = synth::score_transitions(r.truth, r.film.transitions);
  // A film's transitions follow one another and never overlap, whatever else a test asserts.
  for (size_t i = 1; i < r.film.transitions.size(); ++i)
    EXPECT_LE(r.film.transitions[i - 1].end_frame, r.film.transitions[i].start_frame)
        << scenario << ": " << describe(r.film.transitions[i - 1]) << " overlaps "
        << describe(r.film.transitions[i]);
  return r;
}

std::string describe(const Result& r) {
  std::string s = r.truth.scenario + ":";
  for (const auto& t : r.film.transitions) s += " " + describe(t);
  return s;
}

// The shots partition the film and carry its times.
void expect_partition(const film::Film& f) {
  ASSERT_FALSE(f.shots.empty());
  EXPECT_EQ(f.shots.front().start_frame, 0);
  EXPECT_EQ(f.shots.back().end_frame, f.decode.frames);
  double total = 0;
  for (size_t i = 0; i < f.shots.size(); ++i) {
    EXPECT_EQ(f.shots[i].index, static_cast<int>(i));
    if (i > 0) {
      EXPECT_EQ(f.shots[i].start_frame, f.shots[i - 1].end_frame);
    }
    EXPECT_GT(f.shots[i].length_s, 0);
    total += f.shots[i].length_s;
  }
  EXPECT_NEAR(total, f.decode.duration_s, 1e-6);
  EXPECT_EQ(f.stats.shots, static_cast<int>(f.shots.size()));
}

TEST(BoundariesTest, HardCutsAreFoundOnTheirFrame) {
  const Result r = render_and_analyze("cuts");  // includes a jump cut within one photo
  EXPECT_EQ(r.score.cuts.true_positives, 5) << describe(r);
  EXPECT_EQ(r.score.cuts.false_positives, 0) << describe(r);
  for (const auto& t : r.truth.transitions) {
    bool exact = false;
    for (const auto& d : r.film.transitions)
      exact |= d.type == cranes::film::TransitionType::Cut && d.start_frame == t.start_frame;
    EXPECT_TRUE(exact) << "cut at " << t.start_frame << " " << describe(r);
  }
  expect_partition(r.film);
  EXPECT_EQ(r.film.shots.size(), r.truth.shots.size());
}

TEST(BoundariesTest, DissolvesAreFoundWithTheirRange) {
  const Result r = render_and_analyze("dissolve");
  // Both shots move during the dissolves: the found range may reach a few frames past the truth's edges, but
  // it covers the truth and its middle (where the shots are split) falls inside it.
  ASSERT_EQ(r.film.transitions.size(), 2u) << describe(r);
  EXPECT_EQ(r.score.gradual.true_positives, 2) << describe(r);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(cranes::film::word(r.film.transitions[i].type), "dissolve");
    EXPECT_LE(r.film.transitions[i].start_frame, r.truth.transitions[i].start_frame + 2) << describe(r);
    EXPECT_GE(r.film.transitions[i].end_frame, r.truth.transitions[i].end_frame - 2) << describe(r);
    EXPECT_LE(r.film.transitions[i].end_frame - r.film.transitions[i].start_frame,
              r.truth.transitions[i].end_frame - r.truth.transitions[i].start_frame + 16)
        << describe(r);
  }
  expect_partition(r.film);
  for (size_t i = 1; i < r.truth.shots.size(); ++i)
    EXPECT_NEAR(r.film.shots[i].start_frame, r.truth.shots[i].start_frame, 6);
}

TEST(BoundariesTest, FadesThroughBlackAndWhite) {
  const Result r = render_and_analyze("fades");
  EXPECT_EQ(r.score.gradual.true_positives, 6) << describe(r);
  EXPECT_EQ(r.score.gradual.false_positives + r.score.cuts.false_positives, 0) << describe(r);
  for (const auto& d : r.film.transitions)
    EXPECT_TRUE(d.type == cranes::film::TransitionType::FadeOut ||
                d.type == cranes::film::TransitionType::FadeIn)
        << describe(r);
  expect_partition(r.film);
  EXPECT_EQ(r.film.shots.size(), r.truth.shots.size());
}

// Jump cuts within one photo between still framings, in one frame: 36 px right, 20 px down, x1.12 and half a
// stop; 32 px left (5 % of the width); the same on an old print with flicker, dust and weave.
TEST(BoundariesTest, JumpCutsOfAFewPercentAreCuts) {
  const Result r = render_and_analyze("jump_cuts");
  EXPECT_EQ(r.score.cuts.true_positives, 4) << describe(r);
  EXPECT_EQ(r.score.cuts.false_positives + r.score.gradual.false_positives, 0) << describe(r);
  for (const auto& t : r.truth.transitions) {
    bool exact = false;
    for (const auto& d : r.film.transitions)
      exact |= d.type == cranes::film::TransitionType::Cut && d.start_frame == t.start_frame;
    EXPECT_TRUE(exact) << "jump cut at " << t.start_frame << " " << describe(r);
  }
}

// A copyright line burned into every frame stays through the fades: they are still fades (the picture as a
// whole loses its contrast), and the dissolve between two captioned shots is still a dissolve.
TEST(BoundariesTest, FadesThatKeepACaptionAreFades) {
  for (const synth::SynthOptions& so : test::colour_and_grey()) {
    const Result r = render_and_analyze("caption_fades", so);
    ASSERT_EQ(r.film.transitions.size(), r.truth.transitions.size()) << describe(r);
    for (size_t i = 0; i < r.truth.transitions.size(); ++i) {
      const auto& t = r.truth.transitions[i];
      const auto& d = r.film.transitions[i];
      EXPECT_EQ(cranes::film::word(d.type), cranes::film::word(t.type)) << describe(r);
      EXPECT_LT(d.start_frame, t.end_frame) << describe(r);
      EXPECT_GT(d.end_frame, t.start_frame) << describe(r);
    }
    expect_partition(r.film);
  }
}

// Dissolves of 13 to 101 frames (0.5 to 4 s) between shots that both keep panning, tilting or zooming
// through them, in colour and in black and white; and the slow dissolves between opposite pans, between
// shots of equal mean and contrast, and on an old print.
TEST(BoundariesTest, SlowDissolvesBetweenMovingShotsAreFound) {
  for (const synth::SynthOptions& so : test::colour_and_grey()) {
    const Result r = render_and_analyze("moving_dissolves", so);
    EXPECT_EQ(r.score.gradual.true_positives, 8) << describe(r);
    EXPECT_EQ(r.score.gradual.false_positives + r.score.cuts.false_positives, 0) << describe(r);
    for (const auto& d : r.film.transitions)
      EXPECT_EQ(d.type, cranes::film::TransitionType::Dissolve) << describe(r);
  }
  const Result slow = render_and_analyze("slow_dissolves");
  EXPECT_EQ(slow.score.gradual.true_positives, 6) << describe(slow);
  EXPECT_EQ(slow.score.cuts.true_positives, 2) << describe(slow);
  EXPECT_EQ(slow.score.gradual.false_positives + slow.score.cuts.false_positives, 0) << describe(slow);
}

// On an old print whose exposure flickers +-12 % (with clumped grain, dust, scratches and gate weave):
// dissolves of 13 to 73 frames, a fade out and in through black and a jump cut within one picture.
TEST(BoundariesTest, DissolvesOnAFlickeringOldPrintAreFound) {
  const Result r = render_and_analyze("old_dissolves");
  EXPECT_EQ(r.score.gradual.true_positives, 6) << describe(r);
  EXPECT_EQ(r.score.cuts.true_positives, 1) << describe(r);
  EXPECT_EQ(r.score.gradual.false_positives + r.score.cuts.false_positives, 0) << describe(r);
}

class LongTakeTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LongTakeTest, StaysOneShot) {
  const Result r = render_and_analyze(GetParam());
  EXPECT_TRUE(r.film.transitions.empty()) << describe(r);
  ASSERT_EQ(r.film.shots.size(), 1u);
  EXPECT_EQ(r.film.shots[0].end_frame, r.truth.frames);
}

INSTANTIATE_TEST_SUITE_P(CameraAndLight, LongTakeTest,
                         ::testing::Values("spin", "whip_pan", "flash", "exposure", "underwater", "shake",
                                           "zoom", "dolly", "pan", "tilt", "static"));

TEST(BoundariesTest, SpinningLongTakeIsOneShotInBlackAndWhiteWithGrain) {
  synth::SynthOptions so;
  so.grey = true;
  so.noise = 4;
  const Result r = render_and_analyze("spin", so);
  EXPECT_TRUE(r.film.transitions.empty()) << describe(r);
}

// The boundaries are the same whether they run alone or beside the analyzers that share the pass's tracker.
TEST(BoundariesTest, SameAloneAndInTheWholeAnalysis) {
  test::ScratchDir dir;
  const fs::path video = dir / "montage.mp4";
  synth::SynthOptions so;
  so.width = 320;
  so.height = 180;
  so.seed = 3;
  synth::render("montage", so, video);
  AnalyzeOptions alone;
  alone.only = {"boundaries"};
  const film::Film a = analyze(video, alone);
  const film::Film all = analyze(video);
  ASSERT_GE(a.transitions.size(), 10u);
  EXPECT_EQ(a.transitions, all.transitions);
  EXPECT_EQ(a.shots.size(), all.shots.size());
  for (size_t i = 0; i < std::min(a.shots.size(), all.shots.size()); ++i) {
    EXPECT_EQ(a.shots[i].start_frame, all.shots[i].start_frame);
    EXPECT_EQ(a.shots[i].end_frame, all.shots[i].end_frame);
  }
}

// Random films mixing every transition with every camera move, in colour and in black and white: one case a
// film, so they run side by side.
class MontageTest : public ::testing::TestWithParam<std::tuple<uint64_t, bool>> {};

TEST_P(MontageTest, OfEverything) {
  synth::SynthOptions so;
  so.seed = std::get<0>(GetParam());
  so.grey = std::get<1>(GetParam());
  const Result r = render_and_analyze("montage", so);
  expect_partition(r.film);
  EXPECT_TRUE(r.score.false_cuts_in_events.empty()) << describe(r);
  EXPECT_GE(r.score.cuts.f1(), 0.98) << describe(r);
  EXPECT_GE(r.score.gradual.f1(), 0.90) << describe(r);
}

INSTANTIATE_TEST_SUITE_P(SeedsAndStocks, MontageTest,
                         ::testing::Combine(::testing::Values(uint64_t{1}, uint64_t{2}), ::testing::Bool()));

TEST(BoundariesTest, RealClipsJoinedByCutAndDissolve) {
  // opencv-doc's surveillance clip (people walking past a static camera: one shot) cut to a shot of its
  // animated clip, then a one-second cross-dissolve (FFmpeg's xfade) back to the surveillance camera.
  const fs::path data = "/usr/share/doc/opencv-doc/examples/data";
  ASSERT_TRUE(fs::exists(data / "vtest.avi")) << "run `make deps` (package opencv-doc)";
  test::ScratchDir dir;
  const fs::path clip = dir / "joined.mp4";
  const std::string norm = "setpts=PTS-STARTPTS,fps=25,scale=640:360,setsar=1,format=yuv420p";
  test::ffmpeg("-i " + q(data / "vtest.avi") + " -i " + q(data / "Megamind.avi") + " -filter_complex \"" +
               "[0:v]trim=start=0:end=4," + norm + "[a];" + "[1:v]trim=start_frame=2:end_frame=96," + norm +
               "[b];" + "[0:v]trim=start=20:end=26," + norm + ",settb=1/25[c];" +
               "[a][b]concat=n=2:v=1,settb=1/25[ab];[ab][c]xfade=transition=fade:duration=1:offset=6[out]\" "
               "-map \"[out]\" "
               "-c:v libx264 -preset veryfast -crf 20 " +
               q(clip));
  AnalyzeOptions ao;
  ao.only = {"boundaries"};
  const film::Film f = analyze(clip, ao);
  std::string found;
  for (const auto& t : f.transitions) found += " " + describe(t);
  ASSERT_EQ(f.transitions.size(), 2u) << found;
  EXPECT_EQ(cranes::film::word(f.transitions[0].type), "cut") << found;
  EXPECT_NEAR(f.transitions[0].start_frame, 100, 2) << found;  // 4 s at 25 fps
  EXPECT_EQ(cranes::film::word(f.transitions[1].type), "dissolve") << found;
  // xfade from 6 s for 1 s: frames [150, 175); people walk on during it, so the range may run a little wider.
  EXPECT_NEAR(f.transitions[1].start_frame, 150, 6) << found;
  EXPECT_NEAR(f.transitions[1].end_frame, 175, 6) << found;
  EXPECT_NEAR((f.transitions[1].start_frame + f.transitions[1].end_frame) / 2.0, 162.5, 2.5) << found;
}

TEST(BoundariesTest, AnimatedSampleCuts) {
  // opencv-doc's Megamind.avi: a black first frame, then four shots; the cuts were checked by eye.
  const fs::path clip = "/usr/share/doc/opencv-doc/examples/data/Megamind.avi";
  ASSERT_TRUE(fs::exists(clip)) << "run `make deps` (package opencv-doc)";
  AnalyzeOptions ao;
  ao.only = {"boundaries"};
  const film::Film f = analyze(clip, ao);
  std::vector<int64_t> cuts;
  for (const auto& t : f.transitions) cuts.push_back(t.start_frame);
  EXPECT_EQ(cuts, (std::vector<int64_t>{1, 98, 154, 200}));
}

TEST(BoundariesTest, ShotsFromTransitions) {
  const std::vector<double> times = {0.0,  0.04, 0.08, 0.12, 0.16, 0.20,
                                     0.24, 0.28, 0.32, 0.36, 0.40};  // 10 + end
  const std::vector<film::Transition> ts = {{cranes::film::TransitionType::Cut, 2, 3, 1},
                                            {cranes::film::TransitionType::Dissolve, 3, 6, 1},
                                            {cranes::film::TransitionType::FadeOut, 6, 8, 1},
                                            {cranes::film::TransitionType::FadeIn, 8, 9, 1}};
  const auto shots = film::shots_from_transitions(ts, 10, times);
  ASSERT_EQ(shots.size(), 4u);
  EXPECT_EQ(shots[0].end_frame, 2);
  EXPECT_EQ(shots[1].end_frame, 4);  // dissolve [3,6) splits at 3 + 3/2
  EXPECT_EQ(shots[2].end_frame, 8);  // the fade-out stays with its shot, the fade-in starts the next
  EXPECT_EQ(cranes::film::word(shots[2].transition_out), "fade_out");
  EXPECT_EQ(cranes::film::word(shots[3].transition_in), "fade_in");
  EXPECT_DOUBLE_EQ(shots[3].end_s, 0.40);
  EXPECT_NEAR(shots[1].length_s, 0.08, 1e-12);
}

}  // namespace
}  // namespace cranes::analysis
