// SPDX-License-Identifier: MIT
// Fades: a run of solid-colour frames; the fade-out is the run of frames before it whose contrast falls
// steadily, the fade-in the run after it whose contrast rises. Contrast is the picture's as a whole
// (Rec::core_std): a caption that stays through the fade neither holds the contrast up nor unmakes the solid
// colour. A short solid run whose neighbours match is a
// flash, not a fade.
#pragma once

#include "cranes/analysis/boundaries/common.hpp"

namespace cranes::analysis::boundaries {

class Fades {
 public:
  explicit Fades(Context& c) : m_c(c) {}

  // Runs of solid-colour frames: fades out before them, fades in after them, or a flash.
  void track_flat_runs(const Rec& cur) {
    m_stds.push_back(cur.core_std);
    const int64_t t = cur.index;
    if (m_rising) {
      const double prev = m_stds[m_stds.size() - 2];
      if (!(cur.core_std > prev * 1.01) || cur.flat) {
        emit_fade_in(t - 1);
        m_rising = false;
      }
    }
    if (cur.flat && !m_in_flat) {
      m_in_flat = true;
      m_flat_start = t;
      m_fade_out_start = decline_start(t);
      m_flat_before = m_c.rec(t - 1) && !m_c.rec(t - 1)->flat ? t - 1 : -1;
      m_flat_before_rec = m_flat_before >= 0 ? *m_c.rec(m_flat_before) : Rec{};
    } else if (!cur.flat && m_in_flat) {
      m_in_flat = false;
      end_flat_run(t);
    }
    if (m_stds.size() > 512) m_stds.erase(m_stds.begin(), m_stds.begin() + 256);
  }

  void finish_flat_runs(int64_t last) {
    if (m_rising) emit_fade_in(last);
    m_rising = false;
    if (m_in_flat && m_flat_start > 0 && m_flat_start - m_fade_out_start >= 2)
      m_c.found({film::TransitionType::FadeOut, m_fade_out_start, m_flat_start + 1, 0.8});
  }

 private:
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
    if (m_flat_before >= 0 && f1 - f0 <= m_c.lookahead) {
      const Rec* after = m_c.rec(f1);
      if (after) {
        double motion = 0;
        const BlockMatch m = m_c.aligned_match(m_flat_before_rec, *after, {.motion = &motion});
        if (m.voting >= kMinAlignedVoting && m.fraction() >= kReturnMatch) return;
      }
    }
    if (f0 > 0) {
      if (f0 - m_fade_out_start >= 2)
        m_c.found({film::TransitionType::FadeOut, m_fade_out_start, f0 + 1, 0.8});
      else if (f0 - m_fade_out_start < 2 && m_flat_before >= 0)
        m_c.found({film::TransitionType::Cut, f0, f0 + 1, 0.6});
    }
    m_flat_end = f1;
    m_rising = true;
  }

  void emit_fade_in(int64_t last_rising) {
    const int64_t f1 = m_flat_end;
    if (last_rising - f1 >= 1)
      m_c.found({film::TransitionType::FadeIn, f1 - 1, last_rising + 1, 0.8});
    else
      m_c.found({film::TransitionType::Cut, f1, f1 + 1, 0.6});
  }

  Context& m_c;
  std::vector<double> m_stds;  // recent contrast values, newest last
  bool m_in_flat = false, m_rising = false;
  int64_t m_flat_start = 0, m_fade_out_start = 0, m_flat_before = -1, m_flat_end = 0;
  Rec m_flat_before_rec;
};

}  // namespace cranes::analysis::boundaries
