// SPDX-License-Identifier: MIT
// Order statistics, each rule named once. `median` averages the two middle values of an even count (the
// statistics' median: shot lengths, lens estimates). `nearest_rank` takes the value at rank round(q (n - 1))
// (a value that occurs in the data: robust centres of frame rates); `floor_rank` takes rank floor(q (n - 1))
// (the tracker's point statistics). Each returns 0 for no values.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace cranes {

inline double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

template <class T>
T nearest_rank(std::vector<T> v, double q) {
  if (v.empty()) return T{};
  const auto at = v.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), at, v.end());
  return *at;
}

/// Reorders `v` (no copy: it is called on the tracker's per-point vectors every frame).
template <class T>
T floor_rank(std::vector<T>& v, double q) {
  if (v.empty()) return T{};
  const auto k = static_cast<size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace cranes
