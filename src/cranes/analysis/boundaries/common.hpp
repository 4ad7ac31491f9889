// SPDX-License-Identifier: MIT
// What the three boundary detectors share: each frame's record (its proxy, thumbnail and bands, and how it
// compared with the frame before), the ring of recent records and the longer history of thumbnails, the
// alignment of two frames, and where a decided transition goes.
#pragma once

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <vector>

#include "cranes/analysis/analyzer.hpp"
#include "cranes/analysis/block_match.hpp"
#include "cranes/analysis/global_motion.hpp"
#include "cranes/film/film.hpp"

namespace cranes::analysis::boundaries {

// The analyzer's options, with their defaults; its table (boundaries.cpp) fills them from the command line.
// The constants below them are the detectors' inner workings, each named with its reason.
struct Options {
  double cut_match = 0.35;
  double flash_s = 0.8;
  double jump_motion = 0.04;
  double jump_still = 3;     ///< frames each side of a jump cut that must barely move
  double whip_sweep = 0.06;  ///< motion a frame (of the diagonal) both sides of a candidate: a whip pan
  double dissolve_residual = 0.2;
  double flat_std = 3.0;
  double caption_share = 0.03;  ///< of the thumbnail's pixels left out of its whole-picture contrast
  double min_shot_s = 0.2;
};

constexpr int kThumbWidth = 128;
constexpr int kLags[] = {2, 3, 4, 6, 8, 12, 16};
constexpr int kMaxLag = 16;
// Long dissolves between moving shots: half-windows of these lengths (windows of 24 to 100 frames), each
// shot's drift measured over kLongBaseline frames by a phase correlation at least this peaked.
constexpr int kLongLags[] = {12, 16, 20, 25, 31, 38, 44, 50};
constexpr int kLongBaseline = 8;
constexpr double kLongMinResponse = 0.05;
constexpr double kLongBlendDetail = 0.85;  // the middle's fine-band spread, of the larger end's at most
constexpr double kLongUnlike = 0.3;        // the moved ends' fine bands correlate less than this
constexpr double kLongSameLayout = 0.75;   // moved ends this correlated, and with this share of their
constexpr double kLongSameBlocks = 0.35;   // blocks matching, are one picture changed, not two
constexpr int64_t kFlickerReach = 3;       // frames each side whose mean level a frame is held to,
constexpr double kMaxFlicker = 1.35;       // unless their levels spread wider than this ratio
constexpr int64_t kLongReach = 24;     // frames beyond the long windows' middles that the edges are fitted on
constexpr double kRampMisfit = 0.005;  // mean squared misfit of the blend weights to a linear ramp
constexpr size_t kHistoryFrames = 192;  // ~14 MB of thumbnails and fine bands: dissolves up to ~5 s at 25 fps
constexpr int kMinDissolveWindows = 2;
constexpr double kPlainDetailStd = 2.5;  // below this a frame has no fine structure to speak of
// How hard aligned_match tries: the predicted motion and a shift; also the tracker; also descriptors.
enum class Effort { Cheap, Track, Full };

// What aligned_match is asked, by name. `predicted` (grey-proxy pixels) is the motion expected from the
// frames before: tried first, and it seeds the tracker. `tracked`: the pass's tracker already followed this
// very pair. `motion` gets the corner motion of the alignment used (0 when none was needed), `used` the
// alignment that won. `equalise` compares structure regardless of contrast (a dark frame of a fade against
// the full picture); `coarse` compares the lower band (pictures with little fine texture).
struct AlignRequest {
  double* motion = nullptr;
  const Similarity* predicted = nullptr;
  Similarity* used = nullptr;
  bool equalise = false;
  bool coarse = false;
  Effort effort = Effort::Full;
  const Similarity* tracked = nullptr;
};
constexpr int kMinDissolveLag = 3;        // so the shortest dissolve found is about 5 frames
constexpr double kCutInsideMatch = 0.15;  // a pair this unlike inside a window is a cut, not a blend step
constexpr double kSameMatch = 0.6;        // block match above which no alignment is needed
constexpr double kReturnMatch = 0.5;      // a later frame this close to the frame before a candidate: a flash
constexpr int kMinVoting = 6;             // fewer voting blocks: the pair cannot be judged
constexpr int kMinCoarseVoting = 4;       // ... on the coarse 4x3 grid
constexpr int kMinAlignedVoting = 3;      // ... after warping, where border blocks fall out
constexpr double kMinDetailStd = 1.0;     // band-pass contrast a block needs to vote
constexpr double kSteadyShare = 0.1,
                 kSteadyLevels = 2.0;  // a frame "looks as" another within this share (+ levels)

struct Rec {
  int64_t index = 0;
  cv::Mat grey;    // the proxy (shared, not copied)
  cv::Mat thumb;   // CV_32F, kThumbWidth wide, slightly blurred
  cv::Mat detail;  // band-pass of thumb (thumb minus a wider blur): fine structure, blind to smooth ramps
  double detail_std = 0;
  cv::Mat coarse;  // a lower band (wider blurs): structure of pictures with little fine texture
  double coarse_std = 0;
  double mean = 0, std = 0;
  // The contrast of the picture as a whole: the spread of the thumbnail without the few pixels farthest from
  // its median (Options::caption_share), so that a caption or a logo that stays through a fade does not hold
  // it up.
  double core_std = 0;
  bool flat = false;
  bool judged = false;       // enough texture to compare with the previous frame
  double match_prev = 1.0;   // block match with the (aligned) previous frame
  double motion_prev = 0.0;  // corner motion of the alignment that was needed (0 when none)
  Similarity sim_prev;       // that alignment, in grey-proxy pixels (identity, ok, when none was needed)
  // The estimators' view of `grey`, made when first needed: the frame before a cut is tracked from several
  // times.
  mutable std::shared_ptr<PreparedFrame> prepared;
  PreparedFrame& prepare() const {
    if (!prepared) prepared = std::make_shared<PreparedFrame>(grey);
    return *prepared;
  }
};

// Normalised correlation of two thumbnails, with each frame's mean and spread computed once.
inline double thumb_ncc(const Rec& a, const Rec& b) {
  return (a.thumb.dot(b.thumb) / static_cast<double>(a.thumb.total()) - a.mean * b.mean) /
         std::max(1e-9, a.std * b.std);
}

// The coarse band has fewer independent samples a block, so it is judged on bigger blocks.
inline BlockMatch match(const cv::Mat& a, const cv::Mat& b, const cv::Mat& valid = {}, bool coarse = false) {
  return coarse ? block_match(a, b, valid, 4, 3, kMinDetailStd, 0.5, true)
                : block_match(a, b, valid, 8, 6, kMinDetailStd, 0.5);
}

// The recent frames, the alignment between two of them, and the list of transitions decided so far.
struct Context {
  std::deque<Rec> ring;
  struct Past {
    int64_t index;
    cv::Mat thumb, detail;  // Rec's, shared
    double detail_std, mean;
  };
  std::deque<Past> thumbs;  // thumbnails and their fine band, long enough to span a dissolve
  std::vector<film::Transition> decided;
  PassEvents* events = nullptr;
  cv::Size thumb_size{96, 54};
  int lookahead = 10;  // frames in the flash window

  const Rec* rec(int64_t index) const {
    if (ring.empty()) return nullptr;
    const int64_t first = ring.front().index;
    if (index < first || index > ring.back().index) return nullptr;
    return &ring[static_cast<size_t>(index - first)];
  }
  const cv::Mat* history(int64_t index) const {
    const Past* p = past(index);
    return p ? &p->thumb : nullptr;
  }
  const Past* past(int64_t index) const {
    if (thumbs.empty()) return nullptr;
    const int64_t first = thumbs.front().index;
    if (index < first || index > thumbs.back().index) return nullptr;
    return &thumbs[static_cast<size_t>(index - first)];
  }
  // A transition decided: kept for finish and published at once, for analyzers that follow the shots as the
  // stream runs (stills).
  void found(const film::Transition& t) {
    decided.push_back(t);
    if (events) events->publish(t);
  }
  // Block match of `b` against `a` after the best global-motion compensation (AlignRequest says how;
  // aligner.cpp).
  BlockMatch aligned_match(const Rec& a, const Rec& b, const AlignRequest& r) const;
};

}  // namespace cranes::analysis::boundaries
