// SPDX-License-Identifier: MIT
// Shrinking a picture by exact 2x2 box averages (OpenCV's vectorised INTER_AREA path, no resampling) while it stays
// at least `at_least` in both directions: the cheap first steps of every downscale in the project, the last short
// step being left to the caller. `a` and `b` are reused buffers the halvings alternate between.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cranes::media {

/// `src` itself when it is already under twice `at_least`; otherwise a view of `a` or `b`.
inline cv::Mat halve_while(const cv::Mat& src, cv::Size at_least, cv::Mat& a, cv::Mat& b) {
  cv::Mat out = src;
  while (out.cols >= 2 * at_least.width && out.rows >= 2 * at_least.height) {
    cv::Mat& dst = out.data == a.data ? b : a;
    cv::resize(out(cv::Rect(0, 0, out.cols & ~1, out.rows & ~1)), dst, cv::Size(out.cols / 2, out.rows / 2), 0, 0,
               cv::INTER_AREA);
    out = dst;
  }
  return out;
}

}  // namespace cranes::media
