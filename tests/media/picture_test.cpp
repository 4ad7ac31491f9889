// SPDX-License-Identifier: MIT
// Still pictures read through FFmpeg: the same pixels as OpenCV's own image codecs (exactly for PNG, within the
// rounding of two JPEG decoders for a real photo), and a one-line error naming the file for what is no picture.
#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/core/error.hpp"
#include "cranes/media/picture.hpp"
#include "support/tools.hpp"

namespace cranes::media {
namespace {

TEST(Picture, PngComesBackExactly) {
  test::ScratchDir dir;
  cv::Mat img(37, 53, CV_8UC3);  // odd sizes on purpose
  cv::randu(img, 0, 256);
  const auto file = dir / "noise.png";
  ASSERT_TRUE(cv::imwrite(file.string(), img));
  const cv::Mat back = read_picture(file);
  ASSERT_EQ(back.size(), img.size());
  ASSERT_EQ(back.type(), CV_8UC3);
  EXPECT_EQ(cv::norm(back, img, cv::NORM_INF), 0.0);
}

TEST(Picture, RealJpegMatchesOpenCv) {
  const auto file = test::wallpaper("Autumn");
  const cv::Mat ours = read_picture(file), theirs = cv::imread(file.string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(theirs.empty());
  ASSERT_EQ(ours.size(), theirs.size());
  cv::Mat diff;
  cv::absdiff(ours, theirs, diff);
  const cv::Scalar mean = cv::mean(diff);
  for (int c = 0; c < 3; ++c) EXPECT_LT(mean[c], 0.5) << "channel " << c;  // measured 0.05-0.10
  EXPECT_LE(cv::norm(ours, theirs, cv::NORM_INF), 8.0);                    // measured 3
}

TEST(Picture, NotAPictureIsAnErrorNamingTheFile) {
  test::ScratchDir dir;
  const auto file = dir / "notes.jpg";
  std::ofstream(file) << "these are words, not a picture\n";
  try {
    read_picture(file);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_picture(dir / "missing.png"), Error);
}

}  // namespace
}  // namespace cranes::media
