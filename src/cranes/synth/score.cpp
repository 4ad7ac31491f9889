// SPDX-License-Identifier: MIT
#include "cranes/synth/score.hpp"

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
  auto gradual = [](const std::string& type) { return type != "cut"; };
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

}  // namespace cranes::synth
