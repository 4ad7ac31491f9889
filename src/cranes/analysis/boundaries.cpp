// SPDX-License-Identifier: MIT
// Shot boundaries in one pass over small grey proxies: this file makes each frame's record and joins the
// three detectors (boundaries/cuts.hpp, dissolves.hpp, fades.hpp; alignment in boundaries/aligner.cpp).
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
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <opencv2/imgproc.hpp>

#include "cranes/analysis/boundaries/common.hpp"
#include "cranes/analysis/boundaries/cuts.hpp"
#include "cranes/analysis/boundaries/dissolves.hpp"
#include "cranes/analysis/boundaries/fades.hpp"
#include "cranes/analysis/frame_context.hpp"
#include "cranes/film/shots.hpp"
#include "cranes/media/downscale.hpp"

namespace cranes::analysis {

namespace {
using namespace boundaries;  // NOLINT: the detectors of this analyzer

constexpr Options kDefaults{};
using O = Options;
constexpr OptionSpec<O> kOptions[] = {
    {{"cut-match",
      "A frame starts a new shot when fewer than this fraction of its textured blocks still match the "
      "motion-compensated previous frame",
      "", kDefaults.cut_match, 0.05, 0.95},
     &O::cut_match},
    {{"flash-window",
      "A candidate cut is a flash (or something crossing the lens) when a frame within this time "
      "matches the frame before it again",
      "s", kDefaults.flash_s, 0.0, 3.0},
     &O::flash_s},
    {{"jump-motion",
      "A sudden motion larger than this (fraction of the frame diagonal) between still frames is a "
      "jump cut",
      "", kDefaults.jump_motion, 0.02, 1.0},
     &O::jump_motion},
    {{"jump-still",
      "A jump cut must have this many frames on each side of it that barely move (a pan with repeated "
      "frames, as a frame-rate conversion leaves, moves every other frame)",
      "frames", kDefaults.jump_still, 1, 12, ParamType::Int},
     &O::jump_still},
    {{"whip-sweep",
      "A candidate cut is part of a whip pan when the frames on both sides of it move at least this much "
      "(fraction of the frame diagonal a frame) the same way, by a shift",
      "", kDefaults.whip_sweep, 0.01, 1.0},
     &O::whip_sweep},
    {{"dissolve-residual",
      "How far a frame may be from the average of its neighbours and still be part of a "
      "dissolve (fraction of their difference)",
      "", kDefaults.dissolve_residual, 0.01, 0.6},
     &O::dissolve_residual},
    {{"flat-std",
      "A frame whose contrast (standard deviation of the blurred thumbnail, leaving out the 3 % of its "
      "pixels farthest from the median: a caption) is below this is a solid colour (fades)",
      "grey levels", kDefaults.flat_std, 0.1, 30.0},
     &O::flat_std},
    {{"fade-caption",
      "The share of a frame's pixels (those farthest from its median level) that a fade may leave as they "
      "are: a caption or a logo that stays on the black",
      "", kDefaults.caption_share, 0.0, 0.3},
     &O::caption_share},
    {{"min-shot", "Cuts closer than this to the previous boundary are ignored", "s", kDefaults.min_shot_s,
      0.0, 10.0},
     &O::min_shot_s},
};
constexpr auto kParams = param_specs(kOptions);

class BoundaryAnalyzer final : public Analyzer {
 public:
  explicit BoundaryAnalyzer(const ParamSet& p) : m_o(options_from(p, kOptions)) {}

  // The boundaries do not ask for the pass's tracker: when another analyzer has it run, its motion is one
  // more alignment to try (FrameContext::motion_similarity), else they align the frames themselves. Asking
  // for it would give one path but cost the boundaries alone 25 % (g720, 5 alternating runs); instead a test
  // holds both paths to the same transitions (SameAloneAndInTheWholeAnalysis).

  std::string_view name() const override { return "boundaries"; }

  void begin(const media::VideoInfo& info, cv::Size grey, PassEvents& events) override {
    m_c.events = &events;
    const double fps = media::window_rate(info);
    m_c.lookahead = std::max(2, static_cast<int>(std::lround(m_o.flash_s * fps)));
    m_ring_size =
        static_cast<size_t>(std::max(2 * kMaxLag + 2, 2 * m_c.lookahead + 3));  // look ahead and back
    const int w = std::min(kThumbWidth, std::max(1, grey.width));
    m_c.thumb_size =
        cv::Size(w, std::max(8, static_cast<int>(std::lround(static_cast<double>(w) * grey.height /
                                                             std::max(1, grey.width)))));
  }

  void process(const media::Frame& frame, FrameContext& ctx) override {
    Rec r;
    r.index = frame.index;
    r.grey = ctx.grey();
    // Halve (fast 2x2 box averages) while the proxy is at least twice the thumbnail, then a short bilinear
    // step (an area resize at 2.5x costs eight times more); a proxy smaller than that, by area.
    const cv::Mat halved = media::halve_while(r.grey, m_c.thumb_size, m_half_a, m_half_b);
    cv::Mat small;
    cv::resize(halved, small, m_c.thumb_size, 0, 0,
               halved.data == r.grey.data ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::GaussianBlur(small, small, cv::Size(3, 3), 0.8);
    r.core_std = core_spread(small, m_o.caption_share);
    small.convertTo(r.thumb, CV_32F);
    cv::Mat wide, wider;
    // GaussianBlur(thumb, sigma 2.5 and 6.0), with the kernels made once.
    cv::sepFilter2D(r.thumb, wide, CV_32F, m_blur_wide, m_blur_wide);
    cv::sepFilter2D(r.thumb, wider, CV_32F, m_blur_wider, m_blur_wider);
    band_pass(r, wide, wider);
    r.flat = r.core_std < m_o.flat_std;
    if (!m_c.ring.empty()) m_cuts.compare_with_previous(m_c.ring.back(), r, ctx.motion_similarity());
    m_c.thumbs.push_back({r.index, r.thumb, r.detail, r.detail_std, r.mean});
    if (m_c.thumbs.size() > kHistoryFrames) m_c.thumbs.pop_front();
    m_c.ring.push_back(std::move(r));
    if (m_c.ring.size() > m_ring_size) m_c.ring.pop_front();

    const Rec& cur = m_c.ring.back();
    if (m_c.events && m_c.events->wants_metrics()) {
      m_c.events->metric(cur.index, "std", cur.std);
      m_c.events->metric(cur.index, "flat", cur.flat);
      m_c.events->metric(cur.index, "judged", cur.judged);
      m_c.events->metric(cur.index, "match_prev", cur.match_prev);
      m_c.events->metric(cur.index, "motion_prev", cur.motion_prev);
    }
    m_cuts.consider(cur);
    m_fades.track_flat_runs(cur);
    m_dissolves.look_for_dissolves(cur.index);
    m_cuts.decide_pending(cur.index, false);
  }

  // The standard deviation of an 8-bit picture's levels without the `share` of its pixels farthest from the
  // median: from the histogram, taking levels outward from the median until the rest is left.
  static double core_spread(const cv::Mat& grey8, double share) {
    std::array<int, 256> hist{};
    for (int y = 0; y < grey8.rows; ++y) {
      const uchar* p = grey8.ptr<uchar>(y);
      for (int x = 0; x < grey8.cols; ++x) ++hist[p[x]];
    }
    const double n = static_cast<double>(grey8.total());
    int median = 0;
    for (double seen = 0; median < 255; ++median)
      if ((seen += hist[static_cast<size_t>(median)]) >= n / 2) break;
    const double keep = (1.0 - share) * n;
    double count = 0, sum = 0, sum2 = 0;
    auto take = [&](int level, double k) {
      count += k;
      sum += k * level;
      sum2 += k * level * level;
    };
    take(median, std::min(static_cast<double>(hist[static_cast<size_t>(median)]), keep));
    for (int d = 1; d < 256 && count < keep; ++d)
      for (const int level : {median - d, median + d})
        if (level >= 0 && level <= 255 && count < keep)
          take(level, std::min(static_cast<double>(hist[static_cast<size_t>(level)]), keep - count));
    if (count <= 0) return 0;
    const double mean = sum / count;
    return std::sqrt(std::max(0.0, sum2 / count - mean * mean));
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
    const int64_t last = m_c.events->times().size() - 1;
    m_cuts.decide_pending(last, true);
    m_dissolves.close_dissolve();
    m_fades.finish_flat_runs(last);
    std::sort(
        m_c.decided.begin(), m_c.decided.end(),
        [](const film::Transition& a, const film::Transition& b) { return a.start_frame < b.start_frame; });
    // Cuts inside a dissolve are the dissolve; a "dissolve" overlapping a fade is the fade's own ramp (solid
    // frames are the surer evidence); cuts too close to the previous boundary are dropped.
    std::vector<film::Transition> kept;
    for (const auto& t : m_c.decided) {
      if (t.type == film::TransitionType::Dissolve) {
        bool overlaps_fade = false;
        for (const auto& f : m_c.decided)
          if (film::is_fade(f.type) && t.start_frame < f.end_frame + 1 && f.start_frame < t.end_frame + 1)
            overlaps_fade = true;
        if (overlaps_fade) continue;
        // Two spans of one long dissolve, the later closed after the earlier and fitted back into it, are
        // that dissolve: a film's transitions never overlap.
        if (!kept.empty() && kept.back().type == film::TransitionType::Dissolve &&
            t.start_frame < kept.back().end_frame) {
          kept.back().end_frame = std::max(kept.back().end_frame, t.end_frame);
          continue;
        }
      }
      if (t.type == film::TransitionType::Cut) {
        bool inside = false;
        for (const auto& g : m_c.decided)
          if (film::is_gradual(g.type) && t.start_frame >= g.start_frame - 1 &&
              t.start_frame <= g.end_frame + 1)
            inside = true;
        if (inside) continue;
        if (!kept.empty()) {
          const int64_t prev =
              kept.back().type == film::TransitionType::Cut ? kept.back().start_frame : kept.back().end_frame;
          const FrameTimes& times = m_c.events->times();
          if (prev >= 0 && prev < times.size() &&
              times.start(t.start_frame) - times.start(prev) < m_o.min_shot_s)
            continue;
        }
      }
      kept.push_back(t);
    }
    film.transitions = kept;
    const FrameTimes& times = m_c.events->times();
    film.shots =
        film::shots_from_transitions(kept, times.size(), [&](int64_t f) { return times.start_or_end(f); });
  }

 private:
  cv::Mat m_half_a, m_half_b;  // halve_while's buffers
  // GaussianBlur's own kernels for these sigmas (its size rule for float images: 8 sigma + 1, odd).
  const cv::Mat m_blur_wide = cv::getGaussianKernel(21, 2.5, CV_32F);
  const cv::Mat m_blur_wider = cv::getGaussianKernel(49, 6.0, CV_32F);
  // Parameters.
  const Options m_o;
  size_t m_ring_size = 40;
  // State: what the detectors share, and the detectors.
  Context m_c;
  Cuts m_cuts{m_c, m_o};
  Dissolves m_dissolves{m_c, m_o.dissolve_residual};
  Fades m_fades{m_c};
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
