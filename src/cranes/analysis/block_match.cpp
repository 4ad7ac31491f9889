// SPDX-License-Identifier: MIT
#include "cranes/analysis/block_match.hpp"

#include <algorithm>
#include <cmath>

namespace cranes::analysis {

BlockMatch block_match(const cv::Mat& a, const cv::Mat& b, const cv::Mat& valid, int cols, int rows,
                       double min_std, double min_ncc, bool either) {
  BlockMatch m;
  cols = std::max(1, std::min(cols, a.cols / 4));
  rows = std::max(1, std::min(rows, a.rows / 4));
  for (int by = 0; by < rows; ++by) {
    const int y0 = by * a.rows / rows, y1 = (by + 1) * a.rows / rows;
    for (int bx = 0; bx < cols; ++bx) {
      const int x0 = bx * a.cols / cols, x1 = (bx + 1) * a.cols / cols;
      double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
      int n = 0, total = 0;
      for (int y = y0; y < y1; ++y) {
        const float* pa = a.ptr<float>(y);
        const float* pb = b.ptr<float>(y);
        const uint8_t* pv = valid.empty() ? nullptr : valid.ptr<uint8_t>(y);
        for (int x = x0; x < x1; ++x) {
          ++total;
          if (pv && !pv[x]) continue;
          const double va = pa[x], vb = pb[x];
          sa += va;
          sb += vb;
          saa += va * va;
          sbb += vb * vb;
          sab += va * vb;
          ++n;
        }
      }
      if (n < 4 || n < total * 9 / 10) continue;
      const double ma = sa / n, mb = sb / n;
      const double var_a = saa / n - ma * ma, var_b = sbb / n - mb * mb;
      const double floor = min_std * min_std;
      const bool ta = var_a >= floor, tb = var_b >= floor;
      if (!(ta && tb) && !(either && (ta || tb))) continue;
      ++m.voting;
      if (!(ta && tb)) continue;
      const double ncc = (sab / n - ma * mb) / std::sqrt(var_a * var_b);
      if (ncc >= min_ncc) ++m.matching;
    }
  }
  return m;
}

}  // namespace cranes::analysis
