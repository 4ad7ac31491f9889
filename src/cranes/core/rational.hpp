// SPDX-License-Identifier: MIT
// Rational time, kept as libav keeps it (pts in units of a time base), and turned into seconds or timecode
// only at the edges. Variable frame rate then needs no special case: every frame carries its own timestamp.
#pragma once

#include <cstdint>
#include <numeric>

namespace cranes {

struct Rational {
  int64_t num = 0;
  int64_t den = 1;

  double to_double() const { return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den); }
  bool valid() const { return num > 0 && den > 0; }
  Rational reduced() const {
    const int64_t g = std::gcd(num, den);
    return g == 0 ? *this : Rational{num / g, den / g};
  }
  friend bool operator==(const Rational&, const Rational&) = default;
};

/// A presentation timestamp: `pts` ticks of `time_base` seconds each.
struct Timestamp {
  int64_t pts = 0;
  Rational time_base{1, 1};

  double seconds() const { return static_cast<double>(pts) * time_base.to_double(); }
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

}  // namespace cranes
