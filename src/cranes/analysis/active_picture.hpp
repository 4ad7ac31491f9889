// SPDX-License-Identifier: MIT
// The active picture inside letterbox / pillarbox bars, from full-resolution luma on key frames (as FFmpeg's
// cropdetect, but a bar must be black in EVERY frame and show a sharp picture edge beside it in enough
// frames, so night scenes, fades and all-black frames never make bars). Cheap per-row / per-column statistics
// on a sub-sampled grid feed a histogram per side; memory is O(width + height) whatever the film's length.
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace cranes::analysis {

class ActivePicture {
 public:
  /// Full-resolution luma, CV_8UC1, full range (black = 0..~20). Empty or other-type images are ignored; a
  /// change of size starts the evidence afresh.
  void add(const cv::Mat& luma);

  struct Result {
    cv::Rect area;           ///< the active picture, in luma pixel coordinates
    double aspect = 0;       ///< display aspect ratio of `area` (width * sample aspect ratio / height)
    std::string name;        ///< nearest of "1.33", "1.37", ... "2.39" within kNameTolerance, else ""
    bool letterbox = false;  ///< bars above and below (each at least kMinBarFraction of the height)
    bool pillarbox = false;  ///< bars left and right (each at least kMinBarFraction of the width)
    int frames = 0;          ///< frames seen
    bool known = false;      ///< enough frames with picture content to decide (bars or none)
  };
  Result result(double sample_aspect_ratio = 1.0) const;

  /// The running estimate after the frames seen so far: the full frame until evidence says otherwise.
  cv::Rect current() const;

  /// A pixel above this (0..255) is picture, not bar: bars of digital transfers are 0..~20 with compression
  /// noise.
  static constexpr int kBlackLevel = 40;
  /// A row (column) is bar while at most this fraction of its samples is above kBlackLevel (ringing, sparks).
  static constexpr double kBarMaxBright = 0.02;
  /// A row (column) is a picture edge when at least this fraction of its central samples is above
  /// kBlackLevel.
  static constexpr double kEdgeMinBright = 0.35;
  /// At a bar's edge, at least this fraction of the rise from the last black line to the picture 8 lines
  /// further in happens within the first two lines.
  static constexpr double kEdgeSharpness = 0.7;
  /// No bar is wider than this fraction of the frame (2.39 inside 4:3 has bars of 0.22).
  static constexpr double kMaxBarFraction = 0.35;
  /// Frames with a sharp edge at the bar needed: at least kMinEdgeFrames and this fraction of the content
  /// frames.
  static constexpr int kMinEdgeFrames = 3;
  static constexpr double kMinEdgeShare = 0.2;
  /// Bars thinner than this fraction of the frame (scanning edges) are cropped but do not make a letterbox.
  static constexpr double kMinBarFraction = 0.01;
  static constexpr double kNameTolerance = 0.03;

 private:
  enum Side { Top, Bottom, Left, Right };
  struct SideState {
    int min_extent = 0;            ///< bar rows (columns) present in every frame so far
    std::vector<int> edge_frames;  ///< [e]: frames whose bar ended at e with a sharp picture edge after it
  };
  void reset(cv::Size size);
  int bar(const SideState& s) const;

  cv::Size m_size;
  int m_frames = 0;
  int m_content_frames = 0;  ///< frames that are not black all over
  std::array<SideState, 4> m_sides;
  std::vector<int> m_count_rows, m_count_cols, m_edge_rows, m_edge_cols, m_sum_rows, m_sum_cols;  ///< scratch
};

}  // namespace cranes::analysis
