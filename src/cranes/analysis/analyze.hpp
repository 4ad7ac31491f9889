// SPDX-License-Identifier: MIT
// One call that a test or the CLI makes to analyse a film: build the analyzers, run the single pass.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cranes/analysis/pass.hpp"
#include "cranes/film/still_files.hpp"

namespace cranes::analysis {

struct AnalyzeOptions {
  std::vector<std::string> only;  ///< analyzer names; empty = all
  ParamSet params = default_params();
  std::function<void(const Progress&)> on_progress;
  bool exact_decode = false;                   ///< see PassOptions::exact_decode
  int decoder_threads = 0;                     ///< see media::FrameSourceOptions::threads (0 = automatic)
  std::function<void(const Metric&)> metrics;  ///< see PassOptions::metrics
  /// Where the stills analyzer's stills are written (named from the film and their timecode); empty: they
  /// are chosen and recorded, not written.
  std::filesystem::path stills_dir;
  film::StillWriteOptions still_files;
  std::filesystem::path stills_relative_to;  ///< recorded paths are relative to this (the JSON's directory)
};

film::Film analyze(const std::filesystem::path& path, const AnalyzeOptions& options = {});

/// As analyze, and writes every analyzer's per-frame metrics to `csv` (frame,analyzer,key,value; one row a
/// measurement, streamed, so memory stays flat), atomically: the file appears only when the pass completes.
film::Film analyze_with_metrics(const std::filesystem::path& path, const std::filesystem::path& csv,
                                AnalyzeOptions options = {});

}  // namespace cranes::analysis
