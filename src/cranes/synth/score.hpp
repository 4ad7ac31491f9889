// SPDX-License-Identifier: MIT
// Scores detected transitions against synthetic ground truth, as shot-detection benchmarks do (TransNetV2's
// protocol): a detection matches a truth transition of its kind when its middle falls within the truth's frame
// range widened by a tolerance (2 frames); each truth transition is matched at most once.
#pragma once

#include <string>
#include <vector>

#include "cranes/film/film.hpp"
#include "cranes/synth/synth.hpp"

namespace cranes::synth {

struct Score {
  int true_positives = 0;
  int false_positives = 0;
  int false_negatives = 0;
  double precision() const;
  double recall() const;
  double f1() const;  ///< 1 when there is nothing to find and nothing was found
};

struct TransitionScore {
  Score cuts;     ///< hard cuts
  Score gradual;  ///< dissolves and fades
  /// Detections (of any kind) that fall inside an event that must not be cut: "flash", "spin", ...
  std::vector<std::string> false_cuts_in_events;
  std::vector<film::Transition> unmatched_detections;
  std::vector<TruthTransition> missed;
};

TransitionScore score_transitions(const GroundTruth& truth, const std::vector<film::Transition>& detected,
                                  int tolerance_frames = 2);

}  // namespace cranes::synth
