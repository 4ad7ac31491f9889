// SPDX-License-Identifier: MIT
#include "cranes/analysis/frame_context.hpp"

#include <opencv2/imgproc.hpp>

namespace cranes::analysis {

const cv::Mat& FrameContext::grey_half() {
  if (m_half.empty() && !grey().empty())
    cv::resize(grey(), m_half, cv::Size(std::max(1, grey().cols / 2), std::max(1, grey().rows / 2)), 0, 0,
               cv::INTER_AREA);
  return m_half;
}

const cv::Mat& FrameContext::histogram() {
  if (m_hist.empty() && !grey().empty()) {
    int hist[64] = {};
    for (int y = 0; y < grey().rows; ++y) {
      const uint8_t* row = grey().ptr<uint8_t>(y);
      for (int x = 0; x < grey().cols; ++x) ++hist[row[x] >> 2];
    }
    m_hist.create(1, 64, CV_32F);
    const float n = static_cast<float>(grey().total());
    for (int i = 0; i < 64; ++i) m_hist.at<float>(i) = hist[i] / n;
  }
  return m_hist;
}

double FrameContext::mean_luma() {
  if (!m_mean) m_mean = grey().empty() ? 0.0 : cv::mean(grey())[0];
  return *m_mean;
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
