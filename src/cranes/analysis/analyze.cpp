// SPDX-License-Identifier: MIT
#include "cranes/analysis/analyze.hpp"

#include "cranes/film/stats.hpp"

namespace cranes::analysis {

film::Film analyze(const std::filesystem::path& path, const AnalyzeOptions& options) {
  auto analyzers = make_analyzers(options.only, options.params);
  PassOptions pass;
  pass.params = options.params;
  pass.on_progress = options.on_progress;
  pass.exact_decode = options.exact_decode;
  pass.source.threads = options.decoder_threads;
  film::Film film = run_pass(path, analyzers, pass);
  if (!film.shots.empty()) film.stats = film::compute_stats(film.shots);
  return film;
}

}  // namespace cranes::analysis
