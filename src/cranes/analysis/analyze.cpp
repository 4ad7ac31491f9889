// SPDX-License-Identifier: MIT
#include "cranes/analysis/analyze.hpp"

namespace cranes::analysis {

film::Film analyze(const std::filesystem::path& path, const AnalyzeOptions& options) {
  auto analyzers = make_analyzers(options.only, options.params);
  PassOptions pass;
  pass.params = options.params;
  pass.on_progress = options.on_progress;
  return run_pass(path, analyzers, pass);
}

}  // namespace cranes::analysis
