// SPDX-License-Identifier: MIT
// The fused quarter-size step gives exactly what two of OpenCV's 2x2 area halvings give, on odd sizes and on
// padded rows (decoded planes have a stride wider than the picture), and halve_while still stops where it
// did.
#include "cranes/media/downscale.hpp"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cranes::media {
namespace {

cv::Mat halve(const cv::Mat& m) {
  cv::Mat out;
  cv::resize(m(cv::Rect(0, 0, m.cols & ~1, m.rows & ~1)), out, cv::Size(m.cols / 2, m.rows / 2), 0, 0,
             cv::INTER_AREA);
  return out;
}

cv::Mat noise(cv::Size size, int seed) {
  cv::Mat m(size, CV_8UC1);
  cv::RNG rng(seed);
  rng.fill(m, cv::RNG::UNIFORM, 0, 256);
  return m;
}

TEST(Downscale, QuarterIsTwoHalvings) {
  int seed = 1;
  for (const cv::Size size : {cv::Size(1920, 1080), cv::Size(1281, 723), cv::Size(1282, 722), cv::Size(7, 5),
                              cv::Size(4, 4), cv::Size(6, 9)}) {
    const cv::Mat src = noise(size, seed++);
    cv::Mat q;
    quarter(src, q);
    const cv::Mat expected = halve(halve(src));
    ASSERT_EQ(q.size(), expected.size()) << size;
    EXPECT_EQ(cv::norm(q, expected, cv::NORM_INF), 0.0) << size;
  }
}

TEST(Downscale, QuarterReadsAPaddedPlane) {
  const cv::Mat padded = noise(cv::Size(1344, 720), 7);
  const cv::Mat plane = padded(cv::Rect(0, 0, 1280, 720));  // a stride of 1344 bytes, as a decoder leaves it
  ASSERT_FALSE(plane.isContinuous());
  cv::Mat q;
  quarter(plane, q);
  EXPECT_EQ(cv::norm(q, halve(halve(plane)), cv::NORM_INF), 0.0);
}

TEST(Downscale, HalveWhileStopsUnderTwiceTheSize) {
  cv::Mat a, b;
  const cv::Mat src = noise(cv::Size(1920, 1080), 3);
  // 1920 -> 960 -> 480 (>= 2 x 200 -> 240), not 240 (< 2 x 200): three halvings, the first two fused.
  const cv::Mat out = halve_while(src, cv::Size(200, 100), a, b);
  ASSERT_EQ(out.size(), cv::Size(240, 135));
  EXPECT_EQ(cv::norm(out, halve(halve(halve(src))), cv::NORM_INF), 0.0);
  // Already small enough: the picture itself.
  EXPECT_EQ(halve_while(src, cv::Size(1000, 600), a, b).data, src.data);
}

}  // namespace
}  // namespace cranes::media
