// SPDX-License-Identifier: MIT
// FrameSource against ffprobe: the same frame count (-count_frames) and the same best-effort timestamps (±1
// ms) on constant and variable frame rate, B-frames, MKV, AVI (opencv-doc samples, MJPEG, MPEG-2), odd sizes,
// and a rotated phone-style file whose frames must come out upright.
#include "cranes/media/frame_source.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "cranes/core/error.hpp"
#include "support/tools.hpp"

namespace cranes::media {
namespace {
namespace fs = std::filesystem;
using test::q;

struct Decoded {
  std::vector<double> pts_s;
  std::vector<double> time_s;
  cv::Size grey, colour, full;
  int64_t failures = 0;
};

Decoded decode_all(const fs::path& file, FrameSourceOptions opts = {}) {
  FrameSource src(file, opts);
  Decoded d;
  Frame f;
  while (src.next(f)) {
    EXPECT_EQ(f.index, static_cast<int64_t>(d.pts_s.size()));
    d.pts_s.push_back(f.pts.seconds());
    d.time_s.push_back(f.time_s);
    d.grey = f.grey.size();
    d.colour = f.colour.size();
    d.full = f.full.size();
  }
  d.failures = src.decode_failures();
  return d;
}

// The whole contract against ffprobe for one file.
void expect_agrees_with_ffprobe(const fs::path& file) {
  SCOPED_TRACE(file.string());
  const Decoded d = decode_all(file);
  const long expected = test::ffprobe_frame_count(file);
  ASSERT_GT(expected, 0);
  EXPECT_EQ(static_cast<long>(d.pts_s.size()), expected);
  const std::vector<double> ts = test::ffprobe_timestamps(file);
  ASSERT_EQ(ts.size(), d.pts_s.size());
  for (size_t i = 0; i < ts.size(); ++i) {
    if (ts[i] < 0) continue;  // ffprobe has no timestamp either
    ASSERT_NEAR(d.pts_s[i], ts[i], 1e-3) << "frame " << i;
  }
  for (size_t i = 1; i < d.time_s.size(); ++i) EXPECT_GT(d.time_s[i], d.time_s[i - 1]) << "frame " << i;
  EXPECT_EQ(d.failures, 0);
}

class FrameSourceTest : public ::testing::Test {
 protected:
  test::ScratchDir dir;
};

TEST_F(FrameSourceTest, ConstantRateH264Mp4) {
  const fs::path f = dir / "cfr.mp4";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=25:d=2 -c:v libx264 -preset veryfast -bf 0 -pix_fmt yuv420p " + q(f));
  expect_agrees_with_ffprobe(f);
  const VideoInfo info = probe(f);
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 240);
  EXPECT_EQ(info.fps_nominal, (Rational{25, 1}));
  EXPECT_EQ(info.frames, 50);
  EXPECT_FALSE(info.variable_frame_rate);
}

TEST_F(FrameSourceTest, BFramesNtscRateComeOutInDisplayOrder) {
  const fs::path f = dir / "bframes.mp4";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=30000/1001:d=3 -c:v libx264 -preset medium "
      "-x264-params bframes=3:b-pyramid=normal -pix_fmt yuv420p " +
      q(f));
  expect_agrees_with_ffprobe(f);
  EXPECT_EQ(probe(f).fps_nominal, (Rational{30000, 1001}));
}

TEST_F(FrameSourceTest, MatroskaWithAudio) {
  const fs::path f = dir / "clip.mkv";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=256x144:r=24:d=2 -f lavfi -i sine=d=2 -c:v libx264 -preset veryfast "
      "-c:a flac " +
      q(f));
  expect_agrees_with_ffprobe(f);
  const VideoInfo info = probe(f);
  ASSERT_EQ(info.audio.size(), 1u);
  EXPECT_EQ(info.audio[0].codec, "flac");
  EXPECT_EQ(info.container, "matroska,webm");
}

TEST_F(FrameSourceTest, VariableFrameRateTimestampsAreExact) {
  // Drop frames irregularly and keep their original timestamps: intervals of 1, 2 and 3 ticks.
  const fs::path f = dir / "vfr.mkv";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=30:d=4 -vf \"select='lt(mod(n\\,10)\\,4)+eq(mod(n\\,7)\\,0)'\" "
      "-fps_mode vfr -c:v libx264 -preset veryfast " +
      q(f));
  expect_agrees_with_ffprobe(f);
  const Decoded d = decode_all(f);
  double min_dt = 1e9, max_dt = 0;
  for (size_t i = 1; i < d.time_s.size(); ++i) {
    min_dt = std::min(min_dt, d.time_s[i] - d.time_s[i - 1]);
    max_dt = std::max(max_dt, d.time_s[i] - d.time_s[i - 1]);
  }
  EXPECT_NEAR(min_dt, 1.0 / 30, 1e-3);
  EXPECT_GT(max_dt, 2.5 / 30);
}

TEST_F(FrameSourceTest, VariableFrameRateMp4) {
  const fs::path f = dir / "vfr.mp4";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=320x240:r=60:d=3 -vf \"select='not(mod(n\\,5))+lt(n\\,60)'\" "
      "-fps_mode vfr -c:v libx264 -preset veryfast " +
      q(f));
  expect_agrees_with_ffprobe(f);
}

// A phone held upright stores a landscape picture with a display matrix saying "turn 90° clockwise" (ffprobe
// shows rotation=-90). FFmpeg's `rotate` tag is the counter-clockwise angle of that matrix, so rotate=270
// makes such a file and rotate=90 the opposite one.
void expect_upright(const fs::path& dir, const std::string& tag, int expected_cw, cv::Rect bright) {
  SCOPED_TRACE("rotate=" + tag);
  // An asymmetric picture: a bright top-left quadrant.
  const fs::path plain = dir / "plain.mp4", rotated = dir / ("rotated" + tag + ".mp4");
  if (!fs::exists(plain))
    test::ffmpeg(
        "-f lavfi -i color=c=black:s=320x240:r=25:d=1 -vf \"drawbox=x=0:y=0:w=160:h=120:c=white:t=fill\" "
        "-c:v libx264 -preset veryfast -pix_fmt yuv420p " +
        q(plain));
  test::ffmpeg("-i " + q(plain) + " -c copy -metadata:s:v:0 rotate=" + tag + " " + q(rotated));
  const VideoInfo info = probe(rotated);
  EXPECT_EQ(info.rotation_deg, expected_cw);
  EXPECT_EQ(info.width, 240);
  EXPECT_EQ(info.height, 320);
  expect_agrees_with_ffprobe(rotated);

  FrameSource src(rotated, {.full_frame = true});
  Frame f;
  ASSERT_TRUE(src.next(f));
  ASSERT_EQ(f.full.size(), cv::Size(240, 320));
  EXPECT_EQ(f.grey.size(), cv::Size(240, 320));
  cv::Mat g;
  cv::cvtColor(f.full, g, cv::COLOR_BGR2GRAY);
  EXPECT_GT(cv::mean(g(bright))[0], 200);
  EXPECT_NEAR(cv::mean(g)[0], 255 * 0.25, 10);  // the rest is black
  // And agrees with ffmpeg's own autorotation, pixel for pixel within rounding.
  const fs::path raw = dir / ("ffmpeg" + tag + ".gray");
  test::ffmpeg("-i " + q(rotated) + " -frames:v 1 -f rawvideo -pix_fmt gray " + q(raw));
  ASSERT_EQ(fs::file_size(raw), 240u * 320u);
  std::vector<uint8_t> bytes(240 * 320);
  FILE* fp = std::fopen(raw.c_str(), "rb");
  ASSERT_EQ(std::fread(bytes.data(), 1, bytes.size(), fp), bytes.size());
  std::fclose(fp);
  cv::Mat ref(320, 240, CV_8UC1, bytes.data()), diff;
  cv::absdiff(g, ref, diff);
  EXPECT_LT(cv::mean(diff)[0], 6.0);  // a wrong turn differs by ~100
}

TEST_F(FrameSourceTest, RotatedPhoneVideoComesOutUpright) {
  // Turned 90° clockwise the bright quadrant goes to the top right; turned counter-clockwise, to the bottom
  // left.
  expect_upright(dir.path(), "270", 90, cv::Rect(125, 5, 110, 150));
  expect_upright(dir.path(), "90", 270, cv::Rect(5, 165, 110, 150));
}

TEST_F(FrameSourceTest, OpenCvSampleAvis) {
  int tested = 0;
  for (const char* name : {"vtest.avi", "Megamind.avi", "tree.avi"}) {
    const fs::path f = fs::path("/usr/share/doc/opencv-doc/examples/data") / name;
    if (!fs::exists(f)) {
      ADD_FAILURE() << f << " missing: run `make deps` (package opencv-doc)";
      continue;
    }
    expect_agrees_with_ffprobe(f);
    ++tested;
  }
  EXPECT_EQ(tested, 3);
}

TEST_F(FrameSourceTest, MjpegAndMpeg2Avi) {
  const fs::path mjpeg = dir / "mjpeg.avi", mpeg2 = dir / "mpeg2.avi";
  test::ffmpeg("-f lavfi -i testsrc2=s=352x288:r=25:d=2 -c:v mjpeg -q:v 5 " + q(mjpeg));
  test::ffmpeg("-f lavfi -i testsrc2=s=352x288:r=25:d=2 -c:v mpeg2video -bf 2 " + q(mpeg2));
  expect_agrees_with_ffprobe(mjpeg);
  expect_agrees_with_ffprobe(mpeg2);
  const Decoded d = decode_all(mjpeg);
  EXPECT_EQ(d.grey, cv::Size(320, 262));  // 352x288 at 320 wide keeps the aspect
}

TEST_F(FrameSourceTest, OddSizes) {
  for (const char* size : {"1x1", "3x5", "4097x3", "17x9"}) {
    SCOPED_TRACE(size);
    const fs::path f = dir / (std::string("odd_") + size + ".mkv");
    int w = 0, h = 0;
    std::sscanf(size, "%dx%d", &w, &h);
    // lavfi sources refuse 1x1, so scale down to the size from a larger picture.
    test::ffmpeg("-f lavfi -i color=c=0x806040:s=64x64:r=10:d=1 -vf scale=" + std::to_string(w) + ":" +
                 std::to_string(h) + ",setsar=1,noise=alls=40:allf=t -c:v ffv1 -pix_fmt yuv444p " + q(f));
    expect_agrees_with_ffprobe(f);
    const Decoded d = decode_all(f, {.full_frame = true});
    EXPECT_EQ(d.full, cv::Size(w, h));
    EXPECT_LE(d.grey.width, std::min(w, 320));
    EXPECT_GE(d.grey.height, 1);
  }
}

TEST_F(FrameSourceTest, GreyProxyIsFullRangeLuma) {
  // Limited-range black and white bars must map to 0 and 255 in the proxy.
  const fs::path f = dir / "bars.mkv";
  test::ffmpeg(
      "-f lavfi -i color=c=black:s=320x240:r=10:d=1 -vf \"drawbox=x=160:y=0:w=160:h=240:c=white:t=fill\" "
      "-c:v ffv1 -pix_fmt yuv420p " +
      q(f));
  FrameSource src(f, {.grey_width = 160});
  Frame fr;
  ASSERT_TRUE(src.next(fr));
  ASSERT_EQ(fr.grey.size(), cv::Size(160, 120));
  EXPECT_LE(cv::mean(fr.grey(cv::Rect(0, 0, 70, 120)))[0], 1.0);
  EXPECT_GE(cv::mean(fr.grey(cv::Rect(90, 0, 70, 120)))[0], 254.0);
}

TEST_F(FrameSourceTest, SkippingNonReferenceDeblockingKeepsFramesAndProxies) {
  // B-frames that nothing refers to (b-pyramid off), a low bitrate so the deblocking filter has work to do:
  // the analysis decode must give the same frames and times and grey proxies within a grey level or two, and
  // still copy the key-frame luma once a second (from the next I or P frame).
  const fs::path f = dir / "bframes.mp4";
  test::ffmpeg(
      "-f lavfi -i testsrc2=s=640x360:r=25:d=4 -c:v libx264 -preset medium -crf 34 "
      "-x264-params bframes=3:b-pyramid=none -pix_fmt yuv420p " +
      q(f));
  FrameSourceOptions exact, fast;
  exact.luma_period_s = fast.luma_period_s = 1.0;
  fast.skip_nonref_deblock = true;
  FrameSource a(f, exact), b(f, fast);
  Frame fa, fb;
  int frames = 0, luma_frames = 0;
  double worst = 0;
  while (a.next(fa)) {
    ASSERT_TRUE(b.next(fb)) << "frame " << frames;
    EXPECT_EQ(fa.pts.pts, fb.pts.pts);
    cv::Mat diff;
    cv::absdiff(fa.grey, fb.grey, diff);
    worst = std::max(worst, cv::mean(diff)[0]);
    luma_frames += !fb.luma.empty();
    ++frames;
  }
  EXPECT_FALSE(b.next(fb));
  EXPECT_EQ(frames, 100);
  EXPECT_GT(worst, 0.0);  // the decoder did skip something (0.14 grey levels at worst when measured)
  EXPECT_LT(worst, 2.0);
  EXPECT_GE(luma_frames, 4);  // one a second, at most a few frames late
}

TEST_F(FrameSourceTest, MissingFileNamesTheFile) {
  try {
    FrameSource src(dir / "nope.mp4");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope.mp4"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("no such file"), std::string::npos);
  }
}

}  // namespace
}  // namespace cranes::media
