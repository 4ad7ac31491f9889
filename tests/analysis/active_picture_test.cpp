// SPDX-License-Identifier: MIT
// Active picture on key-frame sequences of real photos (wallpapers) framed inside known bars, with noise and
// JPEG compression: bars are found within 2 px and named; clips without bars (dark scenes, fades, black
// frames whose top rows are black in some frames, all-black clips) have none; odd sizes do not crash.
#include "cranes/analysis/active_picture.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/tools.hpp"

namespace cranes::analysis {
namespace {

// Grey photos, decoded once: each key frame of a sequence is a different crop of one of them.
const std::vector<cv::Mat>& photos() {
  static const std::vector<cv::Mat> all = [] {
    std::vector<cv::Mat> v;
    for (const char* name : {"Path", "Autumn", "Kite", "EveningGlow", "FallenLeaf", "Grey"}) {
      cv::Mat m = cv::imread(test::wallpaper(name).string(), cv::IMREAD_GRAYSCALE);
      if (!m.empty()) v.push_back(m);
    }
    return v;
  }();
  return all;
}

// Key frame `i` of a clip of size `frame`, its picture in `area` (the rest black), with camera noise over the
// whole frame and JPEG compression (ringing at the bar edge). `gain` darkens the picture (night scenes).
cv::Mat key_frame(int i, cv::Size frame, cv::Rect area, double gain = 1.0, int noise_sd = 3) {
  const auto& ph = photos();
  const cv::Mat& src = ph[i % ph.size()];
  // A different crop per frame: the camera moves.
  const int cw = src.cols * 3 / 4, ch = src.rows * 3 / 4;
  const cv::Rect crop((i * 97) % (src.cols - cw), (i * 53) % (src.rows - ch), cw, ch);
  cv::Mat out(frame, CV_8UC1, cv::Scalar(0));
  cv::Mat pic;
  cv::resize(src(crop), pic, area.size(), 0, 0, cv::INTER_AREA);
  pic.convertTo(out(area), CV_8U, gain);
  cv::Mat noise(frame, CV_16SC1);
  cv::randn(noise, 0, noise_sd);
  cv::Mat noisy;
  out.convertTo(noisy, CV_16SC1);
  noisy += noise;
  noisy.convertTo(out, CV_8U);  // saturates at 0 and 255
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", out, jpeg, {cv::IMWRITE_JPEG_QUALITY, 80});
  return cv::imdecode(jpeg, cv::IMREAD_GRAYSCALE);
}

ActivePicture::Result run(cv::Size frame, cv::Rect area, int frames = 10) {
  ActivePicture ap;
  for (int i = 0; i < frames; ++i) ap.add(key_frame(i, frame, area));
  return ap.result();
}

void expect_area(const ActivePicture::Result& r, cv::Rect truth) {
  EXPECT_NEAR(r.area.x, truth.x, 2);
  EXPECT_NEAR(r.area.y, truth.y, 2);
  EXPECT_NEAR(r.area.br().x, truth.br().x, 2);
  EXPECT_NEAR(r.area.br().y, truth.br().y, 2);
}

TEST(ActivePictureTest, LetterboxedScopeIsFoundWithinTwoPixels) {
  const cv::Rect truth(0, 138, 1920, 803);  // 2.39 inside 16:9
  const auto r = run({1920, 1080}, truth);
  EXPECT_TRUE(r.known);
  expect_area(r, truth);
  EXPECT_TRUE(r.letterbox);
  EXPECT_FALSE(r.pillarbox);
  EXPECT_EQ(r.name, "2.39");
  EXPECT_NEAR(r.aspect, 2.39, 0.01);
  EXPECT_EQ(r.frames, 10);
}

TEST(ActivePictureTest, ScopeInsideFourByThreeIsFound) {
  const cv::Rect truth(0, 233, 1440, 613);  // 2.35 inside 4:3
  const auto r = run({1440, 1080}, truth);
  expect_area(r, truth);
  EXPECT_TRUE(r.letterbox);
  EXPECT_EQ(r.name, "2.35");
}

TEST(ActivePictureTest, PillarboxedAcademyIsFoundWithinTwoPixels) {
  const cv::Rect truth(240, 0, 1440, 1080);  // 4:3 inside 16:9
  const auto r = run({1920, 1080}, truth);
  expect_area(r, truth);
  EXPECT_TRUE(r.pillarbox);
  EXPECT_FALSE(r.letterbox);
  EXPECT_EQ(r.name, "1.33");
}

TEST(ActivePictureTest, WindowboxIsFoundOnAllFourSides) {
  const cv::Rect truth(100, 60, 1080, 600);  // 1.80 inside 1280x720: bars on every side
  const auto r = run({1280, 720}, truth);
  expect_area(r, truth);
  EXPECT_TRUE(r.pillarbox);
  EXPECT_TRUE(r.letterbox);
}

TEST(ActivePictureTest, FullFrameHasNoBars) {
  const auto r = run({1920, 1080}, {0, 0, 1920, 1080});
  EXPECT_TRUE(r.known);
  EXPECT_EQ(r.area, cv::Rect(0, 0, 1920, 1080));
  EXPECT_FALSE(r.letterbox || r.pillarbox);
  EXPECT_EQ(r.name, "1.78");
}

TEST(ActivePictureTest, DarkSceneHasNoBars) {
  // A night scene: a dim picture, fades to black between its key frames, and frames whose top (a black sky)
  // is black down to a different line each time.
  const cv::Size size(1280, 720);
  ActivePicture ap;
  for (int i = 0; i < 16; ++i) {
    if (i % 5 == 4) {
      ap.add(cv::Mat(size, CV_8UC1, cv::Scalar(2)));
      continue;
    }
    cv::Mat f = key_frame(i, size, {0, 0, size.width, size.height}, 0.35);
    if (i % 3 != 0) f(cv::Rect(0, 0, size.width, 60 + 25 * (i % 4))).setTo(cv::Scalar(1));
    ap.add(f);
  }
  const auto r = ap.result();
  EXPECT_TRUE(r.known);
  EXPECT_EQ(r.area, cv::Rect(0, 0, 1280, 720));
  EXPECT_FALSE(r.letterbox || r.pillarbox);
}

TEST(ActivePictureTest, StaticDarkTopWithoutPictureEdgeIsNoBar) {
  // A locked-off night shot: the top 120 lines are black in every key frame, but below them the picture fades
  // in slowly (a sky going to dusk), never with the sharp edge of a bar.
  const cv::Size size(1280, 720);
  ActivePicture ap;
  for (int i = 0; i < 10; ++i) {
    cv::Mat f = key_frame(i, size, {0, 0, size.width, size.height}, 0.8);
    f(cv::Rect(0, 0, size.width, 120)).setTo(cv::Scalar(0));
    for (int y = 120; y < 200; ++y) f.row(y) *= (y - 120) / 80.0;
    ap.add(f);
  }
  EXPECT_EQ(ap.result().area.y, 0);
}

TEST(ActivePictureTest, AllBlackClipHasNoBars) {
  ActivePicture ap;
  for (int i = 0; i < 10; ++i) ap.add(cv::Mat(720, 1280, CV_8UC1, cv::Scalar(i % 3)));
  const auto r = ap.result();
  EXPECT_FALSE(r.known);
  EXPECT_EQ(r.area, cv::Rect(0, 0, 1280, 720));
  EXPECT_EQ(ap.current(), cv::Rect(0, 0, 1280, 720));
}

TEST(ActivePictureTest, CurrentIsFullFrameUntilEvidence) {
  const cv::Size size(1920, 1080);
  const cv::Rect truth(0, 138, 1920, 803);
  ActivePicture ap;
  EXPECT_EQ(ap.current(), cv::Rect());
  ap.add(key_frame(0, size, truth));
  EXPECT_EQ(ap.current(), cv::Rect(0, 0, 1920, 1080));
  for (int i = 1; i < 5; ++i) ap.add(key_frame(i, size, truth));
  EXPECT_NEAR(ap.current().y, truth.y, 2);
  EXPECT_NEAR(ap.current().height, truth.height, 4);
}

TEST(ActivePictureTest, SampleAspectRatioGivesDisplayAspect) {
  // Anamorphic 16:9 DVD: 720x576 stored, 64:45 sample aspect ratio, picture 2.35 letterboxed inside.
  const cv::Rect truth(0, 71, 720, 434);
  const auto r = run({720, 576}, truth);
  expect_area(r, truth);
  const auto d = [&] {
    ActivePicture ap;
    for (int i = 0; i < 10; ++i) ap.add(key_frame(i, {720, 576}, truth));
    return ap.result(64.0 / 45.0);
  }();
  EXPECT_NEAR(d.aspect, 720 * 64.0 / 45.0 / 434, 0.02);
  EXPECT_EQ(d.name, "2.35");
}

TEST(ActivePictureTest, OddSizesDoNotCrash) {
  for (const cv::Size s :
       {cv::Size(1, 1), cv::Size(1, 300), cv::Size(300, 1), cv::Size(3, 4097), cv::Size(7, 5)}) {
    ActivePicture ap;
    for (int i = 0; i < 5; ++i) {
      cv::Mat m(s, CV_8UC1);
      cv::randu(m, 0, 255);
      ap.add(m);
    }
    const auto r = ap.result();
    EXPECT_EQ(r.frames, 5);
    EXPECT_TRUE(cv::Rect(0, 0, s.width, s.height).contains(r.area.tl()));
    EXPECT_EQ(r.area.area(), s.area()) << s;
  }
  ActivePicture ap;
  ap.add(cv::Mat());
  ap.add(cv::Mat(10, 10, CV_32FC1, cv::Scalar(0)));
  EXPECT_EQ(ap.result().frames, 0);
  // A change of size starts afresh rather than mixing lines of two geometries.
  ap.add(cv::Mat(10, 10, CV_8UC1, cv::Scalar(100)));
  ap.add(cv::Mat(20, 30, CV_8UC1, cv::Scalar(100)));
  EXPECT_EQ(ap.result().frames, 1);
  EXPECT_EQ(ap.current(), cv::Rect(0, 0, 30, 20));
}

}  // namespace
}  // namespace cranes::analysis
