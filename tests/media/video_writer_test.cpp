// SPDX-License-Identifier: MIT
// VideoWriter: files decode with the frames and size written (ffprobe / ffmpeg as the independent reader),
// odd sizes work where the codec allows and fail clearly where not, and no failure leaves a file behind.
#include "cranes/media/video_writer.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "../support/tools.hpp"
#include "cranes/core/error.hpp"

namespace {
namespace fs = std::filesystem;
using cranes::Error;
using cranes::media::VideoWriter;
using cranes::media::VideoWriterOptions;
using cranes::test::q;
using cranes::test::run;
using cranes::test::ScratchDir;

cv::Mat test_frame(int w, int h, int i) {
  cv::Mat m(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      m.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uint8_t>((x * 255) / std::max(1, w - 1)),
                                        static_cast<uint8_t>((y * 255) / std::max(1, h - 1)),
                                        static_cast<uint8_t>((i * 20) % 256));
  return m;
}

struct Probe {
  long frames = 0;
  int width = 0, height = 0;
  std::string codec;
};

Probe probe(const fs::path& file) {
  const auto r =
      run("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
          "stream=codec_name,width,height,nb_read_frames -of csv=p=0 " +
          q(file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Probe p;
  std::string s = r.out;
  const auto c1 = s.find(','), c2 = s.find(',', c1 + 1), c3 = s.find(',', c2 + 1);
  if (c3 == std::string::npos) return p;
  p.codec = s.substr(0, c1);
  p.width = std::stoi(s.substr(c1 + 1));
  p.height = std::stoi(s.substr(c2 + 1));
  p.frames = std::stol(s.substr(c3 + 1));
  return p;
}

void write_frames(const fs::path& path, int w, int h, int n, VideoWriterOptions o) {
  VideoWriter vw(path, w, h, o);
  for (int i = 0; i < n; ++i) vw.write(test_frame(w, h, i));
  vw.finish();
}

TEST(VideoWriter, H264Mp4DecodesWithEveryFrameAndTheSize) {
  ScratchDir dir;
  const fs::path out = dir / "clip.mp4";
  write_frames(out, 320, 240, 30, {});
  const Probe p = probe(out);
  EXPECT_EQ(p.codec, "h264");
  EXPECT_EQ(p.frames, 30);
  EXPECT_EQ(p.width, 320);
  EXPECT_EQ(p.height, 240);
  EXPECT_EQ(dir.list(), std::vector<std::string>{"clip.mp4"});  // no temporary left beside it
}

TEST(VideoWriter, EveryCodecAndContainerRoundTrips) {
  ScratchDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ffv1", "a.mkv"}, {"mjpeg", "b.avi"}, {"mpeg2video", "c.mkv"}, {"h264", "d.mov"}, {"ffv1", "e.avi"}};
  for (const auto& [codec, name] : cases) {
    VideoWriterOptions o;
    o.codec = codec;
    write_frames(dir / name, 64, 48, 7, o);
    const Probe p = probe(dir / name);
    EXPECT_EQ(p.frames, 7) << codec << " " << name;
    EXPECT_EQ(p.width, 64) << codec << " " << name;
    EXPECT_EQ(p.height, 48) << codec << " " << name;
  }
}

TEST(VideoWriter, Ffv1OddSizeIsNearlyLossless) {
  ScratchDir dir;
  const fs::path out = dir / "odd.mkv";
  VideoWriterOptions o;
  o.codec = "ffv1";
  write_frames(out, 33, 17, 3, o);
  const Probe p = probe(out);
  EXPECT_EQ(p.frames, 3);
  EXPECT_EQ(p.width, 33);
  EXPECT_EQ(p.height, 17);
  cranes::test::ffmpeg("-i " + q(out) + " -vf select='eq(n\\,2)' -frames:v 1 " + q(dir / "f2.png"));
  const cv::Mat back = cv::imread((dir / "f2.png").string(), cv::IMREAD_COLOR);
  ASSERT_EQ(back.size(), cv::Size(33, 17));
  cv::Mat diff;
  cv::absdiff(back, test_frame(33, 17, 2), diff);
  double worst = 0;
  cv::minMaxLoc(diff.reshape(1), nullptr, &worst);
  EXPECT_LE(worst, 4);  // 4:4:4 YUV round trip: rounding only
}

TEST(VideoWriter, OneByOneFrameWithFfv1) {
  ScratchDir dir;
  VideoWriterOptions o;
  o.codec = "ffv1";
  write_frames(dir / "tiny.mkv", 1, 1, 2, o);
  EXPECT_EQ(probe(dir / "tiny.mkv").frames, 2);
}

TEST(VideoWriter, GreyFramesAreAccepted) {
  ScratchDir dir;
  VideoWriter vw(dir / "grey.mp4", 64, 32);
  for (int i = 0; i < 4; ++i) vw.write(cv::Mat(32, 64, CV_8UC1, cv::Scalar(i * 60)));
  vw.finish();
  EXPECT_EQ(probe(dir / "grey.mp4").frames, 4);
}

TEST(VideoWriter, H264OddSizeIsAUsageErrorNamingTheFix) {
  ScratchDir dir;
  try {
    VideoWriter vw(dir / "odd.mp4", 33, 17);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Usage);
    EXPECT_NE(std::string(e.what()).find("even"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("ffv1"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(dir.list().empty());
}

TEST(VideoWriter, BadCodecContainerOrExtensionAreUsageErrors) {
  ScratchDir dir;
  VideoWriterOptions bad;
  bad.codec = "vp99";
  EXPECT_THROW(VideoWriter(dir / "a.mp4", 64, 64, bad), Error);
  EXPECT_THROW(VideoWriter(dir / "a.nosuchext", 64, 64), Error);
  VideoWriterOptions ffv1;
  ffv1.codec = "ffv1";
  try {
    VideoWriter vw(dir / "a.mp4", 64, 64, ffv1);  // mp4 cannot hold FFV1
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Usage);
    EXPECT_NE(e.subject().find("a.mp4"), std::string::npos);
  }
  EXPECT_THROW(VideoWriter(dir / "a.mp4", 0, 64), Error);
  EXPECT_TRUE(dir.list().empty());
}

TEST(VideoWriter, MissingDirectoryThrowsAndLeavesNoFile) {
  ScratchDir dir;
  const fs::path out = dir / "no" / "such" / "clip.mp4";
  try {
    VideoWriter vw(out, 64, 64);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.subject(), out.string());
    EXPECT_NE(e.cause().find("does not exist"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(dir.list().empty());
}

TEST(VideoWriter, ReadOnlyDirectoryThrowsAndLeavesNoFile) {
  if (::geteuid() == 0) {
    // Root writes into any mode-0555 directory; /proc refuses new files even to root.
    EXPECT_THROW(VideoWriter("/proc/cranes-video-writer-test.mp4", 64, 64), Error);
    EXPECT_FALSE(fs::exists("/proc/cranes-video-writer-test.mp4"));
    return;
  }
  ScratchDir dir;
  const fs::path ro = dir / "ro";
  fs::create_directory(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(VideoWriter(ro / "clip.mp4", 64, 64), Error);
  fs::permissions(ro, fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(ro));
}

TEST(VideoWriter, UnfinishedWriterLeavesNoFile) {
  ScratchDir dir;
  {
    VideoWriter vw(dir / "clip.mp4", 64, 64);
    for (int i = 0; i < 5; ++i) vw.write(test_frame(64, 64, i));
    EXPECT_EQ(vw.frames_written(), 5);
    EXPECT_FALSE(dir.list().empty());  // the temporary exists while writing...
  }
  EXPECT_TRUE(dir.list().empty());  // ...and is gone, with no clip.mp4
}

TEST(VideoWriter, WrongFrameSizeOrTypeThrowsAndTheWriterCanGoOn) {
  ScratchDir dir;
  VideoWriter vw(dir / "clip.mkv", 64, 64);
  EXPECT_THROW(vw.write(test_frame(32, 64, 0)), Error);
  EXPECT_THROW(vw.write(cv::Mat(64, 64, CV_32FC3)), Error);
  vw.write(test_frame(64, 64, 0));
  vw.finish();
  EXPECT_THROW(vw.write(test_frame(64, 64, 1)), Error);
  EXPECT_EQ(probe(dir / "clip.mkv").frames, 1);
}

TEST(VideoWriter, BitRateAndFrameRateAreHonoured) {
  ScratchDir dir;
  VideoWriterOptions o;
  o.bit_rate = 200000;
  o.fps = {30000, 1001};
  write_frames(dir / "r.mp4", 160, 90, 10, o);
  const auto r = run("ffprobe -v error -select_streams v:0 -show_entries stream=avg_frame_rate -of csv=p=0 " +
                     q(dir / "r.mp4"));
  EXPECT_NE(r.out.find("30000/1001"), std::string::npos) << r.out;
}

}  // namespace
