// SPDX-License-Identifier: MIT
// What keeps the analysis flat in memory however long the film: the frame-time table holds a constant frame
// rate as one run, the spill buffer keeps one block in memory and gives every record back, and a take too
// long to segment at once is segmented in pieces that agree with the whole.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "cranes/analysis/frame_times.hpp"
#include "cranes/analysis/movements.hpp"
#include "cranes/core/spill.hpp"

namespace cranes::analysis {
namespace {

TEST(FrameTimes, AConstantRateIsOneRunWithEveryTimeExact) {
  const double tick = 1.0 / 12800;
  FrameTimes times(tick);
  for (int64_t i = 0; i < 100000; ++i) times.push(static_cast<double>(i * 512) * tick, (i + 1) * 512 * tick);
  EXPECT_EQ(times.size(), 100000);
  EXPECT_EQ(times.runs(), 1u);
  for (int64_t i : {0, 1, 2, 777, 99999}) EXPECT_EQ(times.start(i), static_cast<double>(i * 512) * tick);
  EXPECT_EQ(times.end(), 100000 * 512 * tick);
  EXPECT_EQ(times.start_or_end(100000), times.end());
}

TEST(FrameTimes, AVariableRateKeepsEveryTimeExactAndRegularStretchesStayRuns) {
  const double tick = 1.0 / 90000;
  FrameTimes times(tick);
  std::vector<double> pushed;
  int64_t pts = 0;
  for (int64_t i = 0; i < 3000; ++i) {
    // 1000 frames at 25 fps, 1000 jittering between 30 and 31 ms (a phone's variable rate), 1000 at 25 fps.
    pts += i < 1000 || i >= 2000 ? 3600 : 2700 + (i * 7919 % 91);
    pushed.push_back(static_cast<double>(pts) * tick);
    times.push(pushed.back(), pushed.back() + 0.04);
  }
  // Times that are no whole tick (a file with no time base) are kept as they are.
  pushed.push_back(pushed.back() + 0.0123456789);
  times.push(pushed.back(), pushed.back() + 0.04);
  ASSERT_EQ(times.size(), static_cast<int64_t>(pushed.size()));
  for (size_t i = 0; i < pushed.size(); ++i) ASSERT_EQ(times.start(static_cast<int64_t>(i)), pushed[i]) << i;
  EXPECT_LT(times.runs(), 12u);
  EXPECT_EQ(times.starts(998, 1003), std::vector<double>(pushed.begin() + 998, pushed.begin() + 1003));
}

TEST(SpillBuffer, GivesBackEveryRecordWithOneBlockInMemory) {
  SpillBuffer<int64_t> buffer(1000);
  for (int64_t i = 0; i < 123456; ++i) buffer.push_back(i * i);
  EXPECT_TRUE(buffer.spilled());
  ASSERT_EQ(buffer.size(), 123456);
  // Ranges on disk, across the edge of what is still in memory, and in memory.
  for (int64_t first : {0, 999, 1000, 122000, 123400}) {
    const std::vector<int64_t> got = buffer.read(first, 56);
    for (int64_t k = 0; k < 56; ++k) ASSERT_EQ(got[static_cast<size_t>(k)], (first + k) * (first + k));
  }
  EXPECT_EQ(buffer.at(123455), 123455LL * 123455LL);
  int64_t expected = 500, sum_ok = 1;
  buffer.for_each(500, 5500, [&](int64_t i, int64_t v) {
    sum_ok &= i == expected && v == i * i;
    ++expected;
  });
  EXPECT_EQ(sum_ok, 1);
  EXPECT_EQ(expected, 5500);
  SpillBuffer<int> small(1000);
  for (int i = 0; i < 999; ++i) small.push_back(i);
  EXPECT_FALSE(small.spilled());  // a short film never touches the disk
}

// A take of static, a 6 deg/s pan right, static, a tilt up and static, at 25 fps.
std::vector<FrameMotion> long_take(int64_t frames, std::vector<double>& time_s) {
  std::vector<FrameMotion> motion(static_cast<size_t>(frames));
  for (int64_t i = 0; i < frames; ++i) {
    FrameMotion& m = motion[static_cast<size_t>(i)];
    m.ok = i > 0;
    const double phase = static_cast<double>(i) / static_cast<double>(frames);
    if (phase > 0.2 && phase < 0.55) {
      m.pan_deg = static_cast<float>(6.0 / 25);
      m.dx = static_cast<float>(-6.0 / 25 / 60);
    } else if (phase > 0.75 && phase < 0.9) {
      m.tilt_deg = static_cast<float>(4.0 / 25);
      m.dy = static_cast<float>(4.0 / 25 / 60);
    }
    // A little noise, the same every run.
    m.pan_deg += static_cast<float>(0.002 * std::sin(static_cast<double>(i) * 1.7));
    time_s.push_back(static_cast<double>(i) / 25);
  }
  return motion;
}

TEST(MovementStream, AShotUpToTwoPiecesIsSegmentedWhole) {
  std::vector<double> t;
  const std::vector<FrameMotion> motion = long_take(2000, t);
  const MovementThresholds thresholds;
  MovementStream stream(thresholds, 100, 1000);
  for (size_t i = 0; i < motion.size(); ++i) stream.add(motion[i], t[i]);
  EXPECT_EQ(stream.finish(80.0), segment_movements(motion, t, 100, 80.0, thresholds));
}

TEST(MovementStream, ALongerTakeInPiecesFindsTheSameMovements) {
  std::vector<double> t;
  const std::vector<FrameMotion> motion = long_take(9000, t);
  const MovementThresholds thresholds;
  const std::vector<film::Movement> whole = segment_movements(motion, t, 0, 360.0, thresholds);
  MovementStream stream(thresholds, 0, 700);  // windows of 1400 frames: the pan alone spans more than two
  for (size_t i = 0; i < motion.size(); ++i) stream.add(motion[i], t[i]);
  const std::vector<film::Movement> pieces = stream.finish(360.0);
  ASSERT_EQ(whole.size(), 5u);  // static, pan, static, tilt, static
  ASSERT_EQ(pieces.size(), whole.size());
  for (size_t k = 0; k < whole.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_EQ(pieces[k].label, whole[k].label);
    EXPECT_NEAR(static_cast<double>(pieces[k].start_frame), static_cast<double>(whole[k].start_frame), 3);
    EXPECT_NEAR(static_cast<double>(pieces[k].end_frame), static_cast<double>(whole[k].end_frame), 3);
    EXPECT_NEAR(pieces[k].rate, whole[k].rate, 0.01 * std::max(1.0, whole[k].rate));
    EXPECT_NEAR(pieces[k].total, whole[k].total, 0.01 * std::max(1.0, whole[k].total));
  }
  EXPECT_EQ(pieces[1].label, film::MovementLabel::PanRight);
  EXPECT_NEAR(pieces[1].rate, 6.0, 0.1);
  EXPECT_NEAR(pieces[1].total, 6.0 * 0.35 * 360, 3.0);
}

}  // namespace
}  // namespace cranes::analysis
