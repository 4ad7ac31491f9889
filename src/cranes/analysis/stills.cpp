// SPDX-License-Identifier: MIT
// The stills picker, as a skeleton: it takes its place in the pass (registered, after the analyzers whose
// results it will read), follows the shots as boundaries publishes them, and declares that it wants full-size
// frames for its chosen candidates only, so the pass keeps each decoded picture by reference and converts
// none unless asked. Scoring and choosing (sharpness, motion blur, exposure, distance from transitions) come
// next; until then it picks nothing and does not run by default.
#include <memory>

#include "cranes/analysis/analyzer.hpp"
#include "cranes/analysis/frame_context.hpp"

namespace cranes::analysis {

namespace {

constexpr ParamSpec kParams[] = {
    {"stills", "Stills to choose per shot (0 = none)", "", 0.0, 0.0, 20.0, ParamType::Int},
};

class StillsAnalyzer final : public Analyzer {
 public:
  explicit StillsAnalyzer(const ParamSet& p) : m_per_shot(p.get_int("stills")) {}

  std::string_view name() const override { return "stills"; }
  Needs needs() const override {
    Needs n;
    n.chosen_full_frames = true;
    return n;
  }
  void begin(const media::VideoInfo&, cv::Size, PassEvents& events) override { m_events = &events; }
  void process(const media::Frame&, FrameContext&) override {}
  void on_transition(const film::Transition& t) override { m_shot_starts.push_back(t.end_frame); }
  void finish(film::Film&) override {}

 private:
  int m_per_shot = 0;
  PassEvents* m_events = nullptr;
  std::vector<int64_t> m_shot_starts;  ///< where the shots heard of so far begin (provisional)
};

std::unique_ptr<Analyzer> make_stills_analyzer(const ParamSet& params) {
  return std::make_unique<StillsAnalyzer>(params);
}

constexpr std::string_view kAfter[] = {"boundaries", "framing",
                                       "motion"};  // shots, bars and faces, movements
const Registration kRegistration{{"stills",
                                  "standout stills per shot and movement (skeleton: picks none yet)", kParams,
                                  &make_stills_analyzer, kAfter, 0, false}};

}  // namespace

}  // namespace cranes::analysis
