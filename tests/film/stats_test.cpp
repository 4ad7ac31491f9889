// SPDX-License-Identifier: MIT
// Cinemetrics figures on hand-computed shot lists: ASL, MSL (odd and even counts), population StDev, CV, the
// longest takes (ties by index), Brisson's fractional sections, the histogram, and empty input without NaN.
#include "cranes/film/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace cranes::film {
namespace {

/// Contiguous shots of the given lengths from t = 0 at 25 fps.
std::vector<Shot> shots_of(const std::vector<double>& lengths_s) {
  std::vector<Shot> out;
  double t = 0.0;
  for (size_t i = 0; i < lengths_s.size(); ++i) {
    Shot s;
    s.index = static_cast<int>(i);
    s.start_s = t;
    s.end_s = t + lengths_s[i];
    s.length_s = lengths_s[i];
    s.start_frame = std::llround(s.start_s * 25);
    s.end_frame = std::llround(s.end_s * 25);
    out.push_back(s);
    t = s.end_s;
  }
  return out;
}

TEST(StatsTest, TwoFourSixEight) {
  const Stats st = compute_stats(shots_of({2, 4, 6, 8}), 2, 2);
  EXPECT_EQ(st.shots, 4);
  EXPECT_DOUBLE_EQ(st.length_s, 20.0);
  EXPECT_DOUBLE_EQ(st.asl_s, 5.0);
  EXPECT_DOUBLE_EQ(st.msl_s, 5.0);  // even count: mean of 4 and 6
  EXPECT_DOUBLE_EQ(st.msl_asl, 1.0);
  EXPECT_DOUBLE_EQ(st.stdev_s, std::sqrt(5.0));
  EXPECT_DOUBLE_EQ(st.cv, std::sqrt(5.0) / 5.0);
  EXPECT_DOUBLE_EQ(st.min_s, 2.0);
  EXPECT_DOUBLE_EQ(st.max_s, 8.0);
  ASSERT_EQ(st.longest.size(), 2u);
  EXPECT_EQ(st.longest[0], (ShotRef{3, 12.0, 8.0}));
  EXPECT_EQ(st.longest[1], (ShotRef{2, 6.0, 6.0}));
}

TEST(StatsTest, BrissonSectionsCountStraddlingShotFractionally) {
  // Sections [0,10) and [10,20]; the 6 s shot [6,12) has 4/6 in the first, 2/6 in the second.
  const Stats st = compute_stats(shots_of({2, 4, 6, 8}), 2);
  ASSERT_EQ(st.sections.size(), 2u);
  EXPECT_DOUBLE_EQ(st.sections[0].start_s, 0.0);
  EXPECT_DOUBLE_EQ(st.sections[0].end_s, 10.0);
  EXPECT_DOUBLE_EQ(st.sections[1].end_s, 20.0);
  EXPECT_NEAR(st.sections[0].shots, 2.0 + 4.0 / 6.0, 1e-12);
  EXPECT_NEAR(st.sections[1].shots, 1.0 + 2.0 / 6.0, 1e-12);
  EXPECT_NEAR(st.sections[0].asl_s, 3.75, 1e-12);
  EXPECT_NEAR(st.sections[1].asl_s, 7.5, 1e-12);
}

TEST(StatsTest, BrissonCountsSumToShotCount) {
  const Stats st = compute_stats(shots_of({2, 4, 6, 8, 0.5, 13, 1}), 7);
  ASSERT_EQ(st.sections.size(), 7u);
  double total = 0.0;
  for (const auto& s : st.sections) total += s.shots;
  EXPECT_NEAR(total, 7.0, 1e-9);
}

TEST(StatsTest, OneLongTakeHasItsLengthAsAslInEverySection) {
  const Stats st = compute_stats(shots_of({30}), 3);
  ASSERT_EQ(st.sections.size(), 3u);
  for (const auto& s : st.sections) {
    EXPECT_NEAR(s.shots, 1.0 / 3.0, 1e-12);
    EXPECT_NEAR(s.asl_s, 30.0, 1e-9);
  }
}

TEST(StatsTest, SectionsFollowTheFilmSpanNotZero) {
  auto shots = shots_of({4, 4});
  for (auto& s : shots) {
    s.start_s += 100.0;
    s.end_s += 100.0;
  }
  const Stats st = compute_stats(shots, 4);
  ASSERT_EQ(st.sections.size(), 4u);
  EXPECT_DOUBLE_EQ(st.sections[0].start_s, 100.0);
  EXPECT_DOUBLE_EQ(st.sections[3].end_s, 108.0);
  for (const auto& s : st.sections) EXPECT_NEAR(s.asl_s, 4.0, 1e-12);
}

TEST(StatsTest, OddCountMedianIsMiddleValue) {
  const Stats st = compute_stats(shots_of({10, 1, 3}));
  EXPECT_DOUBLE_EQ(st.msl_s, 3.0);
  EXPECT_DOUBLE_EQ(st.asl_s, 14.0 / 3.0);
  EXPECT_NEAR(st.msl_asl, 3.0 / (14.0 / 3.0), 1e-12);
}

TEST(StatsTest, LongestTiesGoByIndex) {
  const Stats st = compute_stats(shots_of({3, 5, 5, 1}), 10, 3);
  ASSERT_EQ(st.longest.size(), 3u);
  EXPECT_EQ(st.longest[0].index, 1);
  EXPECT_EQ(st.longest[1].index, 2);
  EXPECT_EQ(st.longest[2].index, 0);
  EXPECT_EQ(compute_stats(shots_of({3, 5}), 10, 5).longest.size(), 2u);
  EXPECT_TRUE(compute_stats(shots_of({3, 5}), 10, 0).longest.empty());
}

TEST(StatsTest, HistogramHasSecondBinsThenWider) {
  const Stats st = compute_stats(shots_of({0.5, 2, 2.5, 8, 12, 40}));
  // Bins [0,1) .. [9,10), [10,15), [15,20), [20,30), [30,45): up to the one holding 40 s.
  ASSERT_EQ(st.distribution.size(), 14u);
  EXPECT_EQ(st.distribution[0], (HistogramBin{0, 1, 1}));
  EXPECT_EQ(st.distribution[2], (HistogramBin{2, 3, 2}));
  EXPECT_EQ(st.distribution[8], (HistogramBin{8, 9, 1}));
  EXPECT_EQ(st.distribution[10], (HistogramBin{10, 15, 1}));
  EXPECT_EQ(st.distribution[13], (HistogramBin{30, 45, 1}));
  int total = 0;
  for (const auto& b : st.distribution) total += b.count;
  EXPECT_EQ(total, 6);
}

TEST(StatsTest, VeryLongTakeGetsAnOpenEndedLastBin) {
  const Stats st = compute_stats(shots_of({3, 400.5}));
  ASSERT_FALSE(st.distribution.empty());
  EXPECT_EQ(st.distribution.back(), (HistogramBin{300, 401, 1}));
}

TEST(StatsTest, EmptyInputIsAllZeroWithoutNaN) {
  const Stats st = compute_stats({});
  EXPECT_EQ(st, Stats{});
  EXPECT_EQ(st.shots, 0);
  EXPECT_FALSE(std::isnan(st.asl_s));
}

TEST(StatsTest, ZeroLengthShotsDoNotDivideByZero) {
  std::vector<Shot> shots(2);
  shots[1].index = 1;
  const Stats st = compute_stats(shots, 3);
  EXPECT_EQ(st.shots, 2);
  EXPECT_EQ(st.asl_s, 0.0);
  EXPECT_EQ(st.cv, 0.0);
  EXPECT_EQ(st.msl_asl, 0.0);
  EXPECT_TRUE(st.sections.empty());  // the film spans no time
  EXPECT_FALSE(std::isnan(st.stdev_s));
}

TEST(StatsTest, NonPositiveSectionCountGivesNoSections) {
  EXPECT_TRUE(compute_stats(shots_of({1, 2}), 0).sections.empty());
  EXPECT_TRUE(compute_stats(shots_of({1, 2}), -3).sections.empty());
}

}  // namespace
}  // namespace cranes::film
