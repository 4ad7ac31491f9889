// SPDX-License-Identifier: MIT
#include "cranes/film/shots.hpp"

#include <algorithm>

namespace cranes::film {

std::vector<Shot> shots_from_transitions(const std::vector<Transition>& transitions, int64_t frames,
                                         const std::vector<double>& frame_time_s) {
  return shots_from_transitions(transitions, frames, [&](int64_t f) {
    if (frame_time_s.empty()) return 0.0;
    return frame_time_s[static_cast<size_t>(
        std::clamp<int64_t>(f, 0, static_cast<int64_t>(frame_time_s.size()) - 1))];
  });
}

std::vector<Shot> shots_from_transitions(const std::vector<Transition>& transitions, int64_t frames,
                                         const std::function<double(int64_t)>& time_of) {
  auto time_at = [&](int64_t f) { return time_of(std::clamp<int64_t>(f, 0, std::max<int64_t>(0, frames))); };
  struct Boundary {
    int64_t frame;
    TransitionType out_type;  // how the shot before it ends
    TransitionType in_type;   // how the shot after it starts
  };
  std::vector<Boundary> bounds;
  for (size_t i = 0; i < transitions.size(); ++i) {
    const auto& t = transitions[i];
    Boundary b{t.start_frame, t.type, t.type};
    if (t.type == TransitionType::FadeIn && i == 0)
      continue;  // a leader on black before the first shot belongs to it
    if (t.type == TransitionType::Dissolve) b.frame = t.start_frame + (t.end_frame - t.start_frame) / 2;
    if (t.type == TransitionType::FadeOut) {
      // The fading shot ends with its fade. When a fade-in (or a cut out of the dark) follows, the next shot
      // starts there, and any hold on the solid colour between them belongs to it.
      const Transition* next = i + 1 < transitions.size() ? &transitions[i + 1] : nullptr;
      if (!next) continue;  // the film ends on the solid colour: it stays with the last shot
      if (next &&
          (next->type == TransitionType::FadeIn ||
           (next->type == TransitionType::Cut && time_at(next->start_frame) - time_at(t.end_frame) < 2.0))) {
        b.frame = next->start_frame;
        b.in_type = next->type;
        ++i;
      } else {
        b.frame = t.end_frame;
      }
    }
    if (b.frame <= 0 || b.frame >= frames) continue;
    if (!bounds.empty() && bounds.back().frame >= b.frame) continue;
    bounds.push_back(b);
  }
  std::vector<Shot> shots;
  int64_t start = 0;
  std::optional<TransitionType> in;
  for (size_t i = 0; i <= bounds.size(); ++i) {
    const int64_t end = i < bounds.size() ? bounds[i].frame : frames;
    if (end > start) {
      Shot s;
      s.index = static_cast<int>(shots.size());
      s.start_frame = start;
      s.end_frame = end;
      s.start_s = time_at(start) - time_at(0);
      s.end_s = time_at(end) - time_at(0);
      s.length_s = s.end_s - s.start_s;
      s.transition_in = in;
      s.transition_out = i < bounds.size() ? std::optional(bounds[i].out_type) : std::nullopt;
      shots.push_back(s);
    }
    start = end;
    in = i < bounds.size() ? std::optional(bounds[i].in_type) : std::nullopt;
  }
  return shots;
}

}  // namespace cranes::film
