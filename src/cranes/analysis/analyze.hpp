// SPDX-License-Identifier: MIT
// One call that a test or the CLI makes to analyse a film: build the analyzers, run the single pass.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cranes/analysis/pass.hpp"

namespace cranes::analysis {

struct AnalyzeOptions {
  std::vector<std::string> only;  ///< analyzer names; empty = all
  ParamSet params = default_params();
  std::function<void(const Progress&)> on_progress;
  bool exact_decode = false;  ///< see PassOptions::exact_decode
  int decoder_threads = 0;    ///< see media::FrameSourceOptions::threads (0 = automatic)
};

film::Film analyze(const std::filesystem::path& path, const AnalyzeOptions& options = {});

}  // namespace cranes::analysis
