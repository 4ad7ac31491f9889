// SPDX-License-Identifier: MIT
// "Is this still the same picture?" as a fraction of image blocks whose normalised cross-correlation stays
// high. Per-block normalisation makes it blind to exposure jumps, flicker and fades; counting blocks (not
// averaging pixels) makes it robust to a person crossing part of the frame. Blocks without texture carry no
// vote.
#pragma once

#include <opencv2/core.hpp>

namespace cranes::analysis {

struct BlockMatch {
  int voting = 0;    ///< blocks textured in both images (inside the valid area)
  int matching = 0;  ///< of those, blocks whose correlation is at least the threshold
  double fraction() const { return voting > 0 ? static_cast<double>(matching) / voting : 1.0; }
};

/// Compares `a` and `b` (CV_32FC1, same size) on a cols x rows grid. `valid` (CV_8UC1, optional) marks pixels
/// of `a` that exist (after warping); blocks less than 90 % valid are skipped. With `either`, a block votes
/// when it is textured in one image only (and then cannot match): texture that appears or vanishes counts as
/// change.
BlockMatch block_match(const cv::Mat& a, const cv::Mat& b, const cv::Mat& valid = {}, int cols = 8,
                       int rows = 6, double min_std = 2.0, double min_ncc = 0.5, bool either = false);

}  // namespace cranes::analysis
