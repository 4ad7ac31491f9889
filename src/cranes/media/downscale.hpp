// SPDX-License-Identifier: MIT
// Shrinking a picture by exact 2x2 box averages (OpenCV's vectorised INTER_AREA path, no resampling) while it
// stays at least `at_least` in both directions: the cheap first steps of every downscale in the project, the
// last short step being left to the caller. `a` and `b` are reused buffers the halvings alternate between.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cranes::media {

/// Two of those halvings at once (4x4 blocks, the same two roundings, the same result): the half-size picture
/// in between never leaves the cache, which a 1080p frame's would (about twice as fast there). CV_8UC1 only.
void quarter(const cv::Mat& src, cv::Mat& dst);

/// `src` itself when it is already under twice `at_least`; otherwise a view of `a` or `b`.
inline cv::Mat halve_while(const cv::Mat& src, cv::Size at_least, cv::Mat& a, cv::Mat& b) {
  cv::Mat out = src;
  while (out.cols >= 2 * at_least.width && out.rows >= 2 * at_least.height) {
    cv::Mat& dst = out.data == a.data ? b : a;
    if (out.type() == CV_8UC1 && out.cols / 2 >= 2 * at_least.width && out.rows / 2 >= 2 * at_least.height)
      quarter(out, dst);
    else
      cv::resize(out(cv::Rect(0, 0, out.cols & ~1, out.rows & ~1)), dst, cv::Size(out.cols / 2, out.rows / 2),
                 0, 0, cv::INTER_AREA);
    out = dst;
  }
  return out;
}

}  // namespace cranes::media
