// SPDX-License-Identifier: MIT
// The stills picker on synthetic films with exact ground truth: no still inside a transition, a flash, an
// exposure jump or a whip pan, none smeared when the shot holds still elsewhere, one per camera move of a
// long take; stills written as AVIF decode back at the recorded size, 4:0:0 for a black-and-white film,
// letterbox bars cropped and anamorphic pixels widened.
#include <gtest/gtest.h>

#include <cmath>

#include "cranes/analysis/analyze.hpp"
#include "cranes/film/film.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/synth/synth.hpp"
#include "support/tools.hpp"

namespace cranes::analysis {
namespace {

namespace fs = std::filesystem;

struct Picked {
  synth::GroundTruth truth;
  film::Film film;
};

// The scenario rendered once, analysed with each of `per_unit` (the stills parameter).
std::vector<Picked> render_and_pick(const std::string& scenario, std::vector<int> per_unit,
                                    double every_s = 10) {
  test::ScratchDir dir;
  const fs::path video = dir / (scenario + ".mp4");
  const synth::GroundTruth truth = synth::render(scenario, {}, video);
  std::vector<Picked> out;
  for (const int n : per_unit) {
    AnalyzeOptions ao;
    ao.params.set("stills", n);
    ao.params.set("stills-every", every_s);
    out.push_back({truth, analyze(video, ao)});
  }
  return out;
}
Picked render_and_pick(const std::string& scenario, int per_unit) {
  return render_and_pick(scenario, std::vector<int>{per_unit}).front();
}

// The camera's speed at frame f, degrees per frame (pan, tilt and roll together), from the truth.
double truth_turn(const synth::GroundTruth& t, int64_t f) {
  const auto& c = t.camera;
  const size_t a = static_cast<size_t>(std::max<int64_t>(0, f - 1));
  const size_t b = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(c.size()) - 1, f + 1));
  const double span = static_cast<double>(b - a);
  return std::hypot(c[b].pan_deg - c[a].pan_deg, c[b].tilt_deg - c[a].tilt_deg,
                    c[b].roll_deg - c[a].roll_deg) /
         span;
}

void expect_clear_of_the_truth(const Picked& r) {
  const std::string name = r.truth.scenario;
  for (const film::Still& s : r.film.stills) {
    for (const auto& t : r.truth.transitions)
      EXPECT_FALSE(s.frame >= t.start_frame - 1 && s.frame <= t.end_frame)
          << name << ": still at frame " << s.frame << " in a transition [" << t.start_frame << ","
          << t.end_frame << ")";
    for (const auto& e : r.truth.events) {
      if (e.type == "flash" || e.type == "exposure_jump") {
        EXPECT_FALSE(s.frame >= e.start_frame - 2 && s.frame < e.end_frame + 2)
            << name << ": still at frame " << s.frame << " by a " << e.type << " at " << e.start_frame;
      }
      if (e.type == "whip_pan") {
        EXPECT_FALSE(s.frame >= e.start_frame - 1 && s.frame <= e.end_frame)
            << name << ": still at frame " << s.frame << " in a whip pan";
      }
    }
  }
}

class StillsClear : public ::testing::TestWithParam<std::string> {};

TEST_P(StillsClear, NeverInATransitionFlashJumpOrWhip) {
  for (const Picked& r : render_and_pick(GetParam(), {-1, 2}, 1.0)) {
    EXPECT_FALSE(r.film.stills.empty()) << GetParam();
    expect_clear_of_the_truth(r);
    for (const film::Still& s : r.film.stills) {
      EXPECT_GT(s.score, 0.0);
      EXPECT_FALSE(s.reason.empty());
      EXPECT_TRUE(s.path.empty());  // chosen, not written
    }
  }
}
INSTANTIATE_TEST_SUITE_P(Scenarios, StillsClear,
                         ::testing::Values("demo", "flash", "exposure", "whip_pan", "dissolve", "fades",
                                           "montage"));

TEST(Stills, SharpFramesWinOverTheWhipPansSmear) {
  // The shot holds between two whip pans of 50 degrees in 0.32 s: the stills come from the holds.
  const Picked r = render_and_pick("whip_pan", 3);
  ASSERT_FALSE(r.film.stills.empty());
  for (const film::Still& s : r.film.stills)
    EXPECT_LT(truth_turn(r.truth, s.frame), 0.5)
        << "still at frame " << s.frame << " turns " << truth_turn(r.truth, s.frame) << " deg a frame";
}

// The truth's moves of one shot: runs of frames where one of pan, tilt, roll, zoom or dolly changes.
struct Move {
  int64_t start, end;
  std::string what;
};
std::vector<Move> truth_moves(const synth::GroundTruth& t, const synth::TruthShot& shot) {
  std::vector<Move> out;
  for (int64_t f = shot.start_frame + 1; f < shot.end_frame; ++f) {
    const auto& a = t.camera[static_cast<size_t>(f - 1)];
    const auto& b = t.camera[static_cast<size_t>(f)];
    const double fps = t.fps.to_double();
    std::string what = "hold";
    if (std::abs(b.pan_deg - a.pan_deg) * fps > 1) what = "pan";
    if (std::abs(b.tilt_deg - a.tilt_deg) * fps > 1) what = "tilt";
    if (std::abs(b.roll_deg - a.roll_deg) * fps > 2) what = "roll";
    if (std::abs(std::log(b.zoom / a.zoom)) * fps > 0.02) what = "zoom";
    if (std::abs(std::log(b.dolly / a.dolly)) * fps > 0.02) what = "dolly";
    if (!out.empty() && out.back().what == what && out.back().end == f)
      out.back().end = f + 1;
    else
      out.push_back({f, f + 1, what});
  }
  return out;
}

TEST(Stills, OnePerCameraMoveOfALongTake) {
  const Picked r = render_and_pick("moves", 1);
  const synth::TruthShot& take = r.truth.shots.front();  // holds, tilts, pans, rolls, zooms, dollies
  int checked = 0;
  for (const Move& m : truth_moves(r.truth, take)) {
    if (m.what == "hold" || (m.end - m.start) < 2 * r.truth.fps.to_double()) continue;
    ++checked;
    const bool has = std::any_of(r.film.stills.begin(), r.film.stills.end(),
                                 [&](const film::Still& s) { return s.frame >= m.start && s.frame < m.end; });
    EXPECT_TRUE(has) << m.what << " [" << m.start << "," << m.end << ") has no still";
  }
  EXPECT_EQ(checked, 5);  // tilt, pan, roll, zoom, dolly
}

TEST(Stills, BudgetSharesTheFilmWithoutCrowding) {
  // 30 s in parts of 2 s: 15 parts, each with a still unless its move gave one less than 4 s before.
  const Picked r = render_and_pick("montage", {-1}, 2.0).front();
  ASSERT_GE(r.film.stills.size(), 5u);
  EXPECT_LE(r.film.stills.size(), 15u);
  for (size_t i = 1; i < r.film.stills.size(); ++i) {
    const auto& a = r.film.stills[i - 1];
    const auto& b = r.film.stills[i];
    EXPECT_LT(a.frame, b.frame);
    if (a.shot == b.shot) {
      EXPECT_GE(b.time_s - a.time_s, 1.0) << "frames " << a.frame << " and " << b.frame;
    }
  }
}

// The command writes the stills beside the analysis; each decodes back at the size recorded.
film::Film analyze_cli(const fs::path& video, const fs::path& out, const std::string& extra = "") {
  const auto res =
      test::run(test::cranes_bin() + " analyze -q " + test::q(video) + " -o " + test::q(out) + " " + extra);
  EXPECT_EQ(res.exit_code, 0) << res.err;
  return film::read_film(out / (video.filename().string() + ".cranes.json"));
}

synth::SynthOptions small(int width = 480, int height = 270) {
  synth::SynthOptions so;
  so.width = width;
  so.height = height;
  return so;
}

TEST(StillsFiles, AvifDecodeBackAtTheRecordedSize) {
  test::ScratchDir dir;
  synth::SynthOptions so = small();
  synth::render("cuts", so, dir / "colour.mp4");
  so.grey = true;
  synth::render("cuts", so, dir / "bw.mp4");
  for (const std::string name : {"colour", "bw"}) {
    const film::Film f = analyze_cli(dir / (name + ".mp4"), dir.path(), "--stills 1");
    ASSERT_GE(f.stills.size(), 5u) << name;
    for (const film::Still& s : f.stills) {
      const fs::path file = dir.path() / s.path;
      ASSERT_TRUE(fs::exists(file)) << s.path;
      EXPECT_EQ(file.extension(), ".avif");
      EXPECT_EQ(file.parent_path().filename(), name + ".mp4.stills");
      const media::AvifFacts facts = media::read_avif_facts(file);
      EXPECT_EQ(facts.width, s.width);
      EXPECT_EQ(facts.height, s.height);
      EXPECT_EQ(s.width, 480);
      EXPECT_EQ(s.height, 270);
      EXPECT_EQ(facts.yuv_format, name == "bw" ? "400" : "420") << s.path;
      const auto probe = test::run(
          "ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of "
          "csv=p=0 " +
          test::q(file));
      EXPECT_EQ(probe.out.substr(0, probe.out.find('\n')),
                std::to_string(s.width) + "," + std::to_string(s.height));
    }
  }
}

TEST(StillsFiles, BarsCroppedAndAnamorphicWidened) {
  test::ScratchDir dir;
  synth::render("cuts", small(), dir / "flat.mp4");
  // Letterboxed in 4:3, and squeezed to half width with 2:1 pixels.
  test::ffmpeg("-i " + test::q(dir / "flat.mp4") + " -vf pad=480:360:0:45 -c:v libx264 -crf 18 " +
               test::q(dir / "boxed.mp4"));
  test::ffmpeg("-i " + test::q(dir / "flat.mp4") + " -vf scale=240:270,setsar=2 -c:v libx264 -crf 18 " +
               test::q(dir / "squeezed.mp4"));
  const film::Film boxed = analyze_cli(dir / "boxed.mp4", dir.path(), "--stills 1 --stills-format jpg");
  ASSERT_FALSE(boxed.stills.empty());
  for (const film::Still& s :
       boxed.stills.size() > 2 ? std::vector(boxed.stills.begin() + 2, boxed.stills.end()) : boxed.stills) {
    EXPECT_EQ(s.width, 480) << s.path;  // bars found after the first key frames
    EXPECT_NEAR(s.height, 270, 4) << s.path;
  }
  const film::Film squeezed = analyze_cli(dir / "squeezed.mp4", dir.path(), "--stills 1 --stills-format png");
  ASSERT_FALSE(squeezed.stills.empty());
  for (const film::Still& s : squeezed.stills) {
    EXPECT_EQ(s.width, 480) << s.path;
    EXPECT_EQ(s.height, 270) << s.path;
    EXPECT_TRUE(fs::exists(dir.path() / s.path));
  }
}

TEST(StillsFiles, UnwritableStillsDirectoryIsOneLineAndNoAnalysis) {
  test::ScratchDir dir;
  synth::render("static", small(320, 180), dir / "s.mp4");
  const auto res = test::run(test::cranes_bin() + " analyze -q " + test::q(dir / "s.mp4") + " -o " +
                             test::q(dir.path()) + " --stills-dir /proc/cranes-stills");
  EXPECT_NE(res.exit_code, 0);
  EXPECT_NE(res.err.find("/proc/cranes-stills"), std::string::npos) << res.err;
  EXPECT_EQ(std::count(res.err.begin(), res.err.end(), '\n'), 1) << res.err;
  EXPECT_FALSE(fs::exists(dir / "s.mp4.cranes.json"));
}

}  // namespace
}  // namespace cranes::analysis
