// SPDX-License-Identifier: MIT
// Hard cuts: a frame that no global motion explains is a candidate, decided once the flash window after it
// has been seen: dropped when a later frame matches the frame before it again (a flash, something crossing
// the lens), kept when only a large sudden motion explains it between still frames (a jump cut).
#pragma once

#include <numbers>

#include "cranes/analysis/boundaries/common.hpp"

namespace cranes::analysis::boundaries {

// The most motion of a return to the picture before (a flash on a moving camera: the prediction leaves a
// little).
constexpr double kReturnMotion = 0.12;
// A whip pan's sweep (Options::whip_sweep) is a shift, not a turn: its turn moves the picture's corners less
// than this share of the distance its shift moves the centre (a handheld whip rolls a few degrees a frame as
// it sweeps; a spin turns on the spot).
constexpr double kWhipMaxTurnShare = 0.5;

class Cuts {
 public:
  Cuts(Context& c, const Options& o)
      : m_c(c),
        m_cut_match(o.cut_match),
        m_jump_motion(o.jump_motion),
        m_whip_sweep(o.whip_sweep),
        m_jump_still(static_cast<int64_t>(o.jump_still)) {}

  // A frame that disagrees with the one before (judged, not solid colour) waits for its flash window.
  void consider(const Rec& cur) {
    if (cur.judged && !cur.flat && (cur.match_prev < m_cut_match || cur.motion_prev > m_jump_motion))
      m_pending.push_back(cur.index);
  }

  // `tracked`: the corner tracker's motion for this pair, when the pass keeps one.
  void compare_with_previous(const Rec& prev, Rec& cur, const Similarity* tracked) {
    if (prev.flat || cur.flat) return;
    double motion = 0;
    BlockMatch m = m_c.aligned_match(
        prev, cur,
        {.motion = &motion, .predicted = &prev.sim_prev, .used = &cur.sim_prev, .tracked = tracked});
    int needed = kMinVoting;
    if (m.voting < kMinVoting) {
      // Too little fine texture to judge (soft, dark or plain pictures): compare the coarser structure.
      Similarity used = prev.sim_prev;
      double coarse_motion = 0;
      const BlockMatch c = m_c.aligned_match(prev, cur,
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
    while (!m_pending.empty() && (at_end || m_pending.front() + m_c.lookahead <= newest)) {
      const int64_t c = m_pending.front();
      m_pending.pop_front();
      const Rec* before = m_c.rec(c - 1);
      const Rec* at = m_c.rec(c);
      if (!before || !at) continue;
      bool is_cut = true;
      const bool jump = at->match_prev >= m_cut_match;
      // The most the pairs around the candidate move (three each side by default).
      double around = 0;
      for (int64_t i = c - m_jump_still; i <= c + m_jump_still; ++i)
        if (const Rec* r = m_c.rec(i); r && i != c) around = std::max(around, r->motion_prev);
      // Only a large motion explains this pair: a jump cut if the pairs around it barely move (a pan with
      // repeated frames, as a frame-rate conversion leaves, moves every other pair).
      if (jump) is_cut = at->motion_prev > 4.0 * std::max(around, 0.01);
      // Coming back to the picture before: within this motion (for a jump, well short of the jump itself).
      const double back_within = jump ? std::min(kReturnMotion, 0.5 * at->motion_prev) : kReturnMotion;
      if (is_cut && is_whip(c)) is_cut = false;
      if (is_cut) {
        // The pictures to come back to: the frame before the candidate, and a few earlier ones (something
        // crossing the lens darkens several frames before the worst one).
        // An earlier frame is worth coming back to only when the frames after it changed (an occluder
        // entering darkens them and takes their texture while the blocks left still match): when they all
        // look as it does, the frame just before the candidate stands for it, with a shorter prediction.
        std::vector<const Rec*> anchors = {before};
        for (int64_t back : {3, 6, 10, 15, 20}) {
          const Rec* r = m_c.rec(c - back);
          if (r && !r->flat && back <= m_c.lookahead && !unchanged_since(*r, c)) anchors.push_back(r);
        }
        for (const Rec* anchor : anchors) {
          const int64_t gap = c - anchor->index;
          // Dense first, then sparse, always ending on the last frame of the window (where a long occluder
          // has passed).
          for (int k = 1; k <= m_c.lookahead && is_cut;
               k = k == m_c.lookahead ? k + 1 : std::min(m_c.lookahead, k + (k < 3 ? 1 : k / 3))) {
            const Rec* later = m_c.rec(c + k);
            if (!later || later->flat) continue;
            double motion = 0;
            // Expect the camera to have kept moving as it did before the candidate.
            Similarity predicted = anchor->sim_prev;
            for (int64_t j = 1; j < k + gap; ++j) predicted = compose(predicted, anchor->sim_prev);
            // A flash passes with the camera still on its course: the predicted motion or a shift finds the
            // picture again; the costly trackers would only be spent on real cuts.
            // Midway through the window, and at its end from the frame just before, the tracker also gets a
            // try (slow zooms build up between anchor and later frames that no single frame pair showed).
            const bool track = k == m_c.lookahead / 2 || (k == m_c.lookahead && anchor == before);
            const BlockMatch m = m_c.aligned_match(*anchor, *later,
                                                   {.motion = &motion,
                                                    .predicted = &predicted,
                                                    .effort = track ? Effort::Track : Effort::Cheap});
            // Returning to the earlier picture with a plausible motion: it was a flash or an occlusion.
            // Around a still camera the picture comes back where it was: found again only far off, past what
            // the camera's own drift over those frames explains, it is the same scene framed anew (a jump cut
            // that no single pair could align, through flicker and grain).
            const double drift = 4.0 * std::max(around * static_cast<double>(gap + k), 0.01);
            if (m.voting >= kMinAlignedVoting && m.fraction() >= kReturnMatch && motion <= back_within &&
                motion <= drift)
              is_cut = false;
            else if (m.voting < kMinVoting && same_plain_picture(*anchor, *later))
              is_cut = false;
          }
        }
      }
      if (is_cut)
        m_c.found({film::TransitionType::Cut, c, c + 1, std::clamp(1.0 - at->match_prev, 0.0, 1.0)});
    }
  }

 private:
  // Whether every frame from `anchor` up to the one before `c` was judged like its predecessor and keeps the
  // anchor's brightness, contrast and fine texture.
  bool unchanged_since(const Rec& anchor, int64_t c) const {
    for (int64_t i = anchor.index + 1; i < c; ++i) {
      const Rec* r = m_c.rec(i);
      if (!r || r->flat || !r->judged || r->match_prev < kSameMatch) return false;
      if (std::abs(r->mean - anchor.mean) > kSteadyShare * anchor.mean + kSteadyLevels ||
          std::abs(r->std - anchor.std) > kSteadyShare * anchor.std + kSteadyLevels ||
          std::abs(r->detail_std - anchor.detail_std) > kSteadyShare * anchor.detail_std)
        return false;
    }
    return true;
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
  // Also a whip: the camera moving a whip's speed on both sides of `c` (the blurred frames connect the two
  // views, even when the frames before and after share nothing and the blur keeps its contrast, as lines
  // along the blur do).
  bool is_whip(int64_t c) const {
    bool fast = false;
    const Rec* fastest[2] = {nullptr, nullptr};  // before and after c
    for (int64_t i : {c - 3, c - 2, c - 1, c + 1, c + 2, c + 3})
      if (const Rec* r = m_c.rec(i)) {
        fast |= r->motion_prev >= 0.04 || (!r->judged && !r->flat && i > 0);
        const Rec*& f = fastest[i < c ? 0 : 1];
        if (r->judged && r->sim_prev.ok && (!f || r->motion_prev > f->motion_prev)) f = r;
      }
    if (!fast) return false;
    if (sweeps_on(fastest[0], fastest[1])) return true;
    double before = 0, after = 0;
    for (int64_t i = c - 8; i <= c - 2; ++i)
      if (const Rec* r = m_c.rec(i)) before = std::max(before, r->std);
    for (int64_t i = c + 1; i <= c + 8; ++i)
      if (const Rec* r = m_c.rec(i)) after = std::max(after, r->std);
    const Rec* a = m_c.rec(c - 1);
    const Rec* b = m_c.rec(c);
    const double dip = std::min(a ? a->std : 0.0, b ? b->std : 0.0);
    return dip < 0.75 * std::min(before, after);
  }

  // The same sweep before and after: both frames moved a whip's speed, by a shift (not a spin's turn), in
  // directions less than 90 degrees apart.
  bool sweeps_on(const Rec* a, const Rec* b) const {
    if (!a || !b || a->motion_prev < m_whip_sweep || b->motion_prev < m_whip_sweep) return false;
    const cv::Point2d da = shift_of(*a), db = shift_of(*b);
    return is_shift(*a, da) && is_shift(*b, db) && da.dot(db) > 0;
  }

  // How far the frame's alignment moved the proxy's centre.
  static cv::Point2d shift_of(const Rec& r) {
    const cv::Point2d c(0.5 * r.grey.cols, 0.5 * r.grey.rows);
    const cv::Matx23d& m = r.sim_prev.affine;
    return {m(0, 0) * c.x + m(0, 1) * c.y + m(0, 2) - c.x, m(1, 0) * c.x + m(1, 1) * c.y + m(1, 2) - c.y};
  }
  static bool is_shift(const Rec& r, cv::Point2d shift) {
    const double half_diagonal = 0.5 * std::hypot(r.grey.cols, r.grey.rows);
    const double turn = std::abs(r.sim_prev.rotation_deg()) * std::numbers::pi / 180.0 * half_diagonal;
    return turn < kWhipMaxTurnShare * std::hypot(shift.x, shift.y);
  }

  Context& m_c;
  double m_cut_match, m_jump_motion, m_whip_sweep;
  int64_t m_jump_still;
  std::deque<int64_t> m_pending;
};

}  // namespace cranes::analysis::boundaries
