// SPDX-License-Identifier: MIT
// Films in the look, measured with ffprobe: the same frames at the same timestamps (constant and variable
// frame rate), the audio and subtitle packets copied bit for bit, a rotated phone clip made upright, grain
// that moves from frame to frame, and the command's errors (a film into a picture, a truncated film) leaving
// nothing behind.
#include "cranes/look/video.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "cranes/look/look.hpp"
#include "support/tools.hpp"

namespace cranes::look {
namespace {
namespace fs = std::filesystem;
using test::q;

// ffprobe's packets of one stream kind ("a", "s"): timestamps, flags, sizes and a hash of each payload.
std::string packets(const fs::path& file, const std::string& stream) {
  const auto r =
      test::run("ffprobe -v error -select_streams " + stream +
                " -show_entries packet=pts,dts,duration,size,flags,data_hash -show_data_hash sha256"
                " -of csv=p=0 " +
                q(file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

VideoLookOptions fast() {
  VideoLookOptions o;
  o.preset = "ultrafast";
  return o;
}

TEST(VideoLook, SameFramesSameTimestampsAndTheAudioCopiedBitForBit) {
  test::ScratchDir dir;
  const fs::path in = dir / "in.mp4", out = dir / "out.mp4";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=25:d=2 -f lavfi -i sine=f=440:d=2 -c:v libx264 -preset "
      "ultrafast -c:a aac -shortest " +
      q(in));
  const VideoLookResult r = render_video(in, out, look_params(), fast());
  EXPECT_EQ(r.frames, 50);
  EXPECT_EQ(r.width, 320);
  EXPECT_EQ(r.height, 240);
  ASSERT_EQ(r.copied_streams.size(), 1u);
  EXPECT_NE(r.copied_streams[0].find("aac"), std::string::npos);
  EXPECT_TRUE(r.skipped_streams.empty());
  EXPECT_EQ(test::ffprobe_frame_count(out), 50);
  EXPECT_EQ(test::ffprobe_timestamps(out), test::ffprobe_timestamps(in));
  const std::string audio = packets(in, "a");
  EXPECT_GT(std::count(audio.begin(), audio.end(), '\n'), 80);
  EXPECT_EQ(packets(out, "a"), audio);
  EXPECT_FALSE(fs::exists(dir / ".out.mp4.tmp"));
  EXPECT_EQ(dir.list(), (std::vector<std::string>{"in.mp4", "out.mp4"}));
}

TEST(VideoLook, VariableFrameRateIsKept) {
  test::ScratchDir dir;
  const fs::path in = dir / "vfr.mkv";
  // Frames 0-9 every 40 ms, then every third (12, 15, ...): 40 and 120 ms apart.
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=25:d=3 -vf \"select='lt(n\\,10)+not(mod(n\\,3))'\" "
      "-fps_mode vfr -c:v libx264 -preset ultrafast " +
      q(in));
  const std::vector<double> t = test::ffprobe_timestamps(in);
  ASSERT_GT(t.size(), 20u);
  ASSERT_NEAR(t[1] - t[0], 0.04, 1e-6);  // the footage is what the test says
  ASSERT_NEAR(t[10] - t[9], 0.12, 1e-6);
  for (const char* ext : {".mkv", ".mp4"}) {
    SCOPED_TRACE(ext);
    const fs::path out = dir / (std::string("out") + ext);
    const VideoLookResult r = render_video(in, out, look_params(), fast());
    EXPECT_EQ(r.frames, static_cast<int64_t>(t.size()));
    EXPECT_EQ(test::ffprobe_timestamps(out), t);
  }
}

TEST(VideoLook, SubtitlesCopiedWhereTheContainerHoldsThem) {
  test::ScratchDir dir;
  const fs::path srt = dir / "subs.srt", in = dir / "in.mkv";
  {
    std::ofstream f(srt);
    f << "1\n00:00:00,200 --> 00:00:00,900\nThe cranes are flying\n\n2\n00:00:01,000 --> 00:00:01,800\n"
         "\xd0\x96\xd1\x83\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbb\xd0\xb8\n";
  }
  test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=2 -f lavfi -i sine=d=2 -i " + q(srt) +
               " -map 0 -map 1 -map 2 -c:v libx264 -preset ultrafast -c:a aac -c:s srt -shortest " + q(in));
  const VideoLookResult mkv = render_video(in, dir / "out.mkv", look_params(), fast());
  EXPECT_EQ(mkv.copied_streams.size(), 2u);
  EXPECT_TRUE(mkv.skipped_streams.empty());
  EXPECT_EQ(packets(dir / "out.mkv", "s"), packets(in, "s"));
  EXPECT_EQ(packets(dir / "out.mkv", "a"), packets(in, "a"));
  // MP4 has its own subtitle format only: the subrip stream is named as left out, the audio still copied.
  const VideoLookResult mp4 = render_video(in, dir / "out.mp4", look_params(), fast());
  ASSERT_EQ(mp4.skipped_streams.size(), 1u);
  EXPECT_NE(mp4.skipped_streams[0].find("subrip"), std::string::npos) << mp4.skipped_streams[0];
  EXPECT_EQ(mp4.copied_streams.size(), 1u);
}

TEST(VideoLook, RotatedClipComesOutUprightAndTheGrainMoves) {
  test::ScratchDir dir;
  const fs::path plain = dir / "plain.mp4", rotated = dir / "rotated.mp4", out = dir / "out.mp4";
  // A still picture with a bright top-left quadrant, stored turned as a phone stores it.
  test::ffmpeg(
      "-f lavfi -i color=c=0x404040:s=320x240:r=25:d=1 -vf \"drawbox=x=0:y=0:w=160:h=120:c=white:t=fill\" "
      "-c:v libx264 -preset ultrafast -pix_fmt yuv420p " +
      q(plain));
  test::ffmpeg("-i " + q(plain) + " -c copy -metadata:s:v:0 rotate=270 " + q(rotated));
  ParamSet p = look_params();
  p.set("grain", 0.08);
  const VideoLookResult r = render_video(rotated, out, p, fast());
  EXPECT_EQ(r.width, 240);
  EXPECT_EQ(r.height, 320);
  test::ffmpeg("-i " + q(out) + " -vf \"select='lt(n\\,2)'\" -fps_mode passthrough " + q(dir / "f%d.png"));
  const cv::Mat a = cv::imread((dir / "f1.png").string(), cv::IMREAD_GRAYSCALE),
                b = cv::imread((dir / "f2.png").string(), cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  // Turned a quarter clockwise to stand upright, the bright quadrant lands top right.
  EXPECT_GT(cv::mean(a(cv::Rect(130, 10, 100, 140)))[0], 200);
  EXPECT_LT(cv::mean(a(cv::Rect(10, 170, 100, 140)))[0], 150);
  // The same picture, frame after frame: only the grain differs.
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  EXPECT_GT(cv::mean(diff)[0], 1.0);
}

TEST(VideoLookCli, AFilmIntoAPictureAndATruncatedFilmAreOneLineErrors) {
  test::ScratchDir dir;
  const fs::path in = dir / "in.mp4";
  test::ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=2 -c:v libx264 -preset ultrafast " + q(in));
  auto r = test::run(test::cranes_bin() + " look " + q(in) + " -o " + q(dir / "out.jpg"));
  test::expect_one_line_error(r, 2, (dir / "out.jpg").string(), "name the output .mp4, .mkv or .mov");
  // The first 20 kB of the film: decodable up to where it stops, then an error.
  const fs::path cut = dir / "cut.mp4";
  {
    const std::string whole = test::read_text(in);
    std::ofstream(cut, std::ios::binary).write(whole.data(), 20000);
  }
  r = test::run(test::cranes_bin() + " look " + q(cut) + " -o " + q(dir / "out.mp4"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(cut.string()), std::string::npos) << r.err;
  EXPECT_EQ(dir.list(), (std::vector<std::string>{"cut.mp4", "in.mp4"}));
  // And whole, through the command, with a report of what it wrote.
  r = test::run(test::cranes_bin() + " look " + q(in) + " -o " + q(dir / "out.mp4") +
                " --preset cuba --x264-preset ultrafast --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"frames\": 50"), std::string::npos) << r.out;
  EXPECT_EQ(test::ffprobe_frame_count(dir / "out.mp4"), 50);
}

}  // namespace
}  // namespace cranes::look
