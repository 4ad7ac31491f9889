// SPDX-License-Identifier: MIT
#include "cranes/synth/score.hpp"

#include <algorithm>
#include <cmath>

namespace cranes::synth {

double Score::precision() const {
  const int d = true_positives + false_positives;
  return d == 0 ? 1.0 : static_cast<double>(true_positives) / d;
}
double Score::recall() const {
  const int d = true_positives + false_negatives;
  return d == 0 ? 1.0 : static_cast<double>(true_positives) / d;
}
double Score::f1() const {
  const double p = precision(), r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

TransitionScore score_transitions(const GroundTruth& truth, const std::vector<film::Transition>& detected,
                                  int tolerance) {
  TransitionScore s;
  std::vector<bool> used(truth.transitions.size(), false);
  auto gradual = [](film::TransitionType type) { return film::is_gradual(type); };
  for (const auto& d : detected) {
    const double mid = (d.start_frame + d.end_frame - 1) / 2.0;
    int best = -1;
    double best_dist = 1e18;
    for (size_t i = 0; i < truth.transitions.size(); ++i) {
      const auto& t = truth.transitions[i];
      if (used[i] || gradual(t.type) != gradual(d.type)) continue;
      if (mid < t.start_frame - tolerance || mid > t.end_frame - 1 + tolerance) continue;
      const double dist = std::abs(mid - (t.start_frame + t.end_frame - 1) / 2.0);
      if (dist < best_dist) {
        best_dist = dist;
        best = static_cast<int>(i);
      }
    }
    Score& score = gradual(d.type) ? s.gradual : s.cuts;
    if (best >= 0) {
      used[static_cast<size_t>(best)] = true;
      ++score.true_positives;
    } else {
      ++score.false_positives;
      s.unmatched_detections.push_back(d);
      for (const auto& e : truth.events)
        if (mid >= e.start_frame - tolerance && mid < e.end_frame + tolerance)
          s.false_cuts_in_events.push_back(e.type + " at frame " + std::to_string(d.start_frame));
    }
  }
  for (size_t i = 0; i < truth.transitions.size(); ++i) {
    if (used[i]) continue;
    ++(gradual(truth.transitions[i].type) ? s.gradual : s.cuts).false_negatives;
    s.missed.push_back(truth.transitions[i]);
  }
  return s;
}

namespace {

// A shot is handheld when its truth camera shakes on any frame.
bool filmed_handheld(const GroundTruth& truth, const TruthShot& shot) {
  const auto n = static_cast<int64_t>(truth.camera.size());
  for (int64_t i = shot.start_frame; i < std::min(shot.end_frame, n); ++i) {
    const CameraSample& c = truth.camera[static_cast<size_t>(i)];
    if (c.shake_x_px != 0 || c.shake_y_px != 0) return true;
  }
  return false;
}

}  // namespace

std::vector<TruthMovement> truth_movements(const GroundTruth& truth) {
  std::vector<TruthMovement> out;
  const double fps = truth.fps.to_double();
  const auto n = static_cast<int64_t>(truth.camera.size());
  for (const TruthShot& shot : truth.shots) {
    const bool handheld = filmed_handheld(truth, shot);
    struct Frame {
      film::MovementLabel label;
      double rate;
      double turn;
    };
    std::vector<Frame> frames;
    for (int64_t i = shot.start_frame + 1; i < std::min(shot.end_frame, n); ++i) {
      const CameraSample& a = truth.camera[static_cast<size_t>(i - 1)];
      const CameraSample& b = truth.camera[static_cast<size_t>(i)];
      // Shake roll jitter is part of roll_deg: a handheld shot's roll is no movement.
      // Truck in near-layer distances per second, arc in degrees per second round its centre.
      constexpr int kinds = 7;
      const double rates[kinds] = {(b.pan_deg - a.pan_deg) * fps,
                                   (b.tilt_deg - a.tilt_deg) * fps,
                                   handheld ? 0.0 : (b.roll_deg - a.roll_deg) * fps,
                                   std::log(b.zoom / a.zoom) * fps,
                                   std::log(b.dolly / a.dolly) * fps,
                                   (b.truck - a.truck) * fps,
                                   (b.arc_deg - a.arc_deg) * fps};
      const double thresholds[kinds] = {1.0, 1.0, 1.0, 0.01, 0.01, 0.02, 1.0};
      int best = -1;
      double best_s = 1.0;
      for (int k = 0; k < kinds; ++k)
        if (std::abs(rates[k]) / thresholds[k] >= best_s) {
          best_s = std::abs(rates[k]) / thresholds[k];
          best = k;
        }
      using film::MovementKind;
      static constexpr MovementKind kind_of[kinds] = {
          MovementKind::Pan,   MovementKind::Tilt,  MovementKind::Roll, MovementKind::Zoom,
          MovementKind::Dolly, MovementKind::Truck, MovementKind::Arc};
      if (best < 0)
        frames.push_back({handheld ? film::MovementLabel::Shake : film::MovementLabel::Static, 0, 0});
      else
        frames.push_back({film::directed(kind_of[best], rates[best]),
                          best == 3 || best == 4 ? std::exp(rates[best]) : std::abs(rates[best]),
                          best < 3 ? std::abs(rates[best]) / fps : 0});
    }
    for (size_t j = 0; j < frames.size(); ++j) {
      const int64_t f = shot.start_frame + 1 + static_cast<int64_t>(j);
      // A new segment also where the rate steps (a spin speeding up from 90 to 180 deg/s).
      const bool same_rate =
          out.empty() || out.back().rate <= 0 || std::abs(frames[j].rate / out.back().rate - 1.0) < 0.2;
      if (!out.empty() && out.back().label == frames[j].label && out.back().end_frame == f &&
          out.back().start_frame >= shot.start_frame && same_rate) {
        TruthMovement& m = out.back();
        const double k = static_cast<double>(m.end_frame - m.start_frame);
        m.rate = (m.rate * k + frames[j].rate) / (k + 1);
        m.total += frames[j].turn;
        m.end_frame = f + 1;
      } else {
        out.push_back({f, f + 1, frames[j].label, frames[j].rate, frames[j].turn});
      }
    }
  }
  return out;
}

double MovementScore::accuracy() const {
  return segments.empty() ? 1.0 : static_cast<double>(correct) / static_cast<double>(segments.size());
}

double MovementScore::frame_accuracy() const {
  return frames == 0 ? 1.0 : static_cast<double>(frames_correct) / static_cast<double>(frames);
}

double MovementScore::max_rate_error() const {
  double e = 0;
  for (const auto& s : segments)
    if (s.label_ok && s.rate_error >= 0) e = std::max(e, s.rate_error);
  return e;
}

MovementScore score_movements(const GroundTruth& truth, const film::Film& film) {
  MovementScore score;
  const double fps = truth.fps.to_double();
  for (const TruthMovement& t : truth_movements(truth)) {
    if (static_cast<double>(t.end_frame - t.start_frame) < 0.5 * fps) continue;
    MovementResult r;
    r.truth = t;
    const int64_t trim = (t.end_frame - t.start_frame) / 10;
    const int64_t a = t.start_frame + trim, b = t.end_frame - trim;
    int64_t best_overlap = 0;
    for (const auto& shot : film.shots)
      for (const auto& m : shot.movements) {
        const int64_t overlap = std::min(b, m.end_frame) - std::max(a, m.start_frame);
        if (overlap > best_overlap) {
          best_overlap = overlap;
          r.detected = m.label;
          r.detected_rate = m.rate;
          r.detected_total = m.total;
        }
      }
    r.label_ok = r.detected == t.label;
    if (r.label_ok && t.rate > 0) {
      const film::MovementKind k = film::kind_of(t.label);
      const bool turn =
          k == film::MovementKind::Pan || k == film::MovementKind::Tilt || k == film::MovementKind::Roll;
      const bool scale = k == film::MovementKind::Zoom;
      if (turn)
        r.rate_error = std::abs(r.detected_rate - t.rate) / t.rate;
      else if (scale && r.detected_rate > 0)
        r.rate_error = std::abs(std::log(r.detected_rate) - std::log(t.rate)) / std::abs(std::log(t.rate));
    }
    score.correct += r.label_ok;
    score.segments.push_back(r);
  }
  // Frame accuracy: each truth frame against the detected movement that holds it.
  for (const TruthMovement& t : truth_movements(truth))
    for (int64_t f = t.start_frame; f < t.end_frame; ++f) {
      ++score.frames;
      for (const auto& shot : film.shots)
        for (const auto& m : shot.movements)
          if (f >= m.start_frame && f < m.end_frame && m.label == t.label) ++score.frames_correct;
    }
  // The handheld flag, shot by shot.
  for (const TruthShot& ts : truth.shots) {
    const bool handheld = filmed_handheld(truth, ts);
    for (const auto& shot : film.shots)
      for (const auto& m : shot.movements) {
        const int64_t overlap = std::min(ts.end_frame, m.end_frame) - std::max(ts.start_frame, m.start_frame);
        if (2 * overlap < m.end_frame - m.start_frame) continue;  // mostly in another shot
        (handheld ? score.handheld_movements : score.tripod_movements) += 1;
        (handheld ? score.handheld_flagged : score.tripod_flagged) += m.handheld ? 1 : 0;
      }
  }
  return score;
}

}  // namespace cranes::synth
