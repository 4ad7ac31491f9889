// SPDX-License-Identifier: MIT
// Randomness that any frame can look up alone, the same on every machine: a 64-bit mixer (SplitMix64's
// finaliser), a uniform value from a hash of (seed, stream, index), and a smooth random signal of time
// (value noise eased between knots). The synthetic footage's camera, fire and old print use it, and so does
// the look's old-film operation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace cranes {

inline uint64_t mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// Uniform in [0, 1) from a hash of (seed, stream, index): per-frame randomness that any frame can look up
/// alone.
inline double hash_uniform(uint64_t seed, uint64_t stream, uint64_t index) {
  const uint64_t h = mix(mix(mix(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) ^ stream) ^ index);
  return static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0);
}

/// 3e^2 - 2e^3 of e clamped to [0, 1].
inline double smoothstep(double e) {
  e = std::clamp(e, 0.0, 1.0);
  return e * e * (3 - 2 * e);
}

/// A smooth random signal of frame time t in [-1, 1]: value noise with a knot every `period` frames, eased
/// between knots (smoothstep, so it never overshoots and changes by at most 3 / period per frame).
inline double smooth_noise(uint64_t seed, uint64_t stream, double t, double period) {
  const double x = t / period, i = std::floor(x);
  const auto k = static_cast<uint64_t>(static_cast<int64_t>(i));
  const double v0 = 2 * hash_uniform(seed, stream, k) - 1, v1 = 2 * hash_uniform(seed, stream, k + 1) - 1;
  return v0 + (v1 - v0) * smoothstep(x - i);
}

}  // namespace cranes
