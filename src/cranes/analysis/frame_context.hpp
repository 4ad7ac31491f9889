// SPDX-License-Identifier: MIT
// Per-frame derived data, computed at most once and shared by every analyzer (a halved grey proxy, a luma
// histogram, the camera motion from the previous frame), so adding an analyzer does not add another pass over
// the pixels or another tracker.
#pragma once

#include <opencv2/core.hpp>
#include <optional>

#include "cranes/analysis/motion_tracker.hpp"
#include "cranes/media/frame_source.hpp"

namespace cranes::analysis {

class FrameContext {
 public:
  /// `tracker`: the pass's one corner tracker, fed every frame in order (null when no analyzer wants motion).
  explicit FrameContext(const media::Frame& frame, MotionTracker* tracker = nullptr)
      : m_frame(frame), m_tracker(tracker) {}

  const media::Frame& frame() const { return m_frame; }
  /// The grey proxy (CV_8UC1), display orientation.
  const cv::Mat& grey() const { return m_frame.grey; }
  /// The grey proxy halved (area average), for coarse comparisons.
  const cv::Mat& grey_half();
  /// 64-bin luma histogram of the grey proxy, normalised to sum 1 (CV_32F, 1x64).
  const cv::Mat& histogram();
  /// Mean luma of the grey proxy, 0..255.
  double mean_luma();
  /// Camera motion from the previous frame (motion_tracker.hpp), tracked on first use; null when the pass
  /// keeps no tracker (no analyzer asked for one with Analyzer::tracks_motion).
  const FrameMotion* motion();
  /// The similarity behind `motion()` (grey-proxy pixels, previous frame to this one); null as above, ok =
  /// false when the tracker found none.
  const Similarity* motion_similarity();

 private:
  const media::Frame& m_frame;
  MotionTracker* m_tracker;
  std::optional<FrameMotion> m_motion;
  cv::Mat m_half, m_hist;
  std::optional<double> m_mean;
};

}  // namespace cranes::analysis
