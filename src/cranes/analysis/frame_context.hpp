// SPDX-License-Identifier: MIT
// Per-frame derived images, computed at most once and shared by every analyzer (a blurred grey proxy, a small
// grey thumbnail, a luma histogram), so adding an analyzer does not add another pass over the pixels.
#pragma once

#include <opencv2/core.hpp>
#include <optional>

#include "cranes/media/frame_source.hpp"

namespace cranes::analysis {

class FrameContext {
 public:
  explicit FrameContext(const media::Frame& frame) : m_frame(frame) {}

  const media::Frame& frame() const { return m_frame; }
  /// The grey proxy (CV_8UC1), display orientation.
  const cv::Mat& grey() const { return m_frame.grey; }
  /// The grey proxy halved (area average), for coarse comparisons.
  const cv::Mat& grey_half();
  /// 64-bin luma histogram of the grey proxy, normalised to sum 1 (CV_32F, 1x64).
  const cv::Mat& histogram();
  /// Mean luma of the grey proxy, 0..255.
  double mean_luma();

 private:
  const media::Frame& m_frame;
  cv::Mat m_half, m_hist;
  std::optional<double> m_mean;
};

}  // namespace cranes::analysis
