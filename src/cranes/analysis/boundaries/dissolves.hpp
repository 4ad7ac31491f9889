// SPDX-License-Identifier: MIT
// Dissolves: inside a linear cross-fade every frame is the average of two frames equally far before and after
// it; windows of 4..32 frames whose ends are different pictures and whose midpoint (and quarter points) are
// such averages are merged into one dissolve, whose edges are then fitted to the ramp of its blend weights.
#pragma once

#include "cranes/analysis/boundaries/common.hpp"

namespace cranes::analysis::boundaries {

class Dissolves {
 public:
  Dissolves(Context& c, double residual) : m_c(c), m_dissolve_residual(residual) {}

  void look_for_dissolves(int64_t t) {
    for (int k : kLags) {
      const Rec* e0 = m_c.rec(t - 2 * k);
      const Rec* mid = m_c.rec(t - k);
      const Rec* e1 = m_c.rec(t);
      if (!e0 || !mid || !e1) break;
      if (window_is_blend(t - 2 * k, t, k)) {
        if (m_c.events && m_c.events->wants_metrics()) m_c.events->metric(t, "blend_window_lag", k);
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
      m_c.found({film::TransitionType::Dissolve, start, end, 0.8});
  }

 private:
  bool window_is_blend(int64_t i0, int64_t i1, int k) const {
    for (int64_t i = i0; i <= i1; ++i) {
      const Rec* r = m_c.rec(i);
      if (!r || r->flat) return false;
      if (i > i0 && r->judged && r->match_prev < kCutInsideMatch)
        return false;  // a cut inside: not one blend
    }
    const Rec& a = *m_c.rec(i0);
    const Rec& b = *m_c.rec(i1);
    cv::Mat diff = b.thumb - a.thumb;
    const double d = std::sqrt(diff.dot(diff) / static_cast<double>(diff.total()));
    if (d < 10.0) return false;
    const double ncc = thumb_ncc(a, b);  // the same picture at both ends
    if (ncc > 0.5) return false;
    auto residual = [&](int64_t i, double alpha) {
      cv::Mat expected = a.thumb * (1.0 - alpha) + b.thumb * alpha;
      cv::Mat r = m_c.rec(i)->thumb - expected;
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
    for (int64_t i = i0 + 1; i <= i1 && chained.ok; ++i) chained = compose(chained, m_c.rec(i)->sim_prev);
    double motion = 0;
    // This runs only on windows that already fit a blend, so the tracker may be tried (descriptors are left
    // out); once a dissolve is established, its further windows only need the cheap check.
    const Effort effort = m_diss_open && m_diss_windows >= 2 ? Effort::Cheap : Effort::Track;
    const BlockMatch m = m_c.aligned_match(a, b,
                                           {.motion = &motion,
                                            .predicted = chained.ok ? &chained : nullptr,
                                            .equalise = true,
                                            .effort = effort});
    return !(m.voting >= kMinAlignedVoting && m.fraction() >= kReturnMatch);
  }

  // The windows that passed reach past the dissolve's edges (a window only partly inside still fits a blend
  // closely). Project every frame of the span onto the line from its first to its last picture (the weight of
  // B) and fit the ramp of a linear dissolve: 0 before it, (k + 1) / (N + 1) on its k-th frame, 1 after.
  // Returns the mean squared misfit of the ramp, or -1 when the span could not be fitted.
  double refine_dissolve(int64_t u0, int64_t u1, int64_t& start, int64_t& end) const {
    const cv::Mat* a = m_c.history(u0);
    const cv::Mat* b = m_c.history(u1);
    if (!a || !b || u1 - u0 < 4) return -1;
    const cv::Mat ab = *b - *a;
    const double norm = ab.dot(ab);
    if (norm <= 0) return -1;
    std::vector<double> alpha;
    for (int64_t t = u0; t <= u1; ++t) {
      const cv::Mat* f = m_c.history(t);
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
    if (m_c.events && m_c.events->wants_metrics()) {
      m_c.events->metric(u1, "dissolve_fit_start", static_cast<double>(best_s));
      m_c.events->metric(u1, "dissolve_fit_end", static_cast<double>(best_e));
      m_c.events->metric(u1, "dissolve_fit_mse", best / static_cast<double>(n));
    }
    const double mse = best / static_cast<double>(n);
    if (mse < kRampMisfit) {
      start = best_s;
      end = best_e;
    }
    return mse;
  }

  Context& m_c;
  double m_dissolve_residual;
  bool m_diss_open = false;
  int64_t m_diss_start = 0, m_diss_end = 0;
  int m_diss_windows = 0, m_diss_max_lag = 0;
};

}  // namespace cranes::analysis::boundaries
