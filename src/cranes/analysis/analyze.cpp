// SPDX-License-Identifier: MIT
#include "cranes/analysis/analyze.hpp"

#include <cstdio>
#include <memory>
#include <optional>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/film/stats.hpp"

namespace cranes::analysis {

film::Film analyze(const std::filesystem::path& path, const AnalyzeOptions& options) {
  auto analyzers = make_analyzers(options.only, options.params);
  PassOptions pass;
  pass.params = options.params;
  pass.on_progress = options.on_progress;
  pass.exact_decode = options.exact_decode;
  pass.source.threads = options.decoder_threads;
  pass.metrics = options.metrics;
  std::optional<film::StillWriter> writer;
  if (!options.stills_dir.empty())
    pass.stills = [&](StillFrame&& s, const media::VideoInfo& info) {
      if (!writer)
        writer.emplace(options.stills_dir, film::film_slug(info), options.still_files,
                       options.stills_relative_to);
      return writer->write(s.bgr, s.time_s);
    };
  film::Film film;
  try {
    film = run_pass(path, analyzers, pass);
    if (writer) writer->finish();
  } catch (...) {
    if (writer) writer->discard();
    throw;
  }
  if (!film.shots.empty()) film.stats = film::compute_stats(film.shots);
  return film;
}

film::Film analyze_with_metrics(const std::filesystem::path& path, const std::filesystem::path& csv,
                                AnalyzeOptions options) {
  film::Film film;
  produce_file_atomic(csv, [&](const std::filesystem::path& tmp) {
    std::FILE* out = std::fopen(tmp.c_str(), "w");
    if (!out) throw Error(csv.string(), "cannot write metrics");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(out, &std::fclose);
    std::fputs("frame,analyzer,key,value\n", out);
    options.metrics = [out](const Metric& m) {
      std::fprintf(out, "%lld,%.*s,%.*s,%.9g\n", static_cast<long long>(m.frame),
                   static_cast<int>(m.analyzer.size()), m.analyzer.data(), static_cast<int>(m.key.size()),
                   m.key.data(), m.value);
    };
    film = analyze(path, options);
    if (std::fflush(out) != 0 || std::ferror(out))
      throw Error(csv.string(), "cannot write metrics (disk full?)");
  });
  return film;
}

}  // namespace cranes::analysis
