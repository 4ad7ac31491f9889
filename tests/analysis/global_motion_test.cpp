// SPDX-License-Identifier: MIT
// The frame-pair estimators on 320x180 grey proxies of a real photo moved by a known similarity, and the
// prepared frames (each picture's contrast, pyramid, corners and descriptors made once) giving exactly what
// the plain pictures give, whichever role the picture plays and however often it is reused.
#include "cranes/analysis/global_motion.hpp"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/synth/views.hpp"
#include "support/tools.hpp"

namespace cranes::analysis {
namespace {

// A 320x180 window of the photo, turned by `deg` about its centre and shifted by `dx` pixels.
cv::Mat proxy(const std::string& name, double deg, double dx) {
  const cv::Mat photo = cv::imread(test::wallpaper(name).string(), cv::IMREAD_GRAYSCALE);
  return photo.empty() ? photo : synth::turned_window(photo, cv::Size(320, 180), deg, dx);
}

void expect_same(const Similarity& a, const Similarity& b) {
  EXPECT_EQ(a.ok, b.ok);
  EXPECT_EQ(a.points, b.points);
  EXPECT_EQ(a.inliers, b.inliers);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_EQ(a.affine(i, j), b.affine(i, j)) << i << "," << j;
}

TEST(GlobalMotion, TrackerFindsATurnAndPreparedFramesGiveTheSameAnswer) {
  const cv::Mat a = proxy("Autumn", 0, 0), b = proxy("Autumn", 6.0, 4.0);
  ASSERT_FALSE(a.empty()) << "plasma-workspace-wallpapers is installed by set-up";
  const Similarity plain = estimate_similarity(a, b);
  ASSERT_TRUE(plain.ok);
  // The content turns by -6 degrees on screen when the window turns by +6.
  EXPECT_NEAR(std::abs(plain.rotation_deg()), 6.0, 0.3);
  EXPECT_NEAR(plain.scale(), 1.0, 0.01);

  PreparedFrame pa(a), pb(b);
  expect_same(estimate_similarity(pa, pb), plain);
  expect_same(estimate_similarity(pa, pb), plain);  // again, from what the first call kept
  // Seeded with a prediction, and in the other direction, from the same prepared frames.
  expect_same(estimate_similarity(pa, pb, &plain), estimate_similarity(a, b, &plain));
  expect_same(estimate_similarity(pb, pa), estimate_similarity(b, a));
  // Fewer corners asked of a picture already prepared with more.
  expect_same(estimate_similarity(pa, pb, nullptr, 40), estimate_similarity(a, b, nullptr, 40));
}

TEST(GlobalMotion, DescriptorsFindAFastSpinAndPreparedFramesGiveTheSameAnswer) {
  const cv::Mat a = proxy("Autumn", 0, 0), b = proxy("Autumn", 40.0, 0);
  ASSERT_FALSE(a.empty());
  const Similarity plain = estimate_similarity_features(a, b);
  ASSERT_TRUE(plain.ok);
  EXPECT_NEAR(std::abs(plain.rotation_deg()), 40.0, 1.0);
  PreparedFrame pa(a), pb(b);
  expect_same(estimate_similarity_features(pa, pb), plain);
  expect_same(estimate_similarity_features(pb, pa), estimate_similarity_features(b, a));
}

TEST(GlobalMotion, TwoDifferentPhotosDoNotTrack) {
  const cv::Mat a = proxy("Autumn", 0, 0), b = proxy("Path", 0, 0);
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  PreparedFrame pa(a), pb(b);
  EXPECT_FALSE(estimate_similarity(pa, pb).ok);
  expect_same(estimate_similarity(pa, pb), estimate_similarity(a, b));
  // Descriptors can pair chance look-alikes of two photos into a few consistent matches (the boundary
  // analyzer only believes an alignment its block match confirms); prepared or not, they pair the same ones.
  expect_same(estimate_similarity_features(pa, pb), estimate_similarity_features(a, b));
}

}  // namespace
}  // namespace cranes::analysis
