// SPDX-License-Identifier: MIT
// End to end through the `cranes` binary: analyze writes the JSON, the shot CSV and the EDL; `cranes shots`
// and `cranes stats` read them back; `cranes probe --json` and `cranes synth` speak JSON a script can use.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/tools.hpp"

namespace cranes {
namespace {
namespace fs = std::filesystem;
using test::q;

TEST(AnalyzeCliTest, WritesJsonCsvAndEdlAndReadsThemBack) {
  test::ScratchDir dir;
  const fs::path clip = dir / "cuts.mp4";
  auto r = test::run(test::cranes_bin() + " synth --scenario cuts -o " + q(clip));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(dir / "cuts.truth.json"));

  r = test::run(test::cranes_bin() + " analyze " + q(clip));  // default: beside the film
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("6 shots; 5 cuts, 0 dissolves, 0 fades"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ASL"), std::string::npos);
  EXPECT_NE(r.out.find("\n  lens: "), std::string::npos) << "the lens measured or assumed: " << r.out;
  EXPECT_TRUE(r.err.empty()) << "no progress bar when stderr is not a terminal: " << r.err;
  const fs::path json = dir / "cuts.mp4.cranes.json";
  const nlohmann::json j = nlohmann::json::parse(test::read_text(json));
  EXPECT_EQ(j["schema"], "cranes/1");
  EXPECT_EQ(j["shots"].size(), 6u);
  EXPECT_EQ(j["stats"]["shots"], 6);
  EXPECT_NEAR(j["stats"]["asl_s"].get<double>(), 9.0 / 6, 1e-9);

  const std::string csv = test::read_text(dir / "cuts.mp4.shots.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);  // header + 6 shots
  const std::string edl = test::read_text(dir / "cuts.mp4.edl");
  EXPECT_NE(edl.find("FCM: NON-DROP FRAME"), std::string::npos);
  EXPECT_NE(edl.find("006  AX"), std::string::npos);
  for (const auto& e : fs::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();

  r = test::run(test::cranes_bin() + " shots " + q(json));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("00:00:01:15"), std::string::npos) << r.out;    // the first cut, 1.6 s at 25 fps
  r = test::run(test::cranes_bin() + " shots " + q(clip) + " --csv");  // a video path finds its analysis
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, csv);
  r = test::run(test::cranes_bin() + " stats " + q(json) + " --json --sections 3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json stats = nlohmann::json::parse(r.out);
  EXPECT_EQ(stats["sections"].size(), 3u);
}

TEST(AnalyzeCliTest, DemoFindsEveryTransitionAndLabelsTheCamera) {
  test::ScratchDir dir;
  const auto r = test::run(test::cranes_bin() + " demo -q -o " + q(dir / "demo"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.out.find("hard cuts 2 of 2 found, 0 false; dissolves and fades 3 of 3 found, 0 false; 0 detections"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("camera: roll_cw"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Camera movements: 6 of 6 segments"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir / "demo" / "demo.mp4.cranes.json"));
  // The stills, none in a transition, a flash or a whip pan; the report and the gallery post that show them.
  EXPECT_NE(r.out.find(" chosen (0 inside a transition, a flash or a whip pan"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir / "demo" / "demo.mp4.report.html"));
  EXPECT_TRUE(fs::exists(dir / "demo" / "demo.mp4.sheet.jpg"));
  EXPECT_TRUE(fs::exists(dir / "demo" / "post" / "index.md"));
  ASSERT_TRUE(fs::is_directory(dir / "demo" / "demo.mp4.stills"));
  EXPECT_FALSE(fs::is_empty(dir / "demo" / "demo.mp4.stills"));
  // Its own catalog, and two searches of it: the spinning long take (shot 2), the zoom and the handheld shot.
  EXPECT_TRUE(fs::exists(dir / "demo" / "catalog.db"));
  EXPECT_NE(r.out.find("cranes search \"spinning camera\" (spin>=180): 1 shot\n  shot 2 at 00:00:02:00"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(handheld or movement:zoom): 2 shots\n  shot 4 at"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n  shot 5 at 00:00:12:13, 2.5 s: shake"), std::string::npos) << r.out;
  // The look of I Am Cuba on the installed forest photo: a black-and-white 4:3 picture.
  const fs::path look = dir / "demo" / "look" / "Path-cuba.jpg";
  ASSERT_TRUE(fs::exists(look)) << r.out;
  const auto probe = test::run("ffprobe -v error -show_entries stream=width,height -of csv=p=0 " + q(look));
  int w = 0, h = 0;
  ASSERT_EQ(std::sscanf(probe.out.c_str(), "%d,%d", &w, &h), 2) << probe.out << probe.err;
  EXPECT_NEAR(3.0 * w, 4.0 * h, 4.0) << w << "x" << h << " is not 4:3";
  // The three looks side by side, and the demo film in the cuba look: as many frames as the film has.
  EXPECT_TRUE(fs::exists(dir / "demo" / "look" / "presets.jpg"));
  const fs::path film = dir / "demo" / "look" / "demo-cuba.mp4";
  ASSERT_TRUE(fs::exists(film)) << r.out;
  EXPECT_EQ(test::ffprobe_frame_count(film), test::ffprobe_frame_count(dir / "demo" / "demo.mp4"));
  EXPECT_NE(r.out.find("The demo film in the look of I Am Cuba ("), std::string::npos) << r.out;
}

TEST(AnalyzeCliTest, ShotsWithoutAnalysisSaysWhatToDo) {
  test::ScratchDir dir;
  const fs::path clip = dir / "film.mkv";
  test::ffmpeg("-f lavfi -i testsrc2=s=160x120:r=25:d=1 -c:v libx264 " + q(clip));
  const auto r = test::run(test::cranes_bin() + " shots " + q(clip));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cranes analyze"), std::string::npos) << r.err;
}

TEST(AnalyzeCliTest, ProbeJsonAndOnlyRejectsUnknownAnalyzers) {
  test::ScratchDir dir;
  const fs::path clip = dir / "clip.mp4";
  test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=30000/1001:d=1 -c:v libx264 " + q(clip));
  auto r = test::run(test::cranes_bin() + " probe --json " + q(clip));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["width"], 320);
  EXPECT_EQ(j["fps_nominal"]["num"], 30000);
  EXPECT_EQ(j["fps_nominal"]["den"], 1001);
  r = test::run(test::cranes_bin() + " analyze --only spinning " + q(clip));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown analyzer 'spinning'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "clip.mp4.cranes.json"));
}

TEST(AnalyzeCliTest, DecoderThreadsChangeNothingButTheTime) {
  test::ScratchDir dir;
  const fs::path clip = dir / "cuts.mp4";
  auto r = test::run(test::cranes_bin() + " synth --scenario cuts -o " + q(clip));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json results[2];
  const char* threads[2] = {"0", "1"};
  const char* names[2] = {"automatic", "one"};
  for (int i = 0; i < 2; ++i) {
    const fs::path out = dir.path() / names[i];
    r = test::run(test::cranes_bin() + " analyze --quiet --threads " + threads[i] + " -o " + q(out) + " " +
                  q(clip));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    results[i] = nlohmann::json::parse(test::read_text(out / "cuts.mp4.cranes.json"));
    results[i]["decode"].erase("elapsed_s");
  }
  EXPECT_EQ(results[0]["shots"].size(), 6u);
  EXPECT_EQ(results[0], results[1]) << "one decoder thread gives what many give";
  r = test::run(test::cranes_bin() + " analyze --threads -1 " + q(clip));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--threads"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace cranes

namespace cranes {
namespace {

// --metrics: every analyzer's per-frame measurements, one row each; the file appears only whole.
TEST(AnalyzeCliTest, MetricsFileHasEveryFrameOfEveryAnalyzer) {
  test::ScratchDir dir;
  const fs::path clip = dir / "clip.mp4";
  test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=2 -c:v libx264 -preset veryfast " + test::q(clip));
  const fs::path csv = dir / "metrics.csv";
  auto r = test::run(test::cranes_bin() + " analyze -q --metrics " + test::q(csv) + " " + test::q(clip));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "frame,analyzer,key,value");
  std::map<std::string, std::set<int64_t>> frames;  // "analyzer.key" -> frames
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string frame, analyzer, key, value;
    std::getline(ss, frame, ',');
    std::getline(ss, analyzer, ',');
    std::getline(ss, key, ',');
    std::getline(ss, value, ',');
    frames[analyzer + "." + key].insert(std::stoll(frame));
    EXPECT_NO_THROW((void)std::stod(value)) << line;
  }
  for (const char* k : {"boundaries.match_prev", "boundaries.std", "motion.pan_deg", "motion.points"}) {
    EXPECT_EQ(frames[k].size(), 50u) << k;
    EXPECT_EQ(*frames[k].begin(), 0) << k;
    EXPECT_EQ(*frames[k].rbegin(), 49) << k;
  }
  EXPECT_EQ(dir.list().size(), 7u);  // clip, metrics, JSON, CSV, EDL, report, stills: no temporary left
  r = test::run(test::cranes_bin() + " analyze -q --metrics " + test::q(csv) + " " + test::q(clip) + " " +
                test::q(clip));
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

}  // namespace
}  // namespace cranes
