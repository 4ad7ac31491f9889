// SPDX-License-Identifier: MIT
// Aligning two frames before comparing them: the motion predicted from the frames before, the pass's tracker,
// a phase-correlation shift, a fresh corner track, then descriptors, each tried only while the others have
// not made the frames agree (Effort caps how far it goes).
#include <opencv2/imgproc.hpp>

#include "cranes/analysis/boundaries/common.hpp"

namespace cranes::analysis::boundaries {

BlockMatch Context::aligned_match(const Rec& a, const Rec& b, const AlignRequest& r) const {
  double* const motion = r.motion;
  const Similarity* const predicted = r.predicted;
  Similarity* const used = r.used;
  const bool equalise = r.equalise, coarse = r.coarse;
  const Similarity* const tracked = r.tracked;
  const cv::Mat& la = coarse ? a.coarse : a.detail;
  const cv::Mat& lb = coarse ? b.coarse : b.detail;
  const double gain_a = equalise ? 8.0 / std::max(0.05, coarse ? a.coarse_std : a.detail_std) : 1.0;
  const double gain_b = equalise ? 8.0 / std::max(0.05, coarse ? b.coarse_std : b.detail_std) : 1.0;
  const cv::Mat da = equalise ? cv::Mat(la * gain_a) : la;
  const cv::Mat db = equalise ? cv::Mat(lb * gain_b) : lb;
  BlockMatch best = match(da, db, {}, coarse);
  if (motion) *motion = 0.0;
  if (used) {
    *used = Similarity{};
    used->ok = true;
  }
  if (best.voting >= kMinVoting && best.fraction() >= kSameMatch) return best;
  const double to_thumb = static_cast<double>(thumb_size.width) / std::max(1, a.grey.cols);
  // Warping leaves fewer whole blocks, so an alignment may vote with fewer blocks than the unaligned pair.
  auto good = [&] { return best.voting >= kMinAlignedVoting && best.fraction() >= kSameMatch; };
  auto try_alignment = [&](const Similarity& s_grey) {
    const Similarity s_thumb = s_grey.scaled(to_thumb);
    cv::Mat warped, valid(a.thumb.size(), CV_8U, cv::Scalar(255)), valid_w;
    cv::warpAffine(da, warped, cv::Mat(s_thumb.affine), a.thumb.size(), cv::INTER_LINEAR,
                   cv::BORDER_CONSTANT);
    cv::warpAffine(valid, valid_w, cv::Mat(s_thumb.affine), a.thumb.size(), cv::INTER_NEAREST,
                   cv::BORDER_CONSTANT);
    const BlockMatch m = match(warped, db, valid_w, coarse);
    if (events && events->wants_metrics()) {  // each alignment tried for frame b, from frame a
      events->metric(b.index, "align_from", static_cast<double>(a.index));
      events->metric(b.index, "align_match", m.fraction());
      events->metric(b.index, "align_voting", m.voting);
    }
    if (m.voting >= kMinAlignedVoting &&
        (best.voting < kMinAlignedVoting || m.fraction() > best.fraction())) {
      best = m;
      if (motion) *motion = s_thumb.corner_motion(a.thumb.size());
      if (used) *used = s_grey;
    }
  };
  if (predicted && predicted->ok) {
    try_alignment(*predicted);
    if (good()) return best;
  }
  // The pass's corner tracker (with its descriptor fallback) has already followed this very pair: where it
  // and a shift both fail, tracking afresh would only repeat it.
  if (tracked && tracked->ok) {
    try_alignment(*tracked);
    if (good()) return best;
  }
  double response = 0;
  try_alignment(estimate_translation(a.thumb, b.thumb, &response).scaled(1.0 / to_thumb));
  if (good() || r.effort == Effort::Cheap || tracked) return best;
  const Similarity s = estimate_similarity(a.prepare(), b.prepare(), predicted);
  if (s.ok) try_alignment(s);
  if (good() || r.effort == Effort::Track) return best;
  // Tracking afresh, from no motion at all, only differs from the tracking above when the prediction moved
  // the picture by a pixel or more somewhere.
  if (predicted && predicted->ok &&
      predicted->corner_motion(a.grey.size()) * std::hypot(a.grey.cols, a.grey.rows) >= 1.0) {
    const Similarity s2 = estimate_similarity(a.prepare(), b.prepare());
    if (s2.ok) try_alignment(s2);
    if (good()) return best;
  }
  // Tracking lost (a fast spin with no motion to predict from): match features by descriptor.
  const Similarity s3 = estimate_similarity_features(a.prepare(), b.prepare());
  if (s3.ok) try_alignment(s3);
  return best;
}

}  // namespace cranes::analysis::boundaries
