// SPDX-License-Identifier: MIT
// Dissolves: inside a linear cross-fade every frame is the average of two frames equally far before and after
// it; windows of 4..32 frames whose ends are different pictures and whose midpoint (and quarter points) are
// such averages are merged into one dissolve, whose edges are then fitted to the ramp of its blend weights.
// Between shots that move, the ends of longer windows (24..100 frames) are first carried along each shot's
// own drift, so that the frames inside are blends of the two moved pictures.
#pragma once

#include <map>
#include <optional>

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
        add_window(t - 2 * k, t, k);
      }
    }
    look_for_long_dissolves(t);
    // A span of long windows may still grow by windows judged later, whose middles lie further back.
    const int64_t wait =
        m_diss_long ? kLongBaseline + kLongLags[std::size(kLongLags) - 1] * 5 / 4 + 1 : 2 * kMaxLag;
    if (m_diss_open && m_diss_end < t - wait) close_dissolve();
  }

  // Long dissolves between moving shots: windows of 40 to 100 frames, ending kLongBaseline frames ago, whose
  // ends are each carried along their own shot's motion to the frames inside (each shot's drift measured over
  // the kLongBaseline frames beyond its end of the window), so that a frame of the window is the blend of the
  // two moved pictures even while both shots pan.
  void look_for_long_dissolves(int64_t t) {
    const int64_t e = t - kLongBaseline;
    for (int k : kLongLags) {
      const int64_t i0 = e - 2 * k;
      if (!m_c.history(i0 - kLongBaseline)) break;  // the longer lags reach further back still
      if (long_window_is_blend(i0, e, k, t)) {
        if (m_c.events && m_c.events->wants_metrics()) m_c.events->metric(e, "long_blend_window_lag", k);
        // Only the middle of the window, which lies inside the dissolve: the whole window reaches well past
        // it, and would join dissolves a second apart into one.
        // A long window is judged late (its middle lies 30 to 70 frames back): one whose middle reaches into
        // a span already closed belongs to that one.
        if (i0 + k - k / 4 <= m_closed_end) continue;
        add_window(i0 + k - k / 4, i0 + k + k / 4, k, k / 4, true);
      }
    }
    while (!m_velocity.empty() && !m_c.history(m_velocity.begin()->first - kLongBaseline))
      m_velocity.erase(m_velocity.begin());
  }

  void close_dissolve() {
    if (!m_diss_open) return;
    m_diss_open = false;
    m_closed_end = std::max(m_closed_end, m_diss_end);
    int64_t start = m_diss_start + 1, end = m_diss_end;
    double misfit = refine_dissolve(m_diss_start, m_diss_end, start, end);
    // Long windows gave the middle of the dissolve: its edges are fitted on a wider span too.
    if (m_diss_long) {
      const int64_t reach = std::min<int64_t>(kLongReach, (m_diss_end - m_diss_start) / 4 + 8);
      int64_t wide_start = m_diss_start + 1, wide_end = m_diss_end;
      const double wide =
          refine_dissolve(m_diss_start - reach, m_diss_end + reach, wide_start, wide_end, true);
      if (wide >= 0 && (misfit < 0 || wide < misfit)) {
        misfit = wide;
        start = wide_start;
        end = wide_end;
      }
    }
    // Flickering light can fit a blend for a few frames, but its weights jump about instead of ramping.
    if (misfit > kRampMisfit || (m_diss_long && misfit < 0)) return;
    // Long windows alone stand for dissolves at least as long as the middle of the shortest of them.
    if (m_diss_long && !m_diss_short && end - start < kLongLags[0]) return;
    // A real cross-fade passes at many positions and lengths; one or two lucky windows (a flash at a window's
    // end, flickering firelight) do not make a dissolve.
    if (end - start >= 2 && m_diss_windows >= kMinDissolveWindows && m_diss_max_lag >= kMinDissolveLag)
      m_c.found({film::TransitionType::Dissolve, start, end, 0.8});
  }

 private:
  // Adds the window [s, e] to the open span when it overlaps it or starts within `slack` of its end, else
  // closes that span and opens another.
  void add_window(int64_t s, int64_t e, int k, int slack = 0, bool long_window = false) {
    // Long windows stand for the middle of a dissolve only: its later part may show first in short ones.
    if (m_diss_long) slack = std::max(slack, kLongBaseline);
    if (m_diss_open && s <= m_diss_end + slack) {
      m_diss_start = std::min(m_diss_start, s);
      m_diss_end = std::max(m_diss_end, e);
    } else {
      close_dissolve();
      m_diss_open = true;
      m_diss_start = s;
      m_diss_end = e;
      m_diss_windows = 0;
      m_diss_max_lag = 0;
      m_diss_long = false;
      m_diss_short = false;
    }
    (long_window ? m_diss_long : m_diss_short) = true;
    ++m_diss_windows;
    m_diss_max_lag = std::max(m_diss_max_lag, k);
  }

  // The drift of the picture a frame at `f`, in thumbnail pixels, over the kLongBaseline frames before it
  // (phase correlation of the two thumbnails); nothing when the correlation has no clear peak.
  std::optional<cv::Point2d> velocity(int64_t f) {
    if (const auto it = m_velocity.find(f); it != m_velocity.end()) return it->second;
    const cv::Mat* before = m_c.history(f - kLongBaseline);
    const cv::Mat* now = m_c.history(f);
    if (!before || !now) return std::nullopt;
    double response = 0;
    const Similarity s = estimate_translation(*before, *now, &response);
    std::optional<cv::Point2d> v;
    if (response >= kLongMinResponse)
      v = cv::Point2d(s.affine(0, 2), s.affine(1, 2)) / static_cast<double>(kLongBaseline);
    m_velocity.emplace(f, v);
    return v;
  }

  bool long_window_is_blend(int64_t i0, int64_t i1, int k, int64_t t) {
    const Context::Past& a = *m_c.past(i0);
    const Context::Past& b = *m_c.past(i1);
    const Context::Past& mid = *m_c.past(i0 + k);
    // Cheap first: the fine structure of a blend of two unlike pictures has at most 0.71 of the larger
    // spread of the two (0.5 of each), and the ends must be unlike.
    if (std::min(a.detail_std, b.detail_std) < kMinDetailStd ||
        mid.detail_std > kLongBlendDetail * std::max(a.detail_std, b.detail_std))
      return false;
    // Each frame at the exposure of the frames around it: an old print's flicker moves every frame's
    // levels by up to a tenth and more, which no blend explains.
    const cv::Mat ta = steady(i0), tb = steady(i1);
    const double d = rms(tb - ta);
    if (d < 10.0) return false;
    const auto va = velocity(i0), vb = velocity(t);
    if (!va || !vb) return false;
    // A is carried on by at most 1.5 k frames of its drift, B back by as much of its own.
    const cv::Rect inner = carried_area(a.thumb.size(), *va * (1.5 * k), -*vb * (1.5 * k));
    if (inner.empty()) return false;
    auto moved = [&](const cv::Mat& m, cv::Point2d by) { return shifted(m, by, inner); };
    // The two shots carried to the middle are different pictures: their fine structure does not correlate
    // (a pan whose two ends were carried to the same place would).
    const cv::Point2d to_mid_a = *va * k, to_mid_b = -*vb * k;
    const double unlike = ncc(moved(a.detail, to_mid_a), moved(b.detail, to_mid_b));
    // Frame i0 + j against (1 - alpha) A moved j frames on and alpha B moved 2k - j frames back.
    auto misfit = [&](int j, double alpha) {
      const cv::Mat ma = moved(ta, *va * j), mb = moved(tb, -*vb * (2 * k - j));
      const double spread = rms(mb - ma);
      if (spread < 10.0) return 1e9;
      return rms(steady(i0 + j)(inner) - (ma * (1.0 - alpha) + mb * alpha)) / spread;
    };
    if (unlike > kLongUnlike || misfit(k, 0.5) > m_dissolve_residual) return false;
    if (misfit(k / 2, 0.25) > m_dissolve_residual * 1.25 ||
        misfit(2 * k - k / 2, 0.75) > m_dissolve_residual * 1.25)
      return false;
    // A picture blending into a changed copy of itself (going under water: tinted, blurred, wavering) is
    // a blend too: its two ends keep the layout of one picture, and many of their textured blocks match.
    const double gain_a = 8.0 / std::max(0.05, a.detail_std), gain_b = 8.0 / std::max(0.05, b.detail_std);
    const BlockMatch same = match(moved(a.detail, to_mid_a) * gain_a, moved(b.detail, to_mid_b) * gain_b);
    const double layout = ncc(moved(a.thumb, to_mid_a), moved(b.thumb, to_mid_b));
    return !(layout >= kLongSameLayout && same.voting >= kMinAlignedVoting &&
             same.fraction() >= kLongSameBlocks);
  }

  // The part of a picture of `size` that is defined after every shift between 0 and `a`, and between 0 and
  // `b` (what a shift leaves behind at its edge is not); empty when under half the picture is left.
  static cv::Rect carried_area(cv::Size size, cv::Point2d a, cv::Point2d b) {
    const auto lo = [](double p, double q) { return static_cast<int>(std::ceil(std::max({0.0, p, q}))) + 1; };
    const auto hi = [](double p, double q) {
      return static_cast<int>(std::ceil(-std::min({0.0, p, q}))) + 1;
    };
    const int x0 = lo(a.x, b.x), x1 = size.width - hi(a.x, b.x);
    const int y0 = lo(a.y, b.y), y1 = size.height - hi(a.y, b.y);
    if (2 * (x1 - x0) < size.width || 2 * (y1 - y0) < size.height) return {};
    return {x0, y0, x1 - x0, y1 - y0};
  }

  // The thumbnail of frame `f` scaled to the mean level of the frames around it (three each side, those in
  // the history): the exposure flicker of an old print taken out. A steady exposure, or one that ramps (a
  // dissolve, a fade), is left as it is.
  cv::Mat steady(int64_t f) const {
    const Context::Past& p = *m_c.past(f);
    double sum = 0, lo = 1e9, hi = 0;
    int n = 0;
    for (int64_t g = f - kFlickerReach; g <= f + kFlickerReach; ++g)
      if (const Context::Past* q = m_c.past(g)) {
        sum += q->mean;
        lo = std::min(lo, q->mean);
        hi = std::max(hi, q->mean);
        ++n;
      }
    const double around = sum / std::max(1, n);
    // Levels that jump by more than flicker does (a cut between a dark and a bright shot, a flash) are
    // left as they are.
    if (p.mean < 1.0 || around < 1.0 || hi > kMaxFlicker * lo) return p.thumb;
    return p.thumb * (around / p.mean);
  }

  // `m` moved by `by` pixels, the part `inner` of it.
  static cv::Mat shifted(const cv::Mat& m, cv::Point2d by, cv::Rect inner) {
    cv::Mat out;
    cv::warpAffine(m, out, cv::Matx23d(1, 0, by.x, 0, 1, by.y), m.size(), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    return out(inner);
  }

  static double rms(const cv::Mat& m) { return std::sqrt(m.dot(m) / static_cast<double>(m.total())); }
  static double ncc(const cv::Mat& a, const cv::Mat& b) {
    cv::Scalar ma, sa, mb, sb;
    cv::meanStdDev(a, ma, sa);
    cv::meanStdDev(b, mb, sb);
    return (a.dot(b) / static_cast<double>(a.total()) - ma[0] * mb[0]) / std::max(1e-9, sa[0] * sb[0]);
  }

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
  // `levelled`: each frame held to the mean level of the frames around it first (steady), as the long windows
  // judge them.
  double refine_dissolve(int64_t u0, int64_t u1, int64_t& start, int64_t& end, bool levelled = false) {
    if (!m_c.history(u0) || !m_c.history(u1) || u1 - u0 < 4) return -1;
    for (int64_t t = u0; t <= u1; ++t)
      if (!m_c.history(t)) return -1;
    auto frame = [&](int64_t t) { return levelled ? steady(t) : *m_c.history(t); };
    const cv::Mat ea = frame(u0), eb = frame(u1);
    const cv::Mat* a = &ea;
    const cv::Mat* b = &eb;
    std::vector<double> alpha;
    {
      const cv::Mat ab = *b - *a;
      const double norm = ab.dot(ab);
      if (norm <= 0) return -1;
      for (int64_t t = u0; t <= u1; ++t) alpha.push_back((frame(t) - *a).dot(ab) / norm);
    }
    double mse = fit_ramp(alpha, u0, start, end);
    // Both shots moving: the weights again with each end carried along its shot's drift (as the long
    // windows do), kept when they fit the ramp better.
    const auto va = velocity(u0), vb = velocity(u1 + kLongBaseline);
    const double span = static_cast<double>(u1 - u0);
    if (va && vb && span * std::max(cv::norm(*va), cv::norm(*vb)) >= 1.0) {
      const cv::Rect inner = carried_area(a->size(), *va * span, -*vb * span);
      if (!inner.empty()) {
        auto moved = [&](const cv::Mat& m, cv::Point2d by) { return shifted(m, by, inner); };
        std::vector<double> carried;
        for (int64_t t = u0; t <= u1; ++t) {
          const cv::Mat ma = moved(*a, *va * static_cast<double>(t - u0));
          const cv::Mat ab = moved(*b, -*vb * static_cast<double>(u1 - t)) - ma;
          const double norm = ab.dot(ab);
          if (norm <= 0) break;
          carried.push_back((frame(t)(inner) - ma).dot(ab) / norm);
        }
        int64_t s2 = start, e2 = end;
        if (carried.size() == alpha.size()) {
          const double mse2 = fit_ramp(carried, u0, s2, e2);
          if (mse2 < mse) {
            mse = mse2;
            start = s2;
            end = e2;
          }
        }
      }
    }
    if (m_c.events && m_c.events->wants_metrics()) {
      m_c.events->metric(u1, "dissolve_fit_start", static_cast<double>(start));
      m_c.events->metric(u1, "dissolve_fit_end", static_cast<double>(end));
      m_c.events->metric(u1, "dissolve_fit_mse", mse);
    }
    return mse;
  }

  // Fits the ramp of a linear dissolve to the weights of B from frame u0 on: 0 before it, (k + 1) / (N + 1)
  // on its k-th frame, 1 after. Sets start and end when the fit explains them well (a clean ramp; else the
  // windows' own span stands) and returns the mean squared misfit.
  static double fit_ramp(const std::vector<double>& alpha, int64_t u0, int64_t& start, int64_t& end) {
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
  bool m_diss_long = false;                                  // long windows found it
  bool m_diss_short = false;                                 // short windows found it
  int64_t m_closed_end = -1;                                 // the last frame of the last span closed
  std::map<int64_t, std::optional<cv::Point2d>> m_velocity;  // velocity() of recent frames
};

}  // namespace cranes::analysis::boundaries
