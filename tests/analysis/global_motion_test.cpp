// SPDX-License-Identifier: MIT
// The frame-pair estimators on 320x180 grey proxies of a real photo moved by a known similarity, and the
// prepared frames (each picture's contrast, pyramid, corners and descriptors made once) giving exactly what
// the plain pictures give, whichever role the picture plays and however often it is reused.
#include "cranes/analysis/global_motion.hpp"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/analysis/corner_tracks.hpp"
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

// The one corner tracker under both its settings: each follows a known turn and shift, the camera-path
// setting drops the tracks that leave the picture, and neither fits two unrelated photos.
TEST(CornerTracks, BothSettingsFollowATurnAndRefuseTwoPhotos) {
  const cv::Mat a = proxy("Autumn", 0, 0), b = proxy("Autumn", 3.0, 12.0), c = proxy("Path", 0, 0);
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(c.empty());
  for (const CornerTracking* t : {&kPairTracking, &kPathTracking}) {
    SCOPED_TRACE(t == &kPairTracking ? "pair" : "path");
    const cv::Mat ca = with_contrast(a);
    const std::vector<cv::Point2f> corners = find_corners(ca, 100, *t);
    ASSERT_GE(corners.size(), 50u);
    // No two corners closer than the setting's spacing.
    const double spacing = corner_spacing_px(ca.cols, *t);
    for (size_t i = 0; i < corners.size(); ++i)
      for (size_t j = i + 1; j < corners.size(); ++j)
        ASSERT_GE(cv::norm(corners[i] - corners[j]), spacing - 1e-3);
    const std::vector<cv::Mat> pa = tracking_pyramid(ca, *t), pb = tracking_pyramid(with_contrast(b), *t),
                               pc = tracking_pyramid(with_contrast(c), *t);
    const CornerTracks f = track_corners(pa, pb, corners, nullptr, *t);
    ASSERT_TRUE(f.sim.ok);
    EXPECT_NEAR(std::abs(f.sim.rotation_deg()), 3.0, 0.2);
    EXPECT_NEAR(f.sim.scale(), 1.0, 0.01);
    ASSERT_EQ(f.a.size(), f.b.size());
    ASSERT_EQ(f.a.size(), f.from.size());
    for (size_t i = 0; i < f.a.size(); ++i) EXPECT_EQ(f.a[i], corners[f.from[i]]);
    if (t->inside_only) {
      for (const cv::Point2f& p : f.b) EXPECT_TRUE(cv::Rect2f(0, 0, 320, 180).contains(p)) << p;
    }
    EXPECT_FALSE(track_corners(pa, pc, corners, nullptr, *t).sim.ok);
    // Too few points to start from: no fit, nothing tracked.
    const std::vector<cv::Point2f> few(corners.begin(), corners.begin() + t->min_points - 1);
    const CornerTracks none = track_corners(pa, pb, few, nullptr, *t);
    EXPECT_FALSE(none.sim.ok);
    EXPECT_TRUE(none.a.empty());
  }
}

}  // namespace
}  // namespace cranes::analysis
