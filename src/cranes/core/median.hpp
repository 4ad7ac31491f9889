// SPDX-License-Identifier: MIT
// The median of a set of values (the mean of the two middle ones when the count is even; 0 for none).
#pragma once

#include <algorithm>
#include <vector>

namespace cranes {

inline double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace cranes
