// SPDX-License-Identifier: MIT
// The analyzers register themselves, one Registration at the end of each analyzer's file; the order they run
// in is derived from what each declares it reads (AnalyzerInfo::after), not from the order of registration
// (which C++ leaves unspecified between files).
#include <algorithm>
#include <set>

#include "cranes/analysis/analyzer.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/geometry.hpp"

namespace cranes::analysis {

namespace {

std::vector<AnalyzerInfo>& registered() {
  static std::vector<AnalyzerInfo> all;
  return all;
}

// Each analyzer after the ones it names (when registered), ties by name; a cycle is a programming error.
std::vector<AnalyzerInfo> ordered(std::vector<AnalyzerInfo> all) {
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<AnalyzerInfo> out;
  std::set<std::string_view> placed, known;
  for (const auto& a : all) known.insert(a.name);
  while (out.size() < all.size()) {
    bool progress = false;
    for (const auto& a : all) {
      if (placed.count(a.name)) continue;
      const bool ready = std::all_of(a.after.begin(), a.after.end(),
                                     [&](std::string_view d) { return placed.count(d) || !known.count(d); });
      if (!ready) continue;
      out.push_back(a);
      placed.insert(a.name);
      progress = true;
      break;  // restart, so the earliest name among the ready ones goes next
    }
    if (!progress) throw Error("analyzers", "their 'after' declarations form a cycle", Error::Kind::Usage);
  }
  return out;
}

}  // namespace

Registration::Registration(const AnalyzerInfo& info) {
  registered().push_back(info);
}

std::span<const AnalyzerInfo> registry() {
  static const std::vector<AnalyzerInfo> all = ordered(registered());
  return all;
}

namespace {
constexpr ParamSpec kPassParams[] = {
    {"fov",
     "Horizontal field of view of the picture assumed for the camera's turns where the lens is not measured "
     "(see --lens-auto; a 9.8 mm lens on 35 mm film is about 97)",
     "deg", kDefaultFovDeg, 5.0, 170.0},
};
}  // namespace

std::span<const ParamSpec> pass_params() {
  return kPassParams;
}

ParamSet default_params() {
  ParamSet p;
  p.add(kPassParams, "pass");
  for (const auto& a : registry()) p.add(a.params, a.name);
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
    bool wanted = names.empty() && a.by_default;
    for (const auto& n : names) wanted |= a.name == n;
    if (wanted) out.push_back(a.make(params));
  }
  return out;
}

}  // namespace cranes::analysis
