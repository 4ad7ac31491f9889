// SPDX-License-Identifier: MIT
// Scores detected transitions against synthetic ground truth, as shot-detection benchmarks do (TransNetV2's
// protocol): a detection matches a truth transition of its kind when its middle falls within the truth's
// frame range widened by a tolerance (2 frames); each truth transition is matched at most once.
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

/// A stretch of one camera movement in the truth: runs of frames whose exact camera change (finite
/// differences of the per-frame camera) has the same strongest component at the same rate (within 20 %),
/// labelled as the motion analyzer labels them (docs/format.md). Shots with handheld shake and no other move
/// are "shake".
struct TruthMovement {
  int64_t start_frame = 0;
  int64_t end_frame = 0;
  film::MovementLabel label = film::MovementLabel::Static;
  double rate = 0;   ///< deg/s for pan, tilt, roll; scale factor per second for zoom and dolly (background)
  double total = 0;  ///< degrees turned (pan, tilt, roll)
};

std::vector<TruthMovement> truth_movements(const GroundTruth& truth);

struct MovementResult {
  TruthMovement truth;
  std::optional<film::MovementLabel>
      detected;  ///< label of the detected movement covering most of the truth's middle 80 %
  double detected_rate = 0;
  double detected_total = 0;
  bool label_ok = false;
  double rate_error = -1;  ///< relative (|ln| ratio for zoom); -1 when not compared
};

struct MovementScore {
  std::vector<MovementResult> segments;  ///< truth segments of at least 0.5 s
  int correct = 0;
  /// Frame by frame over every shot: frames whose detected movement has the truth's label.
  int64_t frames = 0, frames_correct = 0;
  /// Detected movements inside shots filmed handheld (truth shake) and on a tripod, and how many of each
  /// say `handheld`.
  int handheld_movements = 0, handheld_flagged = 0, tripod_movements = 0, tripod_flagged = 0;
  double accuracy() const;
  double frame_accuracy() const;
  double max_rate_error() const;  ///< over label-correct pan/tilt/roll/zoom segments
};

MovementScore score_movements(const GroundTruth& truth, const film::Film& film);

}  // namespace cranes::synth
