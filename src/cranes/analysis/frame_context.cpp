// SPDX-License-Identifier: MIT
#include "cranes/analysis/frame_context.hpp"

namespace cranes::analysis {

const cv::Mat& FrameContext::full() {
  if (!m_frame.full.empty()) return m_frame.full;
  if (m_frame.picture) return m_frame.picture->bgr();
  return m_empty;
}

const FrameMotion* FrameContext::motion() {
  if (!m_tracker) return nullptr;
  if (!m_motion) m_motion = m_tracker->track(grey());
  return &*m_motion;
}

const Similarity* FrameContext::motion_similarity() {
  return motion() ? &m_tracker->similarity() : nullptr;
}

}  // namespace cranes::analysis
