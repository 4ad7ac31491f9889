// SPDX-License-Identifier: MIT
// Faults while a film is analysed or rendered, through the binary: a stop signal, the output directory
// removed under it, frames that change size mid-stream, pixel formats beyond 8-bit 4:2:0, and an hour of tiny
// frames whose timestamps must stay exact, a temporary file that cannot be written. Each ends in a complete
// result or a one-line error that leaves nothing half made.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/tools.hpp"

namespace cranes {
namespace {
namespace fs = std::filesystem;
using test::q;

class FaultsTest : public ::testing::Test {
 protected:
  test::ScratchDir dir;
  std::string cranes(const std::string& args) const {
    return "CRANES_CATALOG=" + q(dir / "catalog.db") + " " + test::cranes_bin() + " " + args;
  }
  // A 90-second film at 320x180: long enough to be stopped halfway.
  fs::path long_film() const {
    const fs::path p = dir / "long.mp4";
    const auto r =
        test::run(test::cranes_bin() + " synth --size 320x180 --scenario demo --duration-scale 6 -o " + q(p) +
                  " --truth " + q(dir / "long.truth.json"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return p;
  }
  // Runs `command` in the background, waits (at most 30 s) until `ready` exists, then runs `then`; returns
  // the command's exit status and its stderr.
  test::CommandResult when_ready(const std::string& command, const fs::path& ready,
                                 const std::string& then) const {
    const std::string script = command + " 2> " + q(dir / "err.txt") +
                               " > /dev/null & p=$!; for i in $(seq 1 1500); do [ -e " + q(ready) +
                               " ] && break; sleep 0.02; done; " + then + "; wait $p; echo $?";
    auto r = test::run("bash -c " + q(script));
    r.err = test::read_text(dir / "err.txt");
    r.exit_code = std::atoi(r.out.c_str());
    return r;
  }
  void expect_nothing_left(const fs::path& where, const std::string& stem) const {
    std::error_code ec;
    if (!fs::exists(where, ec)) return;
    for (const auto& e : fs::recursive_directory_iterator(where)) {
      const std::string name = e.path().filename().string();
      EXPECT_FALSE(name.starts_with(stem + ".") && name != stem) << "left behind: " << e.path();
      EXPECT_EQ(name.find(".tmp"), std::string::npos) << "left behind: " << e.path();
    }
  }
};

TEST_F(FaultsTest, ATermSignalMidAnalysisStopsCleanlyAndWritesNothing) {
  const fs::path film = long_film();
  const auto r = when_ready(cranes("analyze " + q(film) + " -o " + q(dir / "out")),
                            dir / "out" / "long.mp4.stills", "sleep 0.2; kill -TERM $p");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "cranes: error: " + film.string() + ": interrupted; nothing was written\n");
  expect_nothing_left(dir / "out", "long.mp4");
  EXPECT_FALSE(fs::exists(dir / "out" / "long.mp4.stills")) << "its stills are removed";
  const auto list = test::run(cranes("catalog list --json"));
  EXPECT_TRUE(list.exit_code != 0 || list.out == "[]\n") << "the catalog gained nothing: " << list.out;
}

TEST_F(FaultsTest, AnInterruptMidLookFinishesThePhotoInHandAndStartsNoOther) {
  test::ffmpeg("-f lavfi -i testsrc2=s=1920x1080:d=1 -frames:v 1 " + q(dir / "photo.png"));
  std::string inputs;
  for (int i = 0; i < 40; ++i) inputs += " " + q(dir / "photo.png");
  const auto r = when_ready(cranes("look --quiet --format avif" + inputs + " -o " + q(dir / "looks")),
                            dir / "looks" / "photo.avif", "kill -INT $p");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::string expected = "cranes: error: look: interrupted: ";
  ASSERT_TRUE(r.err.starts_with(expected)) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  const int written = std::atoi(r.err.c_str() + expected.size());
  EXPECT_GE(written, 1) << r.err;
  EXPECT_LT(written, 40) << r.err;
  EXPECT_NE(r.err.find(" of 40 photos written, " + std::to_string(40 - written) + " not started"),
            std::string::npos)
      << r.err;
  // What was written is whole, and nothing else is there.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir / "looks")) {
    ++files;
    EXPECT_EQ(e.path().extension(), ".avif") << e.path();
    const auto probe = test::run("ffprobe -v error -show_entries stream=width -of csv=p=0 " + q(e.path()));
    EXPECT_EQ(probe.exit_code, 0) << e.path() << ": " << probe.err;
  }
  EXPECT_EQ(files, written);
}

TEST_F(FaultsTest, AnInterruptMidFilmInTheLookWritesNothing) {
  const fs::path film = long_film(), out = dir / "film-cuba.mp4";
  // Interrupted once its temporary file is there (the first frames encoded).
  const std::string script =
      cranes("look --preset cuba --x264-preset ultrafast " + q(film) + " -o " + q(out)) + " 2> " +
      q(dir / "err.txt") + " > /dev/null & p=$!; for i in $(seq 1 1500); do ls " + q(dir.path()) +
      "/.film-cuba.*.tmp.mp4 > /dev/null 2>&1 && break; sleep 0.02; done; sleep 0.3; kill -INT $p; wait $p; "
      "echo $?";
  const auto r = test::run("bash -c " + q(script));
  EXPECT_EQ(std::atoi(r.out.c_str()), 1) << r.out;
  EXPECT_EQ(test::read_text(dir / "err.txt"),
            "cranes: error: " + film.string() + ": interrupted; nothing was written\n");
  EXPECT_FALSE(fs::exists(out));
  expect_nothing_left(dir.path(), "film-cuba");
}

TEST_F(FaultsTest, TheOutputDirectoryRemovedMidRunIsAnErrorNotAHalfResult) {
  const fs::path film = long_film();
  fs::create_directory(dir / "out");
  const auto r = when_ready(cranes("analyze --quiet " + q(film) + " -o " + q(dir / "out")),
                            dir / "out" / "long.mp4.stills", "sleep 0.3; rm -rf " + q(dir / "out"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("was removed during the analysis"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out" / "long.mp4.cranes.json"));
}

TEST_F(FaultsTest, FramesThatChangeSizeMidStreamAreAllAnalysed) {
  // Two transport streams, 320x240 then 640x360, joined byte for byte: one stream whose size changes.
  test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=2 -c:v libx264 -pix_fmt yuv420p -f mpegts " +
               q(dir / "a.ts"));
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=640x360:r=25:d=2 -c:v libx264 -pix_fmt yuv420p -f mpegts -output_ts_offset 2 " +
      q(dir / "b.ts"));
  ASSERT_EQ(
      test::run("cat " + q(dir / "a.ts") + " " + q(dir / "b.ts") + " > " + q(dir / "change.ts")).exit_code,
      0);
  const auto r = test::run(cranes("analyze --quiet --no-catalog " + q(dir / "change.ts")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(test::read_text(dir / "change.ts.cranes.json"));
  EXPECT_EQ(j["decode"]["frames"], 100);
  // The joined streams' own timestamps meet within two frames (each stream starts at its muxer's offset).
  EXPECT_NEAR(j["decode"]["duration_s"].get<double>(), 4.0, 0.081);
  EXPECT_EQ(j["shots"].back()["end_frame"], 100);
}

TEST_F(FaultsTest, PixelFormatsBeyondEightBitFourTwoZeroAreRead) {
  const std::vector<std::pair<std::string, std::string>> formats{
      {"yuv420p10le.mp4", "-c:v libx264 -pix_fmt yuv420p10le"},
      {"yuv444p.mp4", "-c:v libx264 -pix_fmt yuv444p"},
      {"yuv422p.mp4", "-c:v libx264 -pix_fmt yuv422p"},
      {"rgba.mov", "-vf format=rgba -c:v png"},
      {"yuva420p.mkv", "-vf format=yuva420p -c:v ffv1"},
      {"yuv444p16le.mkv", "-c:v ffv1 -pix_fmt yuv444p16le"},
      {"gray.mkv", "-c:v ffv1 -pix_fmt gray"}};
  for (const auto& [name, args] : formats) {
    test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=2 " + args + " " + q(dir / name));
    const auto r = test::run(cranes("analyze --quiet --no-catalog " + q(dir / name)));
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
    const auto j = nlohmann::json::parse(test::read_text(dir / (name + ".cranes.json")));
    EXPECT_EQ(j["decode"]["frames"], 50) << name;
    EXPECT_EQ(j["decode"]["decode_failures"], 0) << name;
    EXPECT_EQ(j["shots"].size(), 1u) << name << ": one unbroken shot";
  }
}

TEST_F(FaultsTest, AFrameRateThatLiesChangesNothing) {
  // The same film, its Matroska track's default frame duration patched from 40 ms to 1 ms: the header now
  // says 1000 frames a second on average, while the frames' own timestamps still come every 40 ms.
  auto r = test::run(test::cranes_bin() + " synth --size 320x180 --scenario cuts -o " + q(dir / "cuts.mp4") +
                     " --truth " + q(dir / "cuts.truth.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  test::ffmpeg("-i " + q(dir / "cuts.mp4") + " -c copy " + q(dir / "honest.mkv"));
  std::string bytes = test::read_text(dir / "honest.mkv");
  const std::string default_duration_40ms("\x23\xe3\x83\x84\x02\x62\x5a\x00", 8);
  const size_t at = bytes.find(default_duration_40ms);
  ASSERT_NE(at, std::string::npos) << "the muxer wrote no DefaultDuration of 40 ms";
  bytes.replace(at + 4, 4, std::string("\x00\x0f\x42\x40", 4));  // 1,000,000 ns
  std::ofstream(dir / "lying.mkv", std::ios::binary) << bytes;
  nlohmann::json j[2];
  const char* names[2] = {"honest.mkv", "lying.mkv"};
  for (int i = 0; i < 2; ++i) {
    r = test::run(cranes("analyze --quiet --no-catalog " + q(dir / names[i])));
    ASSERT_EQ(r.exit_code, 0) << names[i] << ": " << r.err;
    j[i] = nlohmann::json::parse(test::read_text(dir / (std::string(names[i]) + ".cranes.json")));
  }
  EXPECT_EQ(j[1]["source"]["fps_average"]["value"], 1000) << "the lie is in the header";
  EXPECT_EQ(j[1]["decode"]["frames"], j[0]["decode"]["frames"]);
  ASSERT_EQ(j[1]["shots"].size(), j[0]["shots"].size());
  for (size_t k = 0; k < j[0]["shots"].size(); ++k)
    EXPECT_EQ(j[1]["shots"][k]["start_frame"], j[0]["shots"][k]["start_frame"]) << "shot " << k;
  EXPECT_EQ(j[1]["stills"].size(), j[0]["stills"].size()) << "the stills' margins are sized by the true rate";
  EXPECT_FALSE(j[1]["stills"].empty());
}

TEST_F(FaultsTest, AnHourOfTinyFramesKeepsItsTimestampsExact) {
  // 90,000 frames of 16x16 at 25 fps: the frame times are counted, not summed, so they do not drift.
  test::ffmpeg("-f lavfi -i testsrc2=s=16x16:r=25:d=3600 -c:v libx264 -preset ultrafast -g 250 " +
               q(dir / "tiny.mkv"));
  const auto r =
      test::run(cranes("analyze --quiet --no-catalog --no-report --stills 0 " + q(dir / "tiny.mkv")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(test::read_text(dir / "tiny.mkv.cranes.json"));
  EXPECT_EQ(j["decode"]["frames"], 90000);
  EXPECT_NEAR(j["decode"]["duration_s"].get<double>(), 3600.0, 1e-6);
  EXPECT_NEAR(j["decode"]["min_frame_interval_s"].get<double>(), 0.04, 1e-6);
  EXPECT_NEAR(j["decode"]["max_frame_interval_s"].get<double>(), 0.04, 1e-6);
  EXPECT_EQ(j["shots"].back()["end_frame"], 90000);
  EXPECT_NEAR(j["shots"].back()["end_s"].get<double>(), 3600.0, 1e-6);
}

TEST_F(FaultsTest, ATemporaryFileThatCannotBeWrittenFailsInOneLine) {
  // 20,000 frames: more than a block of the per-frame records, which then go to a temporary file; with a
  // file-size limit of 64 blocks that file cannot be written.
  test::ffmpeg("-f lavfi -i testsrc2=s=16x16:r=25:d=800 -c:v libx264 -preset ultrafast -g 250 " +
               q(dir / "long.mkv"));
  const auto r = test::run(
      "sh -c " + q("ulimit -f 64; " + cranes("analyze --quiet --no-catalog " + q(dir / "long.mkv"))));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("temporary file in"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "long.mkv.cranes.json"));
  EXPECT_FALSE(std::filesystem::exists(dir / "long.mkv.stills"));
}

}  // namespace
}  // namespace cranes
