// SPDX-License-Identifier: MIT
// Shot boundaries in one pass over small grey proxies.
// - Hard cut: a frame that no global motion explains. Consecutive 128-px thumbnails are compared block by
// block
//   (normalised correlation, so exposure and flicker do not count); when they disagree, the previous frame is
//   motion-compensated (phase correlation, then a KLT similarity for rotation and zoom) and compared again. A
//   frame that still disagrees is a candidate; it is dropped when a frame within the flash window matches the
//   frame before it again (flashes, lightning, something crossing the lens). A candidate that only a large,
//   sudden motion explains (a jump cut within one picture) is kept when the frames around it barely move:
//   camera motion is continuous.
// - Dissolve: inside a linear cross-fade every frame is the average of two frames equally far before and
// after it;
//   windows of 4..32 frames whose ends are different pictures and whose midpoint (and quarter points) are
//   such averages are merged into one dissolve.
// - Fade: a run of solid-colour frames; the fade-out is the run of frames before it whose contrast falls
// steadily,
//   the fade-in the run after it whose contrast rises. A short solid run whose neighbours match is a flash.
// Decisions wait for a short look-ahead (the flash window): memory is a ring of a few dozen proxies, a
// 192-thumbnail history (~7 MB) and one start time per frame (8 bytes a frame; docs/boundaries.md).
#include "cranes/analysis/boundaries.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <opencv2/imgproc.hpp>

#include "cranes/analysis/block_match.hpp"
#include "cranes/analysis/frame_context.hpp"
#include "cranes/analysis/global_motion.hpp"
#include "cranes/film/shots.hpp"

namespace cranes::analysis {

namespace {

constexpr ParamSpec kParams[] = {
    {"cut-match",
     "A frame starts a new shot when fewer than this fraction of its textured blocks still match the "
     "motion-compensated previous frame",
     "", 0.35, 0.05, 0.95},
    {"flash-window",
     "A candidate cut is a flash (or something crossing the lens) when a frame within this time "
     "matches the frame before it again",
     "s", 0.8, 0.0, 3.0},
    {"jump-motion",
     "A sudden motion larger than this (fraction of the frame diagonal) between still frames is a "
     "jump cut",
     "", 0.12, 0.02, 1.0},
    {"dissolve-residual",
     "How far a frame may be from the average of its neighbours and still be part of a "
     "dissolve (fraction of their difference)",
     "", 0.2, 0.01, 0.6},
    {"flat-std",
     "A frame whose contrast (standard deviation of the blurred thumbnail) is below this is a solid "
     "colour (fades)",
     "grey levels", 3.0, 0.1, 30.0},
    {"min-shot", "Cuts closer than this to the previous boundary are ignored", "s", 0.2, 0.0, 10.0},
};

constexpr int kThumbWidth = 128;
constexpr int kLags[] = {2, 3, 4, 6, 8, 12, 16};
constexpr int kMaxLag = 16;
constexpr double kRampMisfit = 0.005;   // mean squared misfit of the blend weights to a linear ramp
constexpr size_t kHistoryFrames = 192;  // ~7 MB of thumbnails: dissolves up to ~5 s at 25 fps
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

class BoundaryAnalyzer final : public Analyzer {
 public:
  explicit BoundaryAnalyzer(const ParamSet& p)
      : m_cut_match(p.get("cut-match")),
        m_flash_s(p.get("flash-window")),
        m_jump_motion(p.get("jump-motion")),
        m_dissolve_residual(p.get("dissolve-residual")),
        m_flat_std(p.get("flat-std")),
        m_min_shot_s(p.get("min-shot")) {}

  std::string_view name() const override { return "boundaries"; }

  void begin(const media::VideoInfo& info, cv::Size grey, PassEvents& events) override {
    m_events = &events;
    const double fps = info.fps_average.valid()   ? info.fps_average.to_double()
                       : info.fps_nominal.valid() ? info.fps_nominal.to_double()
                                                  : 25.0;
    m_lookahead = std::max(2, static_cast<int>(std::lround(m_flash_s * fps)));
    m_ring_size = static_cast<size_t>(std::max(2 * kMaxLag + 2, 2 * m_lookahead + 3));  // look ahead and back
    const int w = std::min(kThumbWidth, std::max(1, grey.width));
    m_thumb_size = cv::Size(w, std::max(8, static_cast<int>(std::lround(static_cast<double>(w) * grey.height /
                                                                        std::max(1, grey.width)))));
  }

  void process(const media::Frame& frame, FrameContext& ctx) override {
    Rec r;
    r.index = frame.index;
    r.grey = ctx.grey();
    cv::Mat small;
    if (r.grey.cols >= 2 * m_thumb_size.width && r.grey.rows >= 2 * m_thumb_size.height) {
      // Halve (fast 2x2 box average), then a short bilinear step: an area resize at 2.5x costs eight times
      // more.
      cv::Mat half;
      cv::resize(r.grey(cv::Rect(0, 0, r.grey.cols & ~1, r.grey.rows & ~1)), half,
                 cv::Size(r.grey.cols / 2, r.grey.rows / 2), 0, 0, cv::INTER_AREA);
      cv::resize(half, small, m_thumb_size, 0, 0, cv::INTER_LINEAR);
    } else {
      cv::resize(r.grey, small, m_thumb_size, 0, 0, cv::INTER_AREA);
    }
    cv::GaussianBlur(small, small, cv::Size(3, 3), 0.8);
    small.convertTo(r.thumb, CV_32F);
    cv::Mat wide, wider;
    // GaussianBlur(thumb, sigma 2.5 and 6.0), with the kernels made once.
    cv::sepFilter2D(r.thumb, wide, CV_32F, m_blur_wide, m_blur_wide);
    cv::sepFilter2D(r.thumb, wider, CV_32F, m_blur_wider, m_blur_wider);
    band_pass(r, wide, wider);
    r.flat = r.std < m_flat_std;
    if (!m_ring.empty()) compare_with_previous(m_ring.back(), r, ctx.motion_similarity());
    m_history.emplace_back(r.index, r.thumb);
    if (m_history.size() > kHistoryFrames) m_history.pop_front();
    m_ring.push_back(std::move(r));
    if (m_ring.size() > m_ring_size) m_ring.pop_front();
    m_stds.push_back(m_ring.back().std);

    const Rec& cur = m_ring.back();
    if (m_events && m_events->wants_metrics()) {
      m_events->metric(cur.index, "std", cur.std);
      m_events->metric(cur.index, "flat", cur.flat);
      m_events->metric(cur.index, "judged", cur.judged);
      m_events->metric(cur.index, "match_prev", cur.match_prev);
      m_events->metric(cur.index, "motion_prev", cur.motion_prev);
    }
    if (cur.judged && !cur.flat && (cur.match_prev < m_cut_match || cur.motion_prev > m_jump_motion))
      m_pending.push_back(cur.index);
    track_flat_runs(cur);
    look_for_dissolves(cur.index);
    decide_pending(cur.index, false);
  }

  // The fine band (thumb minus its blur), the coarse band (the blur minus a wider one), and the mean and
  // spread of the thumbnail and of both bands, in one pass over the pixels.
  static void band_pass(Rec& r, const cv::Mat& wide, const cv::Mat& wider) {
    r.detail.create(r.thumb.size(), CV_32F);
    r.coarse.create(r.thumb.size(), CV_32F);
    double s[3] = {0, 0, 0}, ss[3] = {0, 0, 0};
    for (int y = 0; y < r.thumb.rows; ++y) {
      const float* t = r.thumb.ptr<float>(y);
      const float* w = wide.ptr<float>(y);
      const float* v = wider.ptr<float>(y);
      float* d = r.detail.ptr<float>(y);
      float* c = r.coarse.ptr<float>(y);
      for (int x = 0; x < r.thumb.cols; ++x) {
        d[x] = t[x] - w[x];
        c[x] = w[x] - v[x];
        const double values[3] = {t[x], d[x], c[x]};
        for (int i = 0; i < 3; ++i) {
          s[i] += values[i];
          ss[i] += values[i] * values[i];
        }
      }
    }
    const double n = static_cast<double>(r.thumb.total());
    double sd[3];
    for (int i = 0; i < 3; ++i) sd[i] = std::sqrt(std::max(0.0, ss[i] / n - (s[i] / n) * (s[i] / n)));
    r.mean = s[0] / n;
    r.std = sd[0];
    r.detail_std = sd[1];
    r.coarse_std = sd[2];
  }

  void finish(film::Film& film) override {
    const int64_t last =
        m_events->times().start_s.empty() ? -1 : static_cast<int64_t>(m_events->times().start_s.size()) - 1;
    decide_pending(last, true);
    close_dissolve();
    finish_flat_runs(last);
    std::sort(m_found.begin(), m_found.end(), [](const film::Transition& a, const film::Transition& b) {
      return a.start_frame < b.start_frame;
    });
    // Cuts inside a dissolve are the dissolve; a "dissolve" overlapping a fade is the fade's own ramp (solid
    // frames are the surer evidence); cuts too close to the previous boundary are dropped.
    std::vector<film::Transition> kept;
    for (const auto& t : m_found) {
      if (t.type == film::TransitionType::Dissolve) {
        bool overlaps_fade = false;
        for (const auto& f : m_found)
          if (film::is_fade(f.type) && t.start_frame < f.end_frame + 1 && f.start_frame < t.end_frame + 1)
            overlaps_fade = true;
        if (overlaps_fade) continue;
      }
      if (t.type == film::TransitionType::Cut) {
        bool inside = false;
        for (const auto& g : m_found)
          if (film::is_gradual(g.type) && t.start_frame >= g.start_frame - 1 &&
              t.start_frame <= g.end_frame + 1)
            inside = true;
        if (inside) continue;
        if (!kept.empty()) {
          const int64_t prev =
              kept.back().type == film::TransitionType::Cut ? kept.back().start_frame : kept.back().end_frame;
          if (prev >= 0 && prev < static_cast<int64_t>(m_events->times().start_s.size()) &&
              m_events->times().start_s[static_cast<size_t>(t.start_frame)] -
                      m_events->times().start_s[static_cast<size_t>(prev)] <
                  m_min_shot_s)
            continue;
        }
      }
      kept.push_back(t);
    }
    film.transitions = kept;
    std::vector<double> times = m_events->times().start_s;
    times.push_back(m_events->times().end_s);
    film.shots =
        film::shots_from_transitions(kept, static_cast<int64_t>(m_events->times().start_s.size()), times);
  }

 private:
  // A transition decided: kept for finish and published at once, for analyzers that follow the shots as
  // the stream runs (stills).
  void found(const film::Transition& t) {
    m_found.push_back(t);
    if (m_events) m_events->publish(t);
  }

  const Rec* rec(int64_t index) const {
    if (m_ring.empty()) return nullptr;
    const int64_t first = m_ring.front().index;
    if (index < first || index > m_ring.back().index) return nullptr;
    return &m_ring[static_cast<size_t>(index - first)];
  }

  // Block match of `b` against `a` after the best global-motion compensation (AlignRequest says how).
  BlockMatch aligned_match(const Rec& a, const Rec& b, const AlignRequest& r) const {
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
    const double to_thumb = static_cast<double>(m_thumb_size.width) / std::max(1, a.grey.cols);
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
      if (m_events && m_events->wants_metrics()) {  // each alignment tried for frame b, from frame a
        m_events->metric(b.index, "align_from", static_cast<double>(a.index));
        m_events->metric(b.index, "align_match", m.fraction());
        m_events->metric(b.index, "align_voting", m.voting);
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

  // The coarse band has fewer independent samples a block, so it is judged on bigger blocks.
  static BlockMatch match(const cv::Mat& a, const cv::Mat& b, const cv::Mat& valid = {},
                          bool coarse = false) {
    return coarse ? block_match(a, b, valid, 4, 3, kMinDetailStd, 0.5, true)
                  : block_match(a, b, valid, 8, 6, kMinDetailStd, 0.5);
  }

  // `tracked`: the corner tracker's motion for this pair, when the pass keeps one.
  void compare_with_previous(const Rec& prev, Rec& cur, const Similarity* tracked) {
    if (prev.flat || cur.flat) return;
    double motion = 0;
    BlockMatch m = aligned_match(
        prev, cur,
        {.motion = &motion, .predicted = &prev.sim_prev, .used = &cur.sim_prev, .tracked = tracked});
    int needed = kMinVoting;
    if (m.voting < kMinVoting) {
      // Too little fine texture to judge (soft, dark or plain pictures): compare the coarser structure.
      Similarity used = prev.sim_prev;
      double coarse_motion = 0;
      const BlockMatch c = aligned_match(prev, cur,
                                         {.motion = &coarse_motion,
                                          .predicted = &prev.sim_prev,
                                          .used = &used,
                                          .equalise = true,
                                          .coarse = true,
                                          .tracked = tracked});
      if (c.voting >= kMinCoarseVoting) {
        needed = kMinCoarseVoting;
        m = c;
        motion = coarse_motion;
        cur.sim_prev = used;
      }
    }
    cur.judged = m.voting >= needed;
    cur.match_prev = m.fraction();
    cur.motion_prev = motion;
  }

  // A candidate is decided once the flash window after it has been seen.
  void decide_pending(int64_t newest, bool at_end) {
    while (!m_pending.empty() && (at_end || m_pending.front() + m_lookahead <= newest)) {
      const int64_t c = m_pending.front();
      m_pending.pop_front();
      const Rec* before = rec(c - 1);
      const Rec* at = rec(c);
      if (!before || !at) continue;
      bool is_cut = true;
      if (at->match_prev >= m_cut_match) {
        // Only a large motion explains this pair: a jump cut if the neighbouring pairs barely move.
        const Rec* next = rec(c + 1);
        const double around = std::max(before->motion_prev, next ? next->motion_prev : 0.0);
        is_cut = at->motion_prev > 4.0 * std::max(around, 0.01);
      }
      if (is_cut && is_whip(c)) is_cut = false;
      if (is_cut) {
        // The pictures to come back to: the frame before the candidate, and a few earlier ones (something
        // crossing the lens darkens several frames before the worst one).
        // An earlier frame is worth coming back to only when the frames after it changed (an occluder
        // entering darkens them and takes their texture while the blocks left still match): when they all
        // look as it does, the frame just before the candidate stands for it, with a shorter prediction.
        std::vector<const Rec*> anchors = {before};
        for (int64_t back : {3, 6, 10, 15, 20}) {
          const Rec* r = rec(c - back);
          if (r && !r->flat && back <= m_lookahead && !unchanged_since(*r, c)) anchors.push_back(r);
        }
        for (const Rec* anchor : anchors) {
          const int64_t gap = c - anchor->index;
          // Dense first, then sparse, always ending on the last frame of the window (where a long occluder
          // has passed).
          for (int k = 1; k <= m_lookahead && is_cut;
               k = k == m_lookahead ? k + 1 : std::min(m_lookahead, k + (k < 3 ? 1 : k / 3))) {
            const Rec* later = rec(c + k);
            if (!later || later->flat) continue;
            double motion = 0;
            // Expect the camera to have kept moving as it did before the candidate.
            Similarity predicted = anchor->sim_prev;
            for (int64_t j = 1; j < k + gap; ++j) predicted = compose(predicted, anchor->sim_prev);
            // A flash passes with the camera still on its course: the predicted motion or a shift finds the
            // picture again; the costly trackers would only be spent on real cuts.
            // Midway through the window, and at its end from the frame just before, the tracker also gets a
            // try (slow zooms build up between anchor and later frames that no single frame pair showed).
            const bool track = k == m_lookahead / 2 || (k == m_lookahead && anchor == before);
            const BlockMatch m = aligned_match(*anchor, *later,
                                               {.motion = &motion,
                                                .predicted = &predicted,
                                                .effort = track ? Effort::Track : Effort::Cheap});
            // Returning to the earlier picture with a plausible motion: it was a flash or an occlusion.
            if (m.voting >= kMinAlignedVoting && m.fraction() >= kReturnMatch && motion <= m_jump_motion)
              is_cut = false;
            else if (m.voting < kMinVoting && same_plain_picture(*anchor, *later))
              is_cut = false;
          }
        }
      }
      if (is_cut) found({film::TransitionType::Cut, c, c + 1, std::clamp(1.0 - at->match_prev, 0.0, 1.0)});
    }
  }

  // Whether every frame from `anchor` up to the one before `c` was judged like its predecessor and keeps the
  // anchor's brightness, contrast and fine texture.
  bool unchanged_since(const Rec& anchor, int64_t c) const {
    for (int64_t i = anchor.index + 1; i < c; ++i) {
      const Rec* r = rec(i);
      if (!r || r->flat || !r->judged || r->match_prev < kSameMatch) return false;
      if (std::abs(r->mean - anchor.mean) > kSteadyShare * anchor.mean + kSteadyLevels ||
          std::abs(r->std - anchor.std) > kSteadyShare * anchor.std + kSteadyLevels ||
          std::abs(r->detail_std - anchor.detail_std) > kSteadyShare * anchor.detail_std)
        return false;
    }
    return true;
  }

  // Normalised correlation of two thumbnails, with each frame's mean and spread computed once in process().
  static double thumb_ncc(const Rec& a, const Rec& b) {
    return (a.thumb.dot(b.thumb) / static_cast<double>(a.thumb.total()) - a.mean * b.mean) /
           std::max(1e-9, a.std * b.std);
  }

  // Two pictures with too little detail to compare block by block (open sky, a blank wall, fog) are the same
  // picture when their smooth shapes and brightness agree.
  static bool same_plain_picture(const Rec& a, const Rec& b) {
    if (a.detail_std > kPlainDetailStd || b.detail_std > kPlainDetailStd) return false;
    const double ncc = thumb_ncc(a, b);
    // Smooth ramps of different skies also correlate: ask for a near-identical shape, brightness and
    // contrast.
    return ncc >= 0.98 && std::abs(a.mean - b.mean) <= 0.05 * std::max(a.mean, b.mean) + 3.0 &&
           std::abs(a.std - b.std) <= 0.1 * std::max(a.std, b.std) + 1.0;
  }

  // A whip pan: the camera moves fast around `c` and the picture loses contrast to motion blur there (a dip
  // below both sides), where a cut between two moving shots keeps its sharpness.
  bool is_whip(int64_t c) const {
    bool fast = false;
    for (int64_t i : {c - 2, c - 1, c + 1, c + 2})
      if (const Rec* r = rec(i)) fast |= r->motion_prev >= 0.04 || (!r->judged && !r->flat && i > 0);
    if (!fast) return false;
    double before = 0, after = 0;
    for (int64_t i = c - 8; i <= c - 2; ++i)
      if (const Rec* r = rec(i)) before = std::max(before, r->std);
    for (int64_t i = c + 1; i <= c + 8; ++i)
      if (const Rec* r = rec(i)) after = std::max(after, r->std);
    const Rec* a = rec(c - 1);
    const Rec* b = rec(c);
    const double dip = std::min(a ? a->std : 0.0, b ? b->std : 0.0);
    return dip < 0.75 * std::min(before, after);
  }

  void look_for_dissolves(int64_t t) {
    for (int k : kLags) {
      const Rec* e0 = rec(t - 2 * k);
      const Rec* mid = rec(t - k);
      const Rec* e1 = rec(t);
      if (!e0 || !mid || !e1) break;
      if (window_is_blend(t - 2 * k, t, k)) {
        if (m_events && m_events->wants_metrics()) m_events->metric(t, "blend_window_lag", k);
        const int64_t s = t - 2 * k, e = t;
        if (m_diss_open && s <= m_diss_end) {
          m_diss_start = std::min(m_diss_start, s);
          m_diss_end = std::max(m_diss_end, e);
        } else {
          close_dissolve();
          m_diss_open = true;
          m_diss_start = s;
          m_diss_end = e;
          m_diss_windows = 0;
          m_diss_max_lag = 0;
        }
        ++m_diss_windows;
        m_diss_max_lag = std::max(m_diss_max_lag, k);
      }
    }
    if (m_diss_open && m_diss_end < t - 2 * kMaxLag) close_dissolve();
  }

  bool window_is_blend(int64_t i0, int64_t i1, int k) const {
    for (int64_t i = i0; i <= i1; ++i) {
      const Rec* r = rec(i);
      if (!r || r->flat) return false;
      if (i > i0 && r->judged && r->match_prev < kCutInsideMatch)
        return false;  // a cut inside: not one blend
    }
    const Rec& a = *rec(i0);
    const Rec& b = *rec(i1);
    cv::Mat diff = b.thumb - a.thumb;
    const double d = std::sqrt(diff.dot(diff) / static_cast<double>(diff.total()));
    if (d < 10.0) return false;
    const double ncc = thumb_ncc(a, b);  // the same picture at both ends
    if (ncc > 0.5) return false;
    auto residual = [&](int64_t i, double alpha) {
      cv::Mat expected = a.thumb * (1.0 - alpha) + b.thumb * alpha;
      cv::Mat r = rec(i)->thumb - expected;
      return std::sqrt(r.dot(r) / static_cast<double>(r.total())) / d;
    };
    if (residual(i0 + k, 0.5) > m_dissolve_residual) return false;
    if (k % 2 == 0 && k >= 4) {
      if (residual(i0 + k / 2, 0.25) > m_dissolve_residual * 1.25) return false;
      if (residual(i1 - k / 2, 0.75) > m_dissolve_residual * 1.25) return false;
    }
    // A fade or an exposure ramp is also a linear blend, of one picture with black: the ends must be
    // different pictures even after motion compensation. The camera's motion across the window, chained frame
    // to frame, aligns the ends of a moving shot.
    Similarity chained;
    chained.ok = true;
    for (int64_t i = i0 + 1; i <= i1 && chained.ok; ++i) chained = compose(chained, rec(i)->sim_prev);
    double motion = 0;
    // This runs only on windows that already fit a blend, so the tracker may be tried (descriptors are left
    // out); once a dissolve is established, its further windows only need the cheap check.
    const Effort effort = m_diss_open && m_diss_windows >= 2 ? Effort::Cheap : Effort::Track;
    const BlockMatch m = aligned_match(a, b,
                                       {.motion = &motion,
                                        .predicted = chained.ok ? &chained : nullptr,
                                        .equalise = true,
                                        .effort = effort});
    return !(m.voting >= kMinAlignedVoting && m.fraction() >= kReturnMatch);
  }

  void close_dissolve() {
    if (!m_diss_open) return;
    m_diss_open = false;
    int64_t start = m_diss_start + 1, end = m_diss_end;
    const double misfit = refine_dissolve(m_diss_start, m_diss_end, start, end);
    // Flickering light can fit a blend for a few frames, but its weights jump about instead of ramping.
    if (misfit > kRampMisfit) return;
    // A real cross-fade passes at many positions and lengths; one or two lucky windows (a flash at a window's
    // end, flickering firelight) do not make a dissolve.
    if (end - start >= 2 && m_diss_windows >= kMinDissolveWindows && m_diss_max_lag >= kMinDissolveLag)
      found({film::TransitionType::Dissolve, start, end, 0.8});
  }

  // The windows that passed reach past the dissolve's edges (a window only partly inside still fits a blend
  // closely). Project every frame of the span onto the line from its first to its last picture (the weight of
  // B) and fit the ramp of a linear dissolve: 0 before it, (k + 1) / (N + 1) on its k-th frame, 1 after.
  // Returns the mean squared misfit of the ramp, or -1 when the span could not be fitted.
  double refine_dissolve(int64_t u0, int64_t u1, int64_t& start, int64_t& end) const {
    const cv::Mat* a = history(u0);
    const cv::Mat* b = history(u1);
    if (!a || !b || u1 - u0 < 4) return -1;
    const cv::Mat ab = *b - *a;
    const double norm = ab.dot(ab);
    if (norm <= 0) return -1;
    std::vector<double> alpha;
    for (int64_t t = u0; t <= u1; ++t) {
      const cv::Mat* f = history(t);
      if (!f) return -1;
      alpha.push_back((*f - *a).dot(ab) / norm);
    }
    const auto n = static_cast<int64_t>(alpha.size());
    double best = 1e18;
    int64_t best_s = start, best_e = end;
    for (int64_t s = 1; s < n - 1; ++s) {
      for (int64_t e = s + 2; e < n; ++e) {
        double sse = 0;
        for (int64_t t = 0; t < n; ++t) {
          const double model = t < s    ? 0.0
                               : t >= e ? 1.0
                                        : static_cast<double>(t - s + 1) / static_cast<double>(e - s + 1);
          const double r = alpha[static_cast<size_t>(t)] - model;
          sse += r * r;
        }
        if (sse < best) {
          best = sse;
          best_s = u0 + s;
          best_e = u0 + e;
        }
      }
    }
    // Keep the fit only when it explains the span well (a clean ramp), else the windows' own span stands.
    if (m_events && m_events->wants_metrics()) {
      m_events->metric(u1, "dissolve_fit_start", static_cast<double>(best_s));
      m_events->metric(u1, "dissolve_fit_end", static_cast<double>(best_e));
      m_events->metric(u1, "dissolve_fit_mse", best / static_cast<double>(n));
    }
    const double mse = best / static_cast<double>(n);
    if (mse < kRampMisfit) {
      start = best_s;
      end = best_e;
    }
    return mse;
  }

  const cv::Mat* history(int64_t index) const {
    if (m_history.empty()) return nullptr;
    const int64_t first = m_history.front().first;
    if (index < first || index > m_history.back().first) return nullptr;
    return &m_history[static_cast<size_t>(index - first)].second;
  }

  // Runs of solid-colour frames: fades out before them, fades in after them, or a flash.
  void track_flat_runs(const Rec& cur) {
    const int64_t t = cur.index;
    if (m_rising) {
      const double prev = m_stds[m_stds.size() - 2];
      if (!(cur.std > prev * 1.01) || cur.flat) {
        emit_fade_in(t - 1);
        m_rising = false;
      }
    }
    if (cur.flat && !m_in_flat) {
      m_in_flat = true;
      m_flat_start = t;
      m_fade_out_start = decline_start(t);
      m_flat_before = rec(t - 1) && !rec(t - 1)->flat ? t - 1 : -1;
      m_flat_before_rec = m_flat_before >= 0 ? *rec(m_flat_before) : Rec{};
    } else if (!cur.flat && m_in_flat) {
      m_in_flat = false;
      end_flat_run(t);
    }
    if (m_stds.size() > 512) m_stds.erase(m_stds.begin(), m_stds.begin() + 256);
  }

  // The first frame of the steady fall in contrast that ends at the flat frame `f0`.
  int64_t decline_start(int64_t f0) const {
    const int64_t n = static_cast<int64_t>(m_stds.size());
    int64_t j = n - 2;  // index in m_stds of frame f0 - 1
    int64_t start = f0;
    while (j >= 1 && f0 - (n - 1 - j) >= 1 &&
           m_stds[static_cast<size_t>(j)] < m_stds[static_cast<size_t>(j - 1)] * 0.99) {
      start = f0 - (n - 1 - j);
      --j;
    }
    return start;
  }

  void end_flat_run(int64_t t) {
    // A short solid run between two matching frames is a flash, not a transition.
    const int64_t f0 = m_flat_start, f1 = t;
    if (m_flat_before >= 0 && f1 - f0 <= m_lookahead) {
      const Rec* after = rec(f1);
      if (after) {
        double motion = 0;
        const BlockMatch m = aligned_match(m_flat_before_rec, *after, {.motion = &motion});
        if (m.voting >= kMinAlignedVoting && m.fraction() >= kReturnMatch) return;
      }
    }
    if (f0 > 0) {
      if (f0 - m_fade_out_start >= 2)
        found({film::TransitionType::FadeOut, m_fade_out_start, f0 + 1, 0.8});
      else if (f0 - m_fade_out_start < 2 && m_flat_before >= 0)
        found({film::TransitionType::Cut, f0, f0 + 1, 0.6});
    }
    m_flat_end = f1;
    m_rising = true;
  }

  void emit_fade_in(int64_t last_rising) {
    const int64_t f1 = m_flat_end;
    if (last_rising - f1 >= 1)
      found({film::TransitionType::FadeIn, f1 - 1, last_rising + 1, 0.8});
    else
      found({film::TransitionType::Cut, f1, f1 + 1, 0.6});
  }

  void finish_flat_runs(int64_t last) {
    if (m_rising) emit_fade_in(last);
    m_rising = false;
    if (m_in_flat && m_flat_start > 0 && m_flat_start - m_fade_out_start >= 2)
      found({film::TransitionType::FadeOut, m_fade_out_start, m_flat_start + 1, 0.8});
  }

  // GaussianBlur's own kernels for these sigmas (its size rule for float images: 8 sigma + 1, odd).
  const cv::Mat m_blur_wide = cv::getGaussianKernel(21, 2.5, CV_32F);
  const cv::Mat m_blur_wider = cv::getGaussianKernel(49, 6.0, CV_32F);
  // Parameters.
  double m_cut_match, m_flash_s, m_jump_motion, m_dissolve_residual, m_flat_std, m_min_shot_s;
  int m_lookahead = 10;
  size_t m_ring_size = 40;
  cv::Size m_thumb_size{96, 54};
  // State.
  std::deque<Rec> m_ring;
  std::deque<std::pair<int64_t, cv::Mat>> m_history;  // low-pass thumbnails, long enough to span a dissolve
  std::vector<double> m_stds;                         // recent contrast values, newest last
  std::deque<int64_t> m_pending;
  std::vector<film::Transition> m_found;
  PassEvents* m_events = nullptr;
  bool m_diss_open = false;
  int64_t m_diss_start = 0, m_diss_end = 0;
  int m_diss_windows = 0, m_diss_max_lag = 0;
  bool m_in_flat = false, m_rising = false;
  int64_t m_flat_start = 0, m_fade_out_start = 0, m_flat_before = -1, m_flat_end = 0;
  Rec m_flat_before_rec;
};

}  // namespace

std::span<const ParamSpec> boundary_params() {
  return kParams;
}

std::unique_ptr<Analyzer> make_boundary_analyzer(const ParamSet& params) {
  return std::make_unique<BoundaryAnalyzer>(params);
}

namespace {
// A transition is published once the frames that decide it are in the history (kHistoryFrames at most).
const Registration kRegistration{{"boundaries",
                                  "hard cuts, dissolves and fades; shots between them",
                                  kParams,
                                  &make_boundary_analyzer,
                                  {},
                                  static_cast<int>(kHistoryFrames)}};
}  // namespace

}  // namespace cranes::analysis
