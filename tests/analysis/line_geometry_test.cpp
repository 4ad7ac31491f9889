// SPDX-License-Identifier: MIT
// Still-picture geometry on real photos (opencv-doc samples, plasma wallpapers) turned into views with a
// known camera roll (rotation about the centre) or pitch (H = K R_x K^-1), cropped so no border edges appear;
// and line-free pictures (sky, clouds, water, noise) that must stay unknown.
#include "cranes/analysis/line_geometry.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/synth/views.hpp"
#include "support/tools.hpp"

namespace cranes::analysis {
namespace {

const std::string kData = "/usr/share/doc/opencv-doc/examples/data/";

cv::Mat load(const std::string& path) {
  cv::Mat g = cv::imread(path, cv::IMREAD_GRAYSCALE);
  if (g.cols > 960) cv::resize(g, g, cv::Size(960, g.rows * 960 / g.cols), 0, 0, cv::INTER_AREA);
  return g;
}

using synth::pitched_view;
using synth::rolled_view;

TEST(LineGeometryTest, RotatedBuildingGivesItsAngle) {
  const cv::Mat photo = load(kData + "building.jpg");
  ASSERT_FALSE(photo.empty());
  const LineGeometry level = measure_lines(photo);
  ASSERT_TRUE(level.dutch_deg);
  EXPECT_LT(std::abs(*level.dutch_deg), 4.0);  // the photo itself is close to level
  EXPECT_EQ(level.source, "vertical_vp");
  for (double roll : {-30.0, -10.0, 10.0, 30.0}) {
    const LineGeometry g = measure_lines(rolled_view(photo, roll));
    ASSERT_TRUE(g.dutch_deg) << roll;
    EXPECT_NEAR(*g.dutch_deg, *level.dutch_deg + roll, 2.0) << roll;
    EXPECT_GT(g.dutch_confidence, 0.3) << roll;
  }
}

TEST(LineGeometryTest, PositiveRollRaisesTheHorizonToTheRight) {
  // A picture of upright bars, rolled by +20: the camera turned clockwise, so dutch_deg is +20.
  cv::Mat bars(480, 640, CV_8UC1, cv::Scalar(40));
  for (int x = 60; x < 600; x += 70)
    cv::rectangle(bars, cv::Rect(x, 0, 30, 480), cv::Scalar(210), cv::FILLED);
  cv::GaussianBlur(bars, bars, cv::Size(3, 3), 0);
  const LineGeometry g = measure_lines(rolled_view(bars, 20));
  ASSERT_TRUE(g.dutch_deg);
  EXPECT_NEAR(*g.dutch_deg, 20.0, 0.5);
  EXPECT_EQ(cranes::film::word(g.camera_angle), "level");
}

TEST(LineGeometryTest, RolledForestGivesItsAngle) {
  const cv::Mat photo = load(test::wallpaper("Path"));
  ASSERT_FALSE(photo.empty());
  const LineGeometry level = measure_lines(photo);
  ASSERT_TRUE(level.dutch_deg);
  for (double roll : {-25.0, 15.0}) {
    const LineGeometry g = measure_lines(rolled_view(photo, roll));
    ASSERT_TRUE(g.dutch_deg) << roll;
    EXPECT_NEAR(*g.dutch_deg, *level.dutch_deg + roll, 2.0) << roll;
  }
}

TEST(LineGeometryTest, LakeHorizonGivesTheRollWithoutVerticals) {
  const cv::Mat photo = load(test::wallpaper("summer_1am"));
  ASSERT_FALSE(photo.empty());
  const LineGeometry g = measure_lines(rolled_view(photo, -15));
  ASSERT_TRUE(g.dutch_deg);
  EXPECT_NEAR(*g.dutch_deg, -15.0, 1.0);
  EXPECT_EQ(g.source, "horizon");
  EXPECT_EQ(cranes::film::word(g.camera_angle),
            "unknown");  // a horizon alone does not say where the camera points
}

TEST(LineGeometryTest, GentleCurveIsNotAHorizon) {
  // Elarun: swooshes of light across a dark field, one long gently curved edge and nothing upright. Rolled or
  // not, it must stay unknown; the same kind of picture with a straight edge gives its roll.
  const cv::Mat photo = load("/usr/share/wallpapers/Elarun/contents/images/2560x1600.png");
  ASSERT_FALSE(photo.empty());
  for (double roll : {-20.0, 0.0, 20.0}) {
    const LineGeometry g = measure_lines(roll != 0 ? rolled_view(photo, roll) : photo);
    EXPECT_FALSE(g.dutch_deg) << roll;
  }
  cv::Mat sea(540, 960, CV_8UC1, cv::Scalar(60));
  sea(cv::Rect(0, 300, 960, 240)).setTo(150);
  cv::Mat noise(sea.size(), CV_8SC1);
  cv::randn(noise, 0, 6);
  cv::add(sea, noise, sea, cv::noArray(), CV_8U);
  const LineGeometry g = measure_lines(rolled_view(sea, 12));
  ASSERT_TRUE(g.dutch_deg);
  EXPECT_NEAR(*g.dutch_deg, 12.0, 0.5);
  EXPECT_EQ(g.source, "horizon");
}

TEST(LineGeometryTest, SkyIsUnknown) {
  cv::Mat sky(540, 960, CV_8UC1);
  for (int y = 0; y < sky.rows; ++y) sky.row(y).setTo(70 + 130 * y / sky.rows);
  cv::Mat noise(sky.size(), CV_8SC1);
  cv::randn(noise, 0, 2);
  cv::add(sky, noise, sky, cv::noArray(), CV_8U);
  for (const cv::Mat& picture : {sky, load(test::wallpaper("Kite"))}) {
    ASSERT_FALSE(picture.empty());
    for (double roll : {0.0, 20.0}) {
      const LineGeometry g = measure_lines(roll != 0 ? rolled_view(picture, roll) : picture);
      EXPECT_FALSE(g.dutch_deg) << roll;
      EXPECT_FALSE(g.pitch_deg) << roll;
      EXPECT_EQ(cranes::film::word(g.camera_angle), "unknown");
    }
  }
}

TEST(LineGeometryTest, CloudsWaterAndNoiseAreUnknown) {
  cv::setRNGSeed(3);
  const cv::Size size(960, 540);
  cv::Mat clouds = cv::Mat::zeros(size, CV_32F);
  for (int cell = 4; cell <= 64; cell *= 2) {
    cv::Mat coarse(size.height / cell + 2, size.width / cell + 2, CV_32F), up;
    cv::randu(coarse, 0, 1);
    cv::resize(coarse, up, size, 0, 0, cv::INTER_CUBIC);
    clouds += up * (cell / 64.0);
  }
  cv::normalize(clouds, clouds, 90, 250, cv::NORM_MINMAX);
  clouds.convertTo(clouds, CV_8U);
  // Ripples: noise stretched sideways.
  cv::Mat ripples(size.height / 4, size.width / 16, CV_32F), water;
  cv::randn(ripples, 0, 1);
  cv::resize(ripples, water, size, 0, 0, cv::INTER_CUBIC);
  cv::normalize(water, water, 40, 180, cv::NORM_MINMAX);
  water.convertTo(water, CV_8U);
  cv::Mat noise(size, CV_8U);
  cv::randu(noise, 0, 255);
  for (const cv::Mat& picture : {clouds, water, noise, load(test::wallpaper("DarkestHour"))}) {
    for (double roll : {-20.0, 20.0}) {
      const LineGeometry g = measure_lines(rolled_view(picture, roll));
      EXPECT_FALSE(g.dutch_deg) << roll;
      EXPECT_EQ(cranes::film::word(g.camera_angle), "unknown") << roll;
    }
  }
}

TEST(LineGeometryTest, TiltedUpCameraIsLowAngle) {
  const cv::Mat photo = load(kData + "building.jpg");
  double hfov = 0;
  const cv::Mat up = pitched_view(photo, 20, 110, hfov);
  const LineGeometry g = measure_lines(up, hfov);
  EXPECT_EQ(cranes::film::word(g.camera_angle), "low");
  ASSERT_TRUE(g.pitch_deg);
  const LineGeometry level = measure_lines(photo, 110);
  ASSERT_TRUE(level.pitch_deg);
  EXPECT_NEAR(*g.pitch_deg, *level.pitch_deg + 20, 3.0);
  ASSERT_TRUE(g.dutch_deg);
  EXPECT_NEAR(*g.dutch_deg, *level.dutch_deg, 1.5);  // pitch does not disturb the roll
}

TEST(LineGeometryTest, TiltedDownCameraIsHighAngle) {
  const cv::Mat photo = load(kData + "board.jpg");
  double hfov = 0;
  const cv::Mat down = pitched_view(photo, -20, 110, hfov);
  const LineGeometry g = measure_lines(down, hfov);
  EXPECT_EQ(cranes::film::word(g.camera_angle), "high") << g.segments;
  ASSERT_TRUE(g.pitch_deg);
  EXPECT_NEAR(*g.pitch_deg, -20.0, 3.0);
}

TEST(LineGeometryTest, LevelStreetIsLevel) {
  const LineGeometry g = measure_lines(load(kData + "leuvenA.jpg"));
  ASSERT_TRUE(g.dutch_deg);
  EXPECT_NEAR(*g.dutch_deg, 0.0, 1.5);
  EXPECT_EQ(cranes::film::word(g.camera_angle), "level");
}

TEST(LineGeometryTest, TowerSeenFromBelowIsLowAngle) {
  // home.jpg looks up at a tower: its verticals converge above the picture.
  const LineGeometry g = measure_lines(load(kData + "home.jpg"));
  EXPECT_EQ(cranes::film::word(g.camera_angle), "low");
  ASSERT_TRUE(g.pitch_deg);
  EXPECT_GT(*g.pitch_deg, 20.0);
  ASSERT_TRUE(g.dutch_deg);
  EXPECT_NEAR(*g.dutch_deg, 0.0, 3.0);
}

TEST(LineGeometryTest, CameraAngleLabelsFollowThePitch) {
  EXPECT_EQ(cranes::film::word(camera_angle_of(0)), "level");
  EXPECT_EQ(cranes::film::word(camera_angle_of(-7.9)), "level");
  EXPECT_EQ(cranes::film::word(camera_angle_of(8.5)), "low");
  EXPECT_EQ(cranes::film::word(camera_angle_of(-30)), "high");
  EXPECT_EQ(cranes::film::word(camera_angle_of(75)), "worms_eye");
  EXPECT_EQ(cranes::film::word(camera_angle_of(-75)), "overhead");
}

TEST(LineGeometryTest, EmptyOrColourInputIsUnknown) {
  EXPECT_FALSE(measure_lines(cv::Mat()).dutch_deg);
  EXPECT_FALSE(measure_lines(cv::Mat(100, 100, CV_8UC3, cv::Scalar(1, 2, 3))).dutch_deg);
  EXPECT_FALSE(measure_lines(cv::Mat(1, 1, CV_8UC1, cv::Scalar(9))).dutch_deg);
}

}  // namespace
}  // namespace cranes::analysis
