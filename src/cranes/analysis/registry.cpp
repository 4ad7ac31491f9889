// SPDX-License-Identifier: MIT
// The list of analyzers, in the order they run. Adding an analyzer: one file with its class, its ParamSpec
// table and a factory, plus one line here. Order matters at the end only: framing reads the shots that
// boundaries found, motion reads the shots and the active picture that framing found (frame by frame they
// share the pass's tracker, whoever asks first).
#include <array>

#include "cranes/analysis/analyzer.hpp"
#include "cranes/analysis/boundaries.hpp"
#include "cranes/analysis/framing.hpp"
#include "cranes/analysis/motion.hpp"
#include "cranes/core/error.hpp"

namespace cranes::analysis {

std::span<const AnalyzerInfo> registry() {
  static const std::array<AnalyzerInfo, 3> kRegistry{{
      {"boundaries", "hard cuts, dissolves and fades; shots between them", boundary_params(),
       &make_boundary_analyzer},
      {"framing", "letterbox/pillarbox bars, Dutch angle, camera angle and shot scale on key frames",
       framing_params(), &make_framing_analyzer},
      {"motion",
       "camera movements per shot (pan, tilt, roll, zoom, dolly, truck, pedestal, shake) with rates",
       motion_params(), &make_motion_analyzer},
  }};
  return kRegistry;
}

ParamSet default_params() {
  ParamSet p;
  for (const auto& a : registry()) p.add(a.params);
  return p;
}

std::vector<std::unique_ptr<Analyzer>> make_analyzers(const std::vector<std::string>& names,
                                                      const ParamSet& params) {
  std::vector<std::unique_ptr<Analyzer>> out;
  for (const auto& n : names) {
    bool known = false;
    for (const auto& a : registry()) known |= a.name == n;
    if (!known) {
      std::string list;
      for (const auto& a : registry()) list += (list.empty() ? "" : ", ") + std::string(a.name);
      throw Error("--only", "unknown analyzer '" + n + "' (known: " + (list.empty() ? "none" : list) + ")",
                  Error::Kind::Usage);
    }
  }
  for (const auto& a : registry()) {
    bool wanted = names.empty();
    for (const auto& n : names) wanted |= a.name == n;
    if (wanted) out.push_back(a.make(params));
  }
  return out;
}

}  // namespace cranes::analysis
