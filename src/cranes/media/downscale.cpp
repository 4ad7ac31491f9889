// SPDX-License-Identifier: MIT
#include "cranes/media/downscale.hpp"

#include <cstdint>

namespace cranes::media {

void quarter(const cv::Mat& src, cv::Mat& dst) {
  CV_Assert(src.type() == CV_8UC1);
  // As two halvings would: each drops an odd last row and column, and rounds its 2x2 mean to nearest.
  const int width = src.cols / 2 / 2, height = src.rows / 2 / 2;
  dst.create(height, width, CV_8UC1);
  for (int y = 0; y < height; ++y) {
    const uint8_t* __restrict s0 = src.ptr<uint8_t>(4 * y);
    const uint8_t* __restrict s1 = src.ptr<uint8_t>(4 * y + 1);
    const uint8_t* __restrict s2 = src.ptr<uint8_t>(4 * y + 2);
    const uint8_t* __restrict s3 = src.ptr<uint8_t>(4 * y + 3);
    uint8_t* __restrict d = dst.ptr<uint8_t>(y);
    for (int x = 0; x < width; ++x) {
      const int c = 4 * x;
      const unsigned top_left = (s0[c] + s0[c + 1] + s1[c] + s1[c + 1] + 2u) >> 2;
      const unsigned top_right = (s0[c + 2] + s0[c + 3] + s1[c + 2] + s1[c + 3] + 2u) >> 2;
      const unsigned bottom_left = (s2[c] + s2[c + 1] + s3[c] + s3[c + 1] + 2u) >> 2;
      const unsigned bottom_right = (s2[c + 2] + s2[c + 3] + s3[c + 2] + s3[c + 3] + 2u) >> 2;
      d[x] = static_cast<uint8_t>((top_left + top_right + bottom_left + bottom_right + 2u) >> 2);
    }
  }
}

}  // namespace cranes::media
