// SPDX-License-Identifier: MIT
// Per-frame derived data, computed at most once and shared by every analyzer (the camera motion from the
// previous frame, the full-size colour picture), so adding an analyzer does not add another pass over the
// pixels or another tracker. Everything is made on demand: a full-size frame is converted only for the frames
// an analyzer asks for (libvips-style demand), never for the others.
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
  /// The full-size BGR picture (CV_8UC3, display orientation): the decoder's copy when every frame was asked
  /// for (Needs::every_full_frame), else converted now from the kept picture (Needs::chosen_full_frames);
  /// empty when no analyzer declared either.
  const cv::Mat& full();
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
  cv::Mat m_empty;
};

}  // namespace cranes::analysis
