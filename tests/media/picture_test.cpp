// SPDX-License-Identifier: MIT
// Still pictures read through FFmpeg: the same pixels as OpenCV's own image codecs (exactly for PNG, within
// the rounding of two JPEG decoders for a real photo), and a one-line error naming the file for what is no
// picture.
#include "cranes/media/picture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/core/error.hpp"
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

TEST(Picture, JpegIsRightToItsLastColumn) {
  // opencv-doc's building.jpg (4:2:0, 868 px wide): a fast colour converter once left its last 4 columns up
  // to 236 grey levels off.
  const std::filesystem::path file = "/usr/share/doc/opencv-doc/examples/data/building.jpg";
  const cv::Mat ours = read_picture(file), theirs = cv::imread(file.string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(theirs.empty());
  ASSERT_EQ(ours.size(), theirs.size());
  cv::Mat g_ours, g_theirs;
  cv::cvtColor(ours, g_ours, cv::COLOR_BGR2GRAY);
  cv::cvtColor(theirs, g_theirs, cv::COLOR_BGR2GRAY);
  const cv::Rect right_edge(ours.cols - 8, 0, 8, ours.rows);
  EXPECT_LE(cv::norm(g_ours(right_edge), g_theirs(right_edge), cv::NORM_INF), 16.0);  // measured 11 (colour)
  cv::Mat diff;
  cv::absdiff(g_ours, g_theirs, diff);
  EXPECT_LT(cv::mean(diff)[0], 0.5);
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
