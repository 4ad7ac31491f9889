// SPDX-License-Identifier: MIT
// The stills picker (docs/stills.md). In the single pass, a few frames a second become candidates, scored on
// the grey proxy and the shared tracker's motion: sharpness (variance of the Laplacian), motion blur (the
// picture's motion at the corners, from the frame before to the frame after), exposure and contrast. A
// candidate near a flash or an exposure jump (the mean grey of its neighbours differs) or in a whip pan's
// smear is dropped; the rest wait, holding the decoder's picture by reference (no copy, no conversion), until
// their shot closes: a transition published by the boundaries analyzer and settled past its latency. Then
// the shot's candidates away from its transitions compete within each of its movement segments (segmented
// as the motion analyzer does), with a bonus for the frames most like the shot as a whole, and the winners
// are converted to full-size colour, cropped to the active picture, and handed to the pass's sink.
//
// Memory stays flat: at most 8 to 32 candidates are held (as many as fit in kKeptBytes) (thinned where they
// crowd), and with a budget for the whole film each equal part of it holds only its best so far, emitted once
// the stream has passed it.
#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <opencv2/imgproc.hpp>

#include "cranes/analysis/active_picture.hpp"
#include "cranes/analysis/analyzer.hpp"
#include "cranes/analysis/frame_context.hpp"
#include "cranes/analysis/movements.hpp"
#include "cranes/core/format.hpp"
#include "cranes/film/still_files.hpp"

namespace cranes::analysis {

namespace {

constexpr ParamSpec kParams[] = {
    {"stills",
     "Stills per shot, and per movement of a shot whose camera moves several ways; -1: a budget for the "
     "whole film (stills-budget); 0: none",
     "", -1.0, -1.0, 20.0, ParamType::Int},
    {"stills-budget",
     "With stills -1: the film is cut into this many equal parts of time (fewer in a short film: see "
     "stills-every) and each gives its best still",
     "", 24.0, 1.0, 10000.0, ParamType::Int},
    {"stills-every",
     "With stills -1: no part of the film shorter than this (a one-minute clip gives six stills)", "s", 10.0,
     0.5, 3600.0},
    {"stills-margin", "No still this close to a transition, a flash or an exposure jump", "s", 0.25, 0.04,
     5.0},
    {"stills-keep-bars", "true: keep letterbox and pillarbox bars in the stills; false: crop them", "", 0.0,
     0.0, 1.0, ParamType::Bool},
};

// Candidates held at once, each a decoded picture by reference: as many as fit in kKeptBytes (23 at 720p,
// 10 at 1080p), never fewer than 8 nor more than 32.
constexpr size_t kKeptBytes = size_t{32} << 20;
constexpr size_t kMinKept = 8, kMaxKept = 32;
// Every third frame is a candidate (8 a second at 24 and 25 fps): declared before the decoder opens (Needs),
// so that the other frames' pictures are released at once.
constexpr int kCandidateEvery = 3;
constexpr double kSharpHalf = 150;   // variance of the Laplacian on the grey proxy that scores one half
constexpr double kBlurHalf = 0.01;   // picture motion at the corners (frame widths a frame) that halves it
constexpr double kSmearBlur = 0.06;  // faster than this the frame is a smear (a whip pan), never a still
constexpr double kLumaJump = 6.0;  // grey levels: a neighbour this much brighter or darker is a flash or jump
constexpr double kLumaJumpShare = 0.06;  // ... or by this share of the frame's own mean, when more
constexpr double kMinContrast = 6.0;     // grey-level standard deviation below which a frame shows nothing
constexpr int kHistBins = 16;
// With a budget for the whole film, one camera move (or one static shot) gives at most one still this often:
// a long take earns several, a short film does not fill its budget with near-identical frames.
constexpr double kUnitSpacingS = 4.0;
constexpr double kStaticSpacingS = 12.0;

using Histogram = std::array<float, kHistBins>;

struct Candidate {
  int64_t frame = 0;
  double time_s = 0;
  double sharp = 0;     // variance of the Laplacian
  double contrast = 0;  // standard deviation of grey
  double mean = 0;
  double clipped = 0;  // share of pixels crushed to black or burnt to white
  Histogram hist{};
  double blur = 0;  // corner motion, frame widths per frame
  double score = 0;
  std::shared_ptr<const media::DecodedPicture> picture;
  cv::Mat full;  // when the pass decodes every full frame anyway
};

// The statistics of the grey proxy inside the active picture, from one 256-bin histogram.
void measure(const cv::Mat& grey, Candidate& c) {
  std::array<int, 256> h{};
  for (int y = 0; y < grey.rows; ++y) {
    const uint8_t* row = grey.ptr(y);
    for (int x = 0; x < grey.cols; ++x) ++h[row[x]];
  }
  const double n = static_cast<double>(grey.total());
  double sum = 0, sum2 = 0;
  for (int v = 0; v < 256; ++v) {
    sum += static_cast<double>(v) * h[v];
    sum2 += static_cast<double>(v) * v * h[v];
    c.hist[static_cast<size_t>(v * kHistBins / 256)] += static_cast<float>(h[v] / n);
  }
  c.mean = sum / n;
  c.contrast = std::sqrt(std::max(0.0, sum2 / n - c.mean * c.mean));
  c.clipped = (h[0] + h[1] + h[2] + h[253] + h[254] + h[255]) / n;
  cv::Mat lap;
  cv::Laplacian(grey, lap, CV_16S);
  cv::Scalar m, sd;
  cv::meanStdDev(lap, m, sd);
  c.sharp = sd[0] * sd[0];
}

double exposure_term(const Candidate& c) {
  const double contrast = std::min(1.0, c.contrast / 40.0);
  const double clipping = std::clamp(1.0 - 5.0 * (c.clipped - 0.02), 0.0, 1.0);
  const double level = std::clamp(1.0 - (std::abs(c.mean - 118.0) - 70.0) / 50.0, 0.2, 1.0);
  return contrast * clipping * level;
}

// Half the L1 distance of two histograms: 0 = alike, 1 = nothing in common.
double histogram_distance(const Histogram& a, const Histogram& b) {
  double d = 0;
  for (int i = 0; i < kHistBins; ++i) d += std::abs(a[static_cast<size_t>(i)] - b[static_cast<size_t>(i)]);
  return d / 2;
}

// A unit the candidates compete in: a movement segment of a shot (or the whole shot).
struct Unit {
  int64_t start = 0, end = 0;
  std::string what;  // the movement word ("shot" when unknown)
};

class StillsAnalyzer final : public Analyzer {
 public:
  explicit StillsAnalyzer(const ParamSet& p)
      : m_per_unit(p.get_int("stills")),
        m_budget(p.get_int("stills-budget")),
        m_every_s(p.get("stills-every")),
        m_margin_s(p.get("stills-margin")),
        m_keep_bars(p.get_bool("stills-keep-bars")) {
    m_thresholds.fov_deg = p.get("fov");
  }

  std::string_view name() const override { return "stills"; }
  Needs needs() const override {
    Needs n;
    if (m_per_unit == 0) return n;
    n.chosen_full_frames = true;
    n.chosen_every = kCandidateEvery;
    n.tracker_fov_deg = m_thresholds.fov_deg;
    n.luma_period_s = 1.0;  // for the bars to crop (the framing analyzer asks the same)
    return n;
  }

  void begin(const media::VideoInfo& info, cv::Size grey, PassEvents& events) override {
    m_events = &events;
    m_info = info;
    m_grey_size = grey;
    m_fps = media::window_rate(info);
    m_window = std::max<int64_t>(2, std::lround(m_margin_s * m_fps));
    const size_t picture_bytes = std::max<size_t>(1, 3 * static_cast<size_t>(info.width) * info.height / 2);
    m_max_kept = std::clamp(kKeptBytes / picture_bytes, kMinKept, kMaxKept);
    for (const AnalyzerInfo& a : registry()) m_settle = std::max<int64_t>(m_settle, a.publish_latency_frames);
    if (m_per_unit < 0 && info.duration_s > 0) {
      m_budget = std::clamp(static_cast<int>(info.duration_s / m_every_s), 1, m_budget);
      m_part_s = info.duration_s / m_budget;
    }
    if (m_per_unit < 0 && m_part_s <= 0) m_per_unit = 1;  // no duration to share out: one a shot
  }

  void process(const media::Frame& frame, FrameContext& ctx) override {
    if (m_per_unit == 0) return;
    const FrameMotion* motion = ctx.motion();
    m_motion.push_back(motion ? *motion : FrameMotion{});
    if (!frame.luma.empty()) m_bars.add(frame.luma);
    const cv::Mat roi = frame.grey(proxy_area());
    double mean = cv::mean(roi)[0];
    if (frame.index % kCandidateEvery == 0 && (frame.picture || !frame.full.empty())) {
      Candidate c;
      c.frame = frame.index;
      c.time_s = frame.time_s;
      measure(roi, c);
      mean = c.mean;
      c.picture = frame.picture;
      c.full = frame.full;
      m_pending.push_back(std::move(c));
    }
    m_mean.push_back(static_cast<float>(mean));
    while (!m_pending.empty() && m_pending.front().frame + m_window <= frame.index) judge_front();
    while (!m_transitions.empty() && frame.index >= m_transitions.front().end_frame + m_settle + m_window) {
      const film::Transition t = m_transitions.front();
      m_transitions.pop_front();
      close_shot(t.start_frame, t.end_frame);
    }
    // A take too long to hold whole is judged in pieces as long as those the motion analyzer segments at
    // once, so that what is held per frame stays bounded however long the take.
    const int64_t lag = m_settle + m_window;
    if (m_transitions.empty() && frames_seen() - m_shot_start > 2 * kMovementPieceFrames + lag)
      close_shot(frames_seen() - lag, frames_seen() - lag);
    trim();
  }

  void on_transition(const film::Transition& t) override {
    if (m_per_unit == 0) return;
    auto at = std::upper_bound(
        m_transitions.begin(), m_transitions.end(), t,
        [](const film::Transition& a, const film::Transition& b) { return a.start_frame < b.start_frame; });
    m_transitions.insert(at, t);
    m_seen.push_back(t);
  }

  void finish(film::Film& film) override {
    if (m_per_unit == 0) return;
    while (!m_pending.empty()) judge_front();
    const int64_t end = frames_seen();
    for (const film::Transition& t : m_transitions) close_shot(t.start_frame, t.end_frame);
    m_transitions.clear();
    close_shot(end, end);
    if (m_part_s > 0) emit_parts_before(std::numeric_limits<double>::infinity());
    std::sort(m_stills.begin(), m_stills.end(),
              [](const film::Still& a, const film::Still& b) { return a.frame < b.frame; });
    for (film::Still& s : m_stills)
      for (const film::Shot& shot : film.shots)
        if (s.frame >= shot.start_frame && s.frame < shot.end_frame) s.shot = shot.index;
    film.stills = std::move(m_stills);
    // The shots as boundaries finally decided them may join some the stream closed apart: the best key
    // frame within each wins.
    for (film::Shot& shot : film.shots) {
      double best = -1;
      for (const auto& [frame, score] : m_key_frames)
        if (frame >= shot.start_frame && frame < shot.end_frame && score > best) {
          best = score;
          shot.key_frame = frame;
        }
    }
  }

 private:
  struct Pick {
    Candidate candidate;
    std::string reason;
    int64_t unit = -1;  // the first frame of the unit it won in
    bool static_unit = false;
  };

  // The active picture in grey-proxy pixels (the whole proxy until bars are found).
  cv::Rect proxy_area() const {
    const cv::Rect full(0, 0, m_grey_size.width, m_grey_size.height);
    const cv::Rect luma = m_bars.current();
    if (luma.area() <= 0 || m_info.width <= 0 || m_info.height <= 0) return full;
    const double sx = static_cast<double>(m_grey_size.width) / m_info.width;
    const double sy = static_cast<double>(m_grey_size.height) / m_info.height;
    const cv::Rect r(static_cast<int>(std::ceil(luma.x * sx)), static_cast<int>(std::ceil(luma.y * sy)),
                     static_cast<int>(luma.width * sx), static_cast<int>(luma.height * sy));
    const cv::Rect clipped = r & full;
    return clipped.width >= 8 && clipped.height >= 8 ? clipped : full;
  }

  size_t slot(int64_t frame) const { return m_held + static_cast<size_t>(frame - m_first_frame); }
  float mean_at(int64_t frame) const { return m_mean[slot(frame)]; }
  const FrameMotion& motion_at(int64_t frame) const { return m_motion[slot(frame)]; }
  int64_t frames_seen() const { return m_first_frame + static_cast<int64_t>(m_mean.size() - m_held); }

  // Scores the oldest pending candidate now that the frames around it are in; drops it when it is near a
  // flash or an exposure jump, smeared by a whip pan, or shows nothing.
  void judge_front() {
    Candidate c = std::move(m_pending.front());
    m_pending.pop_front();
    const int64_t last = frames_seen() - 1;
    const double allowed = std::max(kLumaJump, kLumaJumpShare * c.mean);
    for (int64_t j = std::max(m_first_frame, c.frame - m_window); j <= std::min(last, c.frame + m_window);
         ++j)
      if (std::abs(mean_at(j) - c.mean) > allowed) return;
    // The shutter was open while the picture moved from the frame before to the frame after.
    bool tracked = true;
    for (int64_t j = c.frame; j <= std::min(last, c.frame + 1); ++j) {
      const FrameMotion& m = motion_at(j);
      if (j > m_first_frame && !m.ok) tracked = false;
      const double dt = 1.0 / m_fps;
      c.blur = std::max(c.blur, corner_speed(camera_rates(m, dt)) * dt);
    }
    if (!tracked || c.blur > kSmearBlur || c.contrast < kMinContrast) return;
    const double sharp = c.sharp / (c.sharp + kSharpHalf);
    const double steady = 1.0 / (1.0 + c.blur / kBlurHalf);
    c.score = sharp * (0.25 + 0.75 * steady) * exposure_term(c);
    m_kept.push_back(std::move(c));
    if (m_kept.size() > m_max_kept) thin();
  }

  // Too many held: of the two candidates closest in time, the weaker goes.
  void thin() {
    size_t worst = 0;
    double closest = 1e300;
    for (size_t i = 0; i + 1 < m_kept.size(); ++i) {
      const double gap = m_kept[i + 1].time_s - m_kept[i].time_s;
      if (gap < closest) {
        closest = gap;
        worst = m_kept[i].score < m_kept[i + 1].score ? i : i + 1;
      }
    }
    m_kept.erase(m_kept.begin() + static_cast<std::ptrdiff_t>(worst));
  }

  bool near_transition(int64_t frame) const {
    for (const film::Transition& t : m_seen)
      if (frame >= t.start_frame - m_window && frame < t.end_frame + m_window) return true;
    return false;
  }

  // The shot from m_shot_start to `end` (exclusive) is over; the next starts at `next`.
  void close_shot(int64_t end, int64_t next) {
    end = std::min(end, frames_seen());
    std::vector<Candidate> mine;
    std::vector<Candidate> rest;
    for (Candidate& c : m_kept) {
      if (c.frame >= next)
        rest.push_back(std::move(c));
      else if (c.frame >= m_shot_start && c.frame < end && !near_transition(c.frame))
        mine.push_back(std::move(c));
    }
    m_kept = std::move(rest);
    if (!mine.empty() && end > m_shot_start) {
      const auto best = std::max_element(
          mine.begin(), mine.end(), [](const Candidate& a, const Candidate& b) { return a.score < b.score; });
      m_key_frames.emplace_back(best->frame, best->score);
      choose(mine, units(m_shot_start, end), end);
    }
    m_shot_start = std::max(m_shot_start, next);
    if (m_part_s > 0) emit_parts_before(time_of(std::min(next, frames_seen() - 1)));
  }

  double time_of(int64_t frame) const { return m_events->times().start(frame); }
  int part_of(double time_s) const {
    if (std::isinf(time_s)) return m_budget;
    const double t0 = m_events->times().start(0);
    return std::clamp(static_cast<int>((time_s - t0) / m_part_s), 0, m_budget - 1);
  }

  // The shot's movement segments, as the motion analyzer finds them; the whole shot when it moves one way.
  std::vector<Unit> units(int64_t start, int64_t end) const {
    std::vector<Unit> out;
    if (start >= m_first_frame && end <= frames_seen() && end - start > 1) {
      const auto& times = m_events->times();
      const std::span<const FrameMotion> motion(&m_motion[slot(start)], static_cast<size_t>(end - start));
      const std::vector<double> t = times.starts(start, end);
      const double end_s = times.start_or_end(end);
      // Neighbours with the same word (a roll that changes speed) are one move to the eye; a whip or crash
      // zoom is no unit of its own (its smeared frames are never stills) but part of the move before it.
      int64_t from = -1;  // the start of a burst that opens the shot
      for (const film::Movement& m : segment_movements(motion, t, start, end_s, m_thresholds)) {
        const std::string what(film::word(m.label));
        if (m.whip && !out.empty())
          out.back().end = m.end_frame;
        else if (m.whip)
          from = from < 0 ? m.start_frame : from;
        else if (!out.empty() && out.back().what == what)
          out.back().end = m.end_frame;
        else
          out.push_back({from >= 0 && out.empty() ? from : m.start_frame, m.end_frame, what});
      }
    }
    if (out.size() <= 1) return {{start, end, out.empty() ? "shot" : out.front().what}};
    return out;
  }

  void choose(std::vector<Candidate>& mine, const std::vector<Unit>& units, int64_t end) {
    // How like the shot each candidate is: its histogram against the shot's mean (ffmpeg's thumbnail
    // filter's idea), so a frame crossed by something passing scores below the shot's usual picture.
    Histogram mean{};
    for (const Candidate& c : mine)
      for (int i = 0; i < kHistBins; ++i) mean[static_cast<size_t>(i)] += c.hist[static_cast<size_t>(i)];
    for (float& v : mean) v /= static_cast<float>(mine.size());
    for (Candidate& c : mine) c.score *= 1.0 - 0.3 * histogram_distance(c.hist, mean);
    const bool whole = units.size() == 1;
    for (size_t u = 0; u < units.size(); ++u) {
      // The middle of a move: its first and last tenth belong as much to the moves beside it.
      Unit unit = units[u];
      if (!whole) {
        const int64_t trim = (unit.end - unit.start) / 10;
        unit.start += trim;
        unit.end -= trim;
      }
      const std::string what =
          whole ? "its shot" : format("movement %zu of %zu (%s)", u + 1, units.size(), unit.what.c_str());
      if (m_part_s > 0) {
        offer_parts(mine, unit, what);
        continue;
      }
      // Per unit: the best N, no two closer than a share of the unit.
      const double unit_s = time_of(std::min(unit.end, end)) - time_of(unit.start);
      const double spacing = unit_s / (2.0 * m_per_unit);
      std::vector<const Candidate*> picked;
      for (int k = 0; k < m_per_unit; ++k) {
        const Candidate* best = nullptr;
        for (const Candidate& c : mine) {
          if (c.frame < unit.start || c.frame >= unit.end) continue;
          const bool crowded = std::any_of(picked.begin(), picked.end(), [&](const Candidate* p) {
            return p == &c || std::abs(p->time_s - c.time_s) < spacing;
          });
          if (!crowded && (!best || c.score > best->score)) best = &c;
        }
        if (!best) break;
        picked.push_back(best);
      }
      for (const Candidate* c : picked) emit(*c, "sharpest steady frame of " + what);
    }
  }

  // Budget mode: each part of the film keeps its best still so far.
  void offer_parts(const std::vector<Candidate>& mine, const Unit& unit, const std::string& what) {
    std::map<int, const Candidate*> best;
    for (const Candidate& c : mine) {
      if (c.frame < unit.start || c.frame >= unit.end) continue;
      const int part = part_of(c.time_s);
      auto& b = best[part];
      if (!b || c.score > b->score) b = &c;
    }
    for (const auto& [part, c] : best) {
      auto it = m_parts.find(part);
      if (it == m_parts.end() || c->score > it->second.candidate.score)
        m_parts[part] = Pick{*c,
                             format("best of part %d of %d of the film: sharpest steady frame of %s",
                                    part + 1, m_budget, what.c_str()),
                             unit.start, unit.what == "shot" || unit.what == "static"};
    }
  }

  void emit_parts_before(double time_s) {
    while (!m_parts.empty() && m_parts.begin()->first < part_of(time_s)) {
      const Pick& p = m_parts.begin()->second;
      const double spacing = p.static_unit ? kStaticSpacingS : kUnitSpacingS;
      if (p.unit != m_last_unit || p.candidate.time_s - m_last_time >= spacing) {
        emit(p.candidate, p.reason);
        m_last_unit = p.unit;
        m_last_time = p.candidate.time_s;
      }
      m_parts.erase(m_parts.begin());
    }
  }

  void emit(const Candidate& c, const std::string& reason) {
    // Square pixels, bars cropped; a copy, so the decoder's picture is released with the candidate.
    cv::Mat bgr = film::display_picture(c.full.empty() ? c.picture->bgr() : c.full,
                                        m_keep_bars ? cv::Rect() : m_bars.current(), m_info.sar.to_double());
    StillFrame s{c.frame, c.time_s, std::round(c.score * 1000) / 1000, reason, std::move(bgr)};
    film::Still record = m_events->still(std::move(s));
    record.frame = c.frame;
    record.time_s = std::round(c.time_s * 1000) / 1000;
    record.score = std::round(c.score * 1000) / 1000;
    record.reason = reason;
    m_stills.push_back(std::move(record));
  }

  // Forgets the frames no candidate or shot can look at again.
  void trim() {
    int64_t keep_from = m_shot_start;
    if (!m_kept.empty()) keep_from = std::min(keep_from, m_kept.front().frame);
    if (!m_pending.empty()) keep_from = std::min(keep_from, m_pending.front().frame);
    keep_from = std::min(keep_from, frames_seen() - 1 - m_window);
    if (keep_from > m_first_frame) {
      m_held += static_cast<size_t>(keep_from - m_first_frame);
      m_first_frame = keep_from;
    }
    // The vectors stay contiguous (for segment_movements) and are compacted once half of them is forgotten.
    if (m_held > 1024 && m_held * 2 > m_mean.size()) {
      m_mean.erase(m_mean.begin(), m_mean.begin() + static_cast<std::ptrdiff_t>(m_held));
      m_motion.erase(m_motion.begin(), m_motion.begin() + static_cast<std::ptrdiff_t>(m_held));
      m_held = 0;
    }
    while (!m_seen.empty() && m_seen.front().end_frame + m_window < std::min(m_shot_start, keep_from))
      m_seen.pop_front();
  }

  int m_per_unit = -1;
  int m_budget = 24;  // the parts of the film, in budget mode
  double m_every_s = 10;
  double m_margin_s = 0.25;
  bool m_keep_bars = false;
  MovementThresholds m_thresholds;
  PassEvents* m_events = nullptr;
  media::VideoInfo m_info;
  cv::Size m_grey_size;
  double m_fps = 25;
  size_t m_max_kept = kMaxKept;
  int64_t m_window = 6;  // frames on each side that must hold the same exposure; the transitions' margin
  int64_t m_settle = 0;  // frames after a transition's end until it is sure (the publishers' latency)
  double m_part_s = 0;   // budget mode: the length of one part of the film
  ActivePicture m_bars;
  // Per frame from m_first_frame on, at m_held onwards (the entries before are forgotten, not yet erased).
  int64_t m_first_frame = 0;
  size_t m_held = 0;
  std::vector<float> m_mean;
  std::vector<FrameMotion> m_motion;
  std::deque<Candidate> m_pending;
  std::vector<Candidate> m_kept;
  std::deque<film::Transition> m_transitions;  // published, not yet settled, by start
  std::deque<film::Transition> m_seen;         // published and still near the frames held
  int64_t m_shot_start = 0;
  std::map<int, Pick> m_parts;
  int64_t m_last_unit = -1;  // budget mode: the unit and time of the last still emitted
  double m_last_time = 0;
  std::vector<film::Still> m_stills;
  std::vector<std::pair<int64_t, double>> m_key_frames;  // each closed shot's best candidate, with its score
};

std::unique_ptr<Analyzer> make_stills_analyzer(const ParamSet& params) {
  return std::make_unique<StillsAnalyzer>(params);
}

constexpr std::string_view kAfter[] = {"boundaries", "framing", "motion"};  // shots, bars, movements
const Registration kRegistration{
    {"stills", "standout stills per shot and movement", kParams, &make_stills_analyzer, kAfter, 0, true}};

}  // namespace

}  // namespace cranes::analysis
