// SPDX-License-Identifier: MIT
// Shot scale on compositions with exact ground truth: real photos of people (opencv-doc) pasted onto real
// landscapes (wallpapers) so that the face box or the standing figure is a known fraction of the picture
// height. Landscapes without people are "unknown"; a shot's observations combine into one label or a range.
#include "cranes/analysis/shot_scale.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/core/error.hpp"
#include "cranes/synth/views.hpp"
#include "support/tools.hpp"

namespace cranes::analysis {
namespace {

const std::string kDoc = "/usr/share/doc/opencv-doc/";

// A person in a photo: the crop pasted, and the reference length measured in it (the face box as the LBP
// frontal cascade draws it on the full-resolution photo, or head-to-feet height for a standing figure).
struct Person {
  std::string file;
  cv::Rect crop;
  cv::Point2d anchor;  ///< face centre, or the figure's feet, in photo pixels
  double length;       ///< face box height, or figure height, in photo pixels
};
const Person kFace{kDoc + "opencv4/html/face_swapped.jpg", {0, 0, 320, 320}, {155, 136}, 130};
const Person kFigure{kDoc + "examples/data/basketball1.png", {0, 40, 230, 440}, {95, 472}, 390};

// `person` scaled so that its reference length is `fraction` of a 1280x720 picture of `background`, its
// anchor at `at` (fractions of the picture), clipped by the frame.
cv::Mat compose(const Person& person, double fraction, cv::Point2d at,
                const std::string& background = "Path") {
  return synth::composed_view(cv::imread(test::wallpaper(background).string(), cv::IMREAD_GRAYSCALE),
                              cv::Size(1280, 720), cv::imread(person.file, cv::IMREAD_GRAYSCALE), person.crop,
                              person.anchor, person.length, fraction, at);
}

const ScaleDetector& detector() {
  static const ScaleDetector d;
  return d;
}

TEST(ShotScaleTest, LargeFaceIsCloseUp) {
  const auto o = detector().observe(compose(kFace, 0.33, {0.5, 0.45}));
  EXPECT_EQ(cranes::film::word(o.scale), "CU");
  EXPECT_NEAR(o.face_height, 0.33, 0.05);
  EXPECT_GE(o.faces, 1);
  EXPECT_GT(o.confidence, 0.5);
}

TEST(ShotScaleTest, FaceFillingThePictureIsExtremeCloseUp) {
  const auto o = detector().observe(compose(kFace, 0.6, {0.5, 0.5}));
  EXPECT_EQ(cranes::film::word(o.scale), "ECU");
  EXPECT_NEAR(o.face_height, 0.6, 0.08);
}

TEST(ShotScaleTest, HeadAndShouldersIsMediumCloseUp) {
  const auto o = detector().observe(compose(kFace, 0.2, {0.35, 0.4}, "Autumn"));
  EXPECT_EQ(cranes::film::word(o.scale), "MCU");
  EXPECT_NEAR(o.face_height, 0.2, 0.03);
}

TEST(ShotScaleTest, SmallFaceIsMediumShot) {
  // 0.13: faces below 0.1 of the height are smaller than the frontal cascade's window at the working size.
  const auto o = detector().observe(compose(kFace, 0.13, {0.6, 0.35}));
  EXPECT_EQ(cranes::film::word(o.scale), "MS");
  EXPECT_NEAR(o.face_height, 0.13, 0.02);
}

TEST(ShotScaleTest, StandingFigureIsMediumLongShot) {
  // 0.7 of the height: the face (0.07) is below the cascades' reach at the working size; the figure decides.
  const auto o = detector().observe(compose(kFigure, 0.7, {0.5, 0.9}));
  EXPECT_EQ(cranes::film::word(o.scale), "MLS");
  EXPECT_NEAR(o.figure_height, 0.7, 0.1);
  EXPECT_GE(o.figures, 1);
}

TEST(ShotScaleTest, LandscapeIsUnknown) {
  for (const char* name : {"Path", "Autumn", "Kite", "EveningGlow"}) {
    const cv::Mat grey = cv::imread(test::wallpaper(name).string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(grey.empty()) << name;
    const auto o = detector().observe(grey);
    EXPECT_EQ(cranes::film::word(o.scale), "unknown") << name;
    EXPECT_EQ(o.confidence, 0) << name;
  }
}

TEST(ShotScaleTest, OddInputsAreUnknown) {
  EXPECT_EQ(cranes::film::word(detector().observe(cv::Mat()).scale), "unknown");
  EXPECT_EQ(cranes::film::word(detector().observe(cv::Mat(1, 1, CV_8UC1, cv::Scalar(9))).scale), "unknown");
  EXPECT_EQ(cranes::film::word(detector().observe(cv::Mat(4097, 3, CV_8UC1, cv::Scalar(9))).scale),
            "unknown");
  EXPECT_EQ(cranes::film::word(detector().observe(cv::Mat(100, 100, CV_32FC1, cv::Scalar(0))).scale),
            "unknown");
  // Colour input is accepted as well as grey.
  cv::Mat bgr;
  cv::cvtColor(compose(kFace, 0.33, {0.5, 0.45}), bgr, cv::COLOR_GRAY2BGR);
  EXPECT_EQ(cranes::film::word(detector().observe(bgr).scale), "CU");
}

TEST(ShotScaleTest, MissingCascadeNamesTheFile) {
  try {
    ScaleDetector d("/nonexistent/opencv4");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/opencv4/lbpcascades/lbpcascade_frontalface.xml"),
              std::string::npos)
        << e.what();
  }
}

TEST(ShotScaleTest, ThresholdsFollowSaltsScale) {
  EXPECT_EQ(cranes::film::word(scale_from(0.5, 0)), "ECU");
  EXPECT_EQ(cranes::film::word(scale_from(0.3, 0, true)), "ECU");  // cut by the frame: bigger than it looks
  EXPECT_EQ(cranes::film::word(scale_from(0.3, 0)), "CU");
  EXPECT_EQ(cranes::film::word(scale_from(0.2, 0)), "MCU");
  EXPECT_EQ(cranes::film::word(scale_from(0.1, 0)), "MS");
  EXPECT_EQ(cranes::film::word(scale_from(0.07, 0)), "MLS");  // face of a figure about 0.63 tall
  EXPECT_EQ(cranes::film::word(scale_from(0, 0.8)), "MLS");
  EXPECT_EQ(cranes::film::word(scale_from(0, 0.3)), "LS");
  EXPECT_EQ(cranes::film::word(scale_from(0, 0.05)), "ELS");
  EXPECT_EQ(cranes::film::word(scale_from(0, 0)), "unknown");
}

std::vector<ScaleObservation> observations(std::initializer_list<const char*> scales) {
  std::vector<ScaleObservation> v;
  for (const char* s : scales) v.push_back({.scale = *parse_token<film::ShotScale>(s)});
  return v;
}

TEST(ShotScaleTest, ShotTakesItsMostCommonScale) {
  EXPECT_EQ(cranes::film::word(combine_scale(observations({"CU", "CU", "unknown", "CU"}))), "CU");
  EXPECT_EQ(cranes::film::word(combine_scale(observations({"MS", "MS", "MS", "MS", "MS", "MS", "CU"}))),
            "MS");  // one slip
  EXPECT_EQ(cranes::film::word(combine_scale(observations({"LS"}))), "LS");
}

TEST(ShotScaleTest, ChangingScaleIsARangeFromClosestToWidest) {
  EXPECT_EQ(cranes::film::word(combine_scale(observations({"MS", "CU"}))), "CU-MS");
  EXPECT_EQ(cranes::film::word(combine_scale(observations({"LS", "LS", "MLS", "MS", "MS", "CU", "CU"}))),
            "CU-LS");
}

TEST(ShotScaleTest, ShotWithoutPeopleIsUnknown) {
  EXPECT_EQ(cranes::film::word(combine_scale(observations({"unknown", "unknown"}))), "unknown");
  EXPECT_EQ(cranes::film::word(combine_scale({})), "unknown");
}

}  // namespace
}  // namespace cranes::analysis
