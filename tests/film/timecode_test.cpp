// SPDX-License-Identifier: MIT
// SMPTE 12M labels land on the published checkpoints (drop-frame minutes and hours at 29.97 and 59.94,
// non-drop 23.976 counting at 24) and invert exactly; clock labels round to the millisecond.
#include "cranes/film/timecode.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "cranes/core/error.hpp"

namespace cranes::film {
namespace {

constexpr Rational k2997{30000, 1001};
constexpr Rational k5994{60000, 1001};
constexpr Rational k23976{24000, 1001};

TEST(TimecodeTest, DropFrameCheckpointsAt2997) {
  EXPECT_EQ(smpte_timecode(0, k2997), "00:00:00;00");
  EXPECT_EQ(smpte_timecode(1799, k2997), "00:00:59;29");
  EXPECT_EQ(smpte_timecode(1800, k2997), "00:01:00;02");
  EXPECT_EQ(smpte_timecode(3597, k2997), "00:01:59;29");
  EXPECT_EQ(smpte_timecode(3598, k2997), "00:02:00;02");
  EXPECT_EQ(smpte_timecode(17981, k2997), "00:09:59;29");
  EXPECT_EQ(smpte_timecode(17982, k2997), "00:10:00;00");
  EXPECT_EQ(smpte_timecode(17983, k2997), "00:10:00;01");
  EXPECT_EQ(smpte_timecode(19782, k2997), "00:11:00;02");
  EXPECT_EQ(smpte_timecode(107892, k2997), "01:00:00;00");
}

TEST(TimecodeTest, DropFrameCheckpointsAt5994DropFour) {
  EXPECT_EQ(smpte_timecode(3599, k5994), "00:00:59;59");
  EXPECT_EQ(smpte_timecode(3600, k5994), "00:01:00;04");
  EXPECT_EQ(smpte_timecode(35964, k5994), "00:10:00;00");
  EXPECT_EQ(smpte_timecode(215784, k5994), "01:00:00;00");
}

TEST(TimecodeTest, NtscFilmRateIsNonDropAt24) {
  EXPECT_EQ(smpte_timecode(86400, k23976), "01:00:00:00");
  EXPECT_EQ(smpte_timecode(23, k23976), "00:00:00:23");
  EXPECT_EQ(smpte_timecode(24, k23976), "00:00:01:00");
  EXPECT_FALSE(timecode_base(k23976).drop_frame());
  EXPECT_TRUE(timecode_base(k23976).ntsc);
}

TEST(TimecodeTest, IntegerRatesAreExact) {
  EXPECT_EQ(smpte_timecode(86400, {24, 1}), "01:00:00:00");
  EXPECT_EQ(smpte_timecode(90000, {25, 1}), "01:00:00:00");
  EXPECT_EQ(smpte_timecode(90024, {25, 1}), "01:00:00:24");
  EXPECT_EQ(smpte_timecode(108000, {30, 1}), "01:00:00:00");
  EXPECT_EQ(smpte_timecode(180000 + 59, {50, 1}), "01:00:01:09");
  EXPECT_EQ(smpte_timecode(216000, {60, 1}), "01:00:00:00");
  EXPECT_FALSE(timecode_base({30, 1}).drop_frame());
  EXPECT_FALSE(timecode_base({30, 1}).ntsc);
}

TEST(TimecodeTest, DropFrameCanBeTurnedOff) {
  EXPECT_EQ(smpte_timecode(1800, k2997, false), "00:01:00:00");
  EXPECT_EQ(smpte_timecode(107892, k2997, false), "00:59:56:12");
}

TEST(TimecodeTest, RoundedNtscRateIsRecognised) {
  EXPECT_EQ(smpte_timecode(1800, {2997, 100}), "00:01:00;02");
  EXPECT_EQ(timecode_base({2997, 100}).rate, 30);
}

TEST(TimecodeTest, HoursDoNotWrapAndNegativeIsSigned) {
  EXPECT_EQ(smpte_timecode(25 * 3600 * 25, {25, 1}), "25:00:00:00");
  EXPECT_EQ(smpte_timecode(-25, {25, 1}), "-00:00:01:00");
}

TEST(TimecodeTest, LabelsInvertExactlyAndIncrease) {
  for (Rational fps : {k2997, k5994, k23976, Rational{25, 1}}) {
    std::string previous;
    for (int64_t n = 0; n < 80000; n += 7) {
      const std::string tc = smpte_timecode(n, fps);
      ASSERT_EQ(frame_from_smpte(tc, fps), n) << tc;
      ASSERT_LT(previous, tc);
      previous = tc;
    }
  }
}

TEST(TimecodeTest, ParsingRefusesDroppedNumbersAndJunk) {
  EXPECT_EQ(frame_from_smpte("00:01:00;02", k2997), 1800);
  EXPECT_EQ(frame_from_smpte("01:00:00;00", k2997), 107892);
  EXPECT_THROW(frame_from_smpte("00:01:00;00", k2997), Error);
  EXPECT_THROW(frame_from_smpte("00:00:00:30", k2997), Error);
  EXPECT_THROW(frame_from_smpte("1:2", {25, 1}), Error);
  EXPECT_THROW(frame_from_smpte("00:00:00:00x", {25, 1}), Error);
}

TEST(TimecodeTest, InvalidRateThrows) {
  EXPECT_THROW(smpte_timecode(10, {0, 1}), Error);
  EXPECT_THROW(smpte_timecode(10, {25, 0}), Error);
  EXPECT_EQ(timecode_base({0, 1}).rate, 0);
}

TEST(TimecodeTest, ClockTimecodeRoundsToMilliseconds) {
  EXPECT_EQ(clock_timecode(0.0), "00:00:00.000");
  EXPECT_EQ(clock_timecode(1.5), "00:00:01.500");
  EXPECT_EQ(clock_timecode(3725.0625), "01:02:05.063");
  EXPECT_EQ(clock_timecode(59.9996), "00:01:00.000");
  EXPECT_EQ(clock_timecode(-2.25), "-00:00:02.250");
  EXPECT_EQ(clock_timecode(std::nan("")), "00:00:00.000");
}

TEST(TimecodeTest, FrameAtSecondsRounds) {
  EXPECT_EQ(frame_at_seconds(1.5, {30, 1}), 45);
  EXPECT_EQ(frame_at_seconds(60.06, k2997), 1800);
  EXPECT_EQ(frame_at_seconds(1.0, {0, 1}), 0);
}

}  // namespace
}  // namespace cranes::film
