// SPDX-License-Identifier: MIT
// `cranes analyze FILM...|DIR [-j N]`: one streaming pass per film, FILM.cranes.json written atomically and
// added to the catalog, a short summary. Many films (a folder, a manifest, a shard of one) run N at a time; a
// film that fails is reported and the rest go on; Ctrl-C stops after removing what was half made.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <thread>

#include "cli/catalog_option.hpp"
#include "cli/commands.hpp"
#include "cli/params_cli.hpp"
#include "cli/progress.hpp"
#include "cli/stop_signals.hpp"
#include "cranes/analysis/analyze.hpp"
#include "cranes/analysis/motion_tracker.hpp"
#include "cranes/catalog/catalog.hpp"
#include "cranes/catalog/manifest.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"
#include "cranes/core/geometry.hpp"
#include "cranes/film/outputs.hpp"
#include "cranes/film/shot_table.hpp"
#include "cranes/film/still_files.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/report/html_report.hpp"
#include "cranes/report/summary.hpp"

namespace cranes::cli {

namespace fs = std::filesystem;

namespace {

// SIGINT or SIGTERM while films are being analysed (stop_signals.hpp): the film in progress stops at its next
// progress report (its stills removed, nothing written), no new film starts, and what finished is kept.
struct Interrupted {};

// The file names a folder is searched for (every other file there is listed as not a video).
bool looks_like_video(const fs::path& p) {
  static const std::set<std::string> exts{".mp4",  ".m4v", ".mov", ".mkv",  ".webm", ".avi", ".mpg",
                                          ".mpeg", ".ts",  ".mts", ".m2ts", ".wmv",  ".flv", ".ogv",
                                          ".mxf",  ".dv",  ".3gp", ".vob",  ".y4m",  ".nut"};
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return exts.count(e) > 0;
}

struct Job {
  fs::path video;
  fs::path dir;  ///< where its results go
};

struct Outcome {
  enum class State { Analysed, Unchanged, Failed, Interrupted } state = State::Failed;
  std::string reason;
  double seconds = 0;
  int shots = 0;
  fs::path analysis;  ///< the JSON written
};

const std::string& generator() {
  static const std::string g = std::string("cranes ") + CRANES_VERSION;
  return g;
}

// Without a catalog: the analysis beside the film is current when it was made by this version with these
// settings, after the film last changed.
bool json_is_current(const fs::path& json_path, const fs::path& video, const nlohmann::json& settings) {
  std::error_code ec;
  const auto jt = fs::last_write_time(json_path, ec);
  if (ec) return false;
  const auto vt = fs::last_write_time(video, ec);
  if (ec || jt < vt) return false;
  try {
    const auto j = film::read_film_document(json_path);
    if (!j.is_object()) return false;
    return j.value("generator", "") == generator() &&
           catalog::analysis_settings(j.value("params", nlohmann::json::object()),
                                      j.value("analyzers", std::vector<std::string>{})) == settings;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("analyze", "Measure a film in one streaming pass; writes FILM.cranes.json");
  cmd->alias("analyse");
  struct Opts {
    std::vector<std::string> files;
    std::string out_dir;
    std::vector<std::string> only;
    bool quiet = false;
    bool json = false;
    bool exact_decode = false;
    int threads = 0;
    std::string metrics;
    std::string stills_dir;
    std::string stills_format = "avif";
    int stills_quality = 70;
    int stills_max_size = 1920;
    bool no_stills_files = false;
    bool no_report = false;
    bool no_catalog = false;
    bool force = false;
    std::string catalog;
    std::string manifest;
    std::string shard;
    int jobs = 1;
    ParamFlags flags;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("FILM", opts->files,
                  "Video files (anything FFmpeg reads), or folders: every video file in them (by its name)");
  cmd->add_option("-j,--jobs", opts->jobs,
                  "Analyse this many films at a time (the decoder threads are shared out among them)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--manifest", opts->manifest,
                  "Also analyse the films listed in this file, one path a line (relative to the file; blank\n"
                  "lines and # comments skipped): an archive, for a job array (deploy/slurm)");
  cmd->add_option("--shard", opts->shard,
                  "I/N: only the manifest's films whose path hashes to I of N (stable: a rerun of a shard\n"
                  "takes the same films, and every film is in exactly one shard)");
  cmd->add_flag("--force", opts->force,
                "Analyse again films whose analysis is current (same file, settings and cranes version)");
  cmd->add_flag("--no-catalog", opts->no_catalog,
                "Do not add the analyses to the catalog (`cranes catalog`)");
  add_catalog_option(cmd, opts->catalog);
  cmd->add_option(
      "-o,--output", opts->out_dir,
      "Directory for FILM.cranes.json (default: beside the film, or the current directory when that\n"
      "is read-only). Created when its parent exists.");
  std::string names;
  cmd->add_option(
      "--metrics", opts->metrics,
      "Also write every analyzer's per-frame measurements to this CSV (frame,analyzer,key,value),\n"
      "for tuning the thresholds below; one film only");
  cmd->add_option("--stills-dir", opts->stills_dir,
                  "Where the stills go (default: NAME.stills/ beside FILM.cranes.json); one film only");
  cmd->add_option("--stills-format", opts->stills_format, "avif (black and white as 4:0:0), jpg or png")
      ->check(CLI::IsMember({"avif", "jpg", "jpeg", "png"}))
      ->capture_default_str();
  cmd->add_option("--stills-quality", opts->stills_quality, "1..100 (AVIF and JPEG)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--stills-max-size", opts->stills_max_size,
                  "Longer side of a still at most this many pixels (0 = the film's own size)")
      ->check(CLI::Range(0, 16384))
      ->capture_default_str();
  cmd->add_flag("--no-report", opts->no_report,
                "Write no NAME.report.html (the HTML report with plots and stills; see `cranes report`)");
  cmd->add_flag("--no-stills-files", opts->no_stills_files,
                "Choose and record the stills in the JSON, write no picture files");
  for (const auto& a : analysis::registry()) names += " " + std::string(a.name);
  // One word (or a comma list) an occurrence: `--only boundaries film.mkv` must leave the film alone.
  cmd->add_option("--only", opts->only, "Run only these analyzers (default: all). Known:" + names)
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_flag("-q,--quiet", opts->quiet, "No progress bar and no summary");
  cmd->add_flag(
      "--json", opts->json,
      "Print the analysis JSON to stdout instead of the summary; with many films, one JSON\n"
      "summary of the batch (each film's state, its analysis file, shots, seconds, or why it failed)");
  cmd->add_flag(
      "--exact-decode", opts->exact_decode,
      "Deblock every frame. By default the decoder skips its loop filter on frames that no other frame\n"
      "is predicted from (about 7 % faster on H.264; nothing drifts, and the analysis cannot tell)");
  cmd->add_option(
         "--threads", opts->threads,
         "Decoder threads (0 = automatic: four per core, at most 16; one per core plus one above 1080p).\n"
         "Fewer leave cores to other work; the results are the same")
      ->check(CLI::Range(0, 64));
  opts->flags.add(cmd, analysis::pass_params(), "analysis parameters");
  for (const auto& a : analysis::registry())
    opts->flags.add(cmd, a.params, std::string(a.name) + " parameters");
  cmd->footer(
      "Decodes each film once and writes FILM.cranes.json (schema cranes/1; frames 0-based, ranges\n"
      "[start, end), times in seconds from the first frame), FILM.shots.csv (one row per shot), FILM.edl\n"
      "(CMX3600), the HTML report FILM.report.html and the standout stills in FILM.stills/ (AVIF; sharp,\n"
      "steady frames away from transitions and flashes, one per camera move of a long take with --stills 1;\n"
      "docs/stills.md), and prints the Cinemetrics statistics (ASL, median shot length, longest takes).\n"
      "Shots are the spans between transitions:\n" +
      token_help<film::TransitionType>() +
      "A camera that spins, whips or shakes, a flash, an exposure jump or a slow drift (under water) does\n"
      "not start a new shot.\n"
      "Camera movements per shot, named as cinematographers name them (degrees use the lens measured from\n"
      "the camera's own turns, else --fov; see the summary's lens line):\n" +
      token_help<film::MovementLabel>() +
      "Each analysis is added to the catalog (`cranes catalog`, `cranes search`) unless --no-catalog.\n"
      "Many films (a folder, several files, a --manifest) are analysed --jobs at a time; one that fails\n"
      "is reported and the rest go on; a film whose analysis is current is skipped (--force: again);\n"
      "Ctrl-C stops cleanly, keeping what finished. The exit code is 1 when any film failed.\n"
      "Damaged or truncated files are analysed as far as they decode, with a warning. Examples:\n"
      "  cranes analyze cranes_are_flying.mkv -o analyses/\n"
      "  cranes shots analyses/cranes_are_flying.mkv.cranes.json\n"
      "  cranes analyze films/ -j 2\n"
      "  cranes analyze --manifest archive.txt --shard 7/100 -o /shared/analyses --no-catalog");
  cmd->callback([opts] {
    analysis::AnalyzeOptions ao;
    ao.only = opts->only;
    ao.exact_decode = opts->exact_decode;
    ao.decoder_threads = opts->threads;
    opts->flags.apply(ao.params);
    // Validate everything before the first long decode.
    std::vector<std::string> analyzer_names;
    for (const auto& a : analysis::make_analyzers(ao.only, ao.params)) analyzer_names.emplace_back(a->name());
    const nlohmann::json settings = catalog::analysis_settings(ao.params.to_json(), analyzer_names);
    ao.still_files.format = media::parse_image_format(opts->stills_format);
    ao.still_files.image.quality = opts->stills_quality;
    ao.still_files.max_size = opts->stills_max_size;
    const std::optional<fs::path> requested =
        opts->out_dir.empty() ? std::nullopt : std::optional<fs::path>(opts->out_dir);

    // The films: files, folders (their video files), a manifest (or one shard of it).
    std::vector<fs::path> videos;
    std::vector<fs::path> not_videos;
    bool batch = opts->files.size() > 1;
    for (const auto& f : opts->files) {
      std::error_code ec;
      if (fs::is_directory(f, ec)) {
        batch = true;
        std::vector<fs::path> found, others;
        for (const auto& e : fs::directory_iterator(f, fs::directory_options::skip_permission_denied, ec)) {
          const std::string name = e.path().filename().string();
          if (name.starts_with(".")) continue;
          // A video file, or a link named as one (a broken link is a film that cannot be read).
          if (looks_like_video(e.path()) && (e.is_regular_file(ec) || e.is_symlink(ec)))
            found.push_back(e.path());
          else if (e.is_regular_file(ec))
            others.push_back(e.path());
        }
        // What cranes wrote beside a film (NAME.cranes.json, NAME.report.html, ...) is not worth a mention.
        for (const auto& o : others) {
          const std::string name = o.filename().string();
          if (std::none_of(found.begin(), found.end(),
                           [&](const fs::path& v) { return name.starts_with(v.filename().string() + "."); }))
            not_videos.push_back(o);
        }
        if (ec) throw Error(f, "cannot read the folder: " + ec.message());
        std::sort(found.begin(), found.end());
        videos.insert(videos.end(), found.begin(), found.end());
      } else {
        videos.emplace_back(f);
      }
    }
    if (!opts->manifest.empty()) {
      batch = true;
      const auto shard = opts->shard.empty() ? catalog::Shard{} : catalog::parse_shard(opts->shard);
      for (const auto& e : catalog::read_manifest(opts->manifest))
        if (catalog::in_shard(e.line, shard)) videos.push_back(e.video);
    } else if (!opts->shard.empty()) {
      throw Error("--shard", "needs --manifest LIST (the films to split)", Error::Kind::Usage);
    }
    if (videos.empty() && opts->manifest.empty())
      throw Error(opts->files.empty() ? "analyze" : opts->files.front(),
                  opts->files.empty() ? "name the films to analyse (files, folders or --manifest LIST)"
                                      : "is a directory with no video files in it",
                  opts->files.empty() ? Error::Kind::Usage : Error::Kind::Io);
    if (!opts->metrics.empty() && (batch || videos.size() > 1))
      throw Error("--metrics", "takes one film at a time", Error::Kind::Usage);
    if (!opts->stills_dir.empty() && (batch || videos.size() > 1))
      throw Error("--stills-dir", "takes one film at a time", Error::Kind::Usage);

    std::vector<Job> jobs;
    std::map<fs::path, fs::path> outputs;
    for (const auto& v : videos) {
      Job job{v, batch ? fs::path() : film::resolve_output_dir(v, requested)};
      if (batch) {
        try {
          job.dir = film::resolve_output_dir(v, requested);
        } catch (const Error&) {
          job.dir = requested ? *requested : v.parent_path();  // reported when the film is analysed
        }
      }
      const auto out = fs::weakly_canonical(film::film_json_path(v, job.dir));
      if (auto [it, fresh] = outputs.emplace(out, v); !fresh)
        throw Error(out.string(), "two films would write it: " + it->second.string() + " and " + v.string(),
                    Error::Kind::Usage);
      jobs.push_back(std::move(job));
    }

    std::unique_ptr<catalog::Catalog> cat;
    if (!opts->no_catalog) cat = std::make_unique<catalog::Catalog>(catalog_path(opts->catalog));
    std::mutex cat_mutex, print_mutex;
    const int workers = std::max(1, std::min<int>(opts->jobs, static_cast<int>(jobs.size())));
    if (workers > 1 && opts->threads == 0) {
      // The films share the cores: each film's own analysis thread keeps one busy, so its decoder gets the
      // cores' share (one thread each for two films on two cores). Frame threads beyond that only add
      // their overhead: on 8 short films, -j 2 ran 1.98 s with four decoder threads a film, 1.86 s with one.
      const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
      ao.decoder_threads = std::max(1, cores / workers);
    }
    const bool bars = !opts->quiet && workers == 1;
    StopSignals signals;

    auto run_one = [&](const Job& job) {
      Outcome out;
      const auto t0 = std::chrono::steady_clock::now();
      const auto seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      };
      analysis::AnalyzeOptions o = ao;
      o.stills_relative_to = job.dir;
      if (!opts->no_stills_files)
        o.stills_dir =
            opts->stills_dir.empty() ? film::stills_dir_path(job.video, job.dir) : fs::path(opts->stills_dir);
      if (!opts->force) {
        const bool current = cat ? [&] {
          const auto facts = catalog::file_facts(job.video, film::film_json_path(job.video, job.dir));
          std::lock_guard lock(cat_mutex);
          return cat->is_current(facts, settings, generator());
        }()
                                 : json_is_current(film::film_json_path(job.video, job.dir), job.video, settings);
        if (current) {
          out.state = Outcome::State::Unchanged;
          return out;
        }
      }
      ProgressBar bar(job.video.filename().string(), bars);
      o.on_progress = [&bar](const analysis::Progress& p) {
        if (stop_requested()) throw Interrupted{};
        char detail[96];
        std::snprintf(detail, sizeof detail, "%lld frames  %.1f s", static_cast<long long>(p.frames),
                      p.time_s);
        bar.update(p.duration_s > 0 ? p.time_s / p.duration_s : -1.0, detail);
      };
      film::Film f = opts->metrics.empty() ? analysis::analyze(job.video, o)
                                           : analysis::analyze_with_metrics(job.video, opts->metrics, o);
      bar.done();
      if (stop_requested()) throw Interrupted{};
      std::vector<fs::path> written;
      try {
        written = film::write_analysis(f, job.video, job.dir, [&](std::vector<fs::path>& more) {
          if (opts->no_report) return;
          const auto html = film::report_path(job.video, job.dir);
          report::HtmlReportOptions ro;
          ro.analysis_dir = job.dir;
          report::write_html_report(f, html, ro);
          more.push_back(html);
        });
      } catch (...) {
        film::remove_still_files(f, job.dir);  // no stills without the analysis that names them
        throw;
      }
      if (!f.stills.empty() && !f.stills.front().path.empty()) written.push_back(o.stills_dir);
      if (cat) {
        const auto facts = catalog::file_facts(job.video, written.front());
        std::lock_guard lock(cat_mutex);
        cat->add(f, facts, generator());
      }
      out.state = Outcome::State::Analysed;
      out.shots = static_cast<int>(f.shots.size());
      out.seconds = seconds();
      std::lock_guard lock(print_mutex);
      out.analysis = written.front();
      if (opts->json && !batch)
        std::printf("%s\n",
                    film::to_json(f).dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      else if (!opts->quiet && !batch && !opts->json)
        std::printf("%s", report::summary_text(f, written).c_str());
      return out;
    };

    if (!batch) {
      try {
        const Outcome o = run_one(jobs.front());
        if (o.state == Outcome::State::Unchanged && !opts->quiet)
          std::printf("%s: unchanged since its analysis with these settings (--force analyses it again)\n",
                      jobs.front().video.string().c_str());
      } catch (const Interrupted&) {
        throw Error(jobs.front().video.string(), "interrupted; nothing was written");
      }
      return;
    }

    // Many films: `workers` at a time; each failure is reported and the rest go on.
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<Outcome> outcomes(jobs.size());
    std::vector<char> started(jobs.size(), 0);
    // Biggest files first, so that no long film starts last and runs alone while the other cores idle.
    std::vector<size_t> order(jobs.size());
    std::iota(order.begin(), order.end(), size_t{0});
    if (workers > 1) {
      std::vector<std::uintmax_t> size(jobs.size(), 0);
      for (size_t i = 0; i < jobs.size(); ++i) {
        std::error_code ec;
        size[i] = fs::file_size(jobs[i].video, ec);
        if (ec) size[i] = 0;
      }
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return size[a] > size[b]; });
    }
    std::atomic<size_t> next{0};
    std::atomic<int> finished{0};
    auto worker = [&] {
      for (size_t k; !stop_requested() && (k = next.fetch_add(1)) < jobs.size();) {
        const size_t i = order[k];
        started[i] = 1;
        Outcome& out = outcomes[i];
        try {
          out = run_one(jobs[i]);
        } catch (const Interrupted&) {
          out.state = Outcome::State::Interrupted;
          out.reason = "interrupted; nothing was written";
        } catch (const Error& e) {
          out.state = Outcome::State::Failed;
          out.reason = e.subject() == jobs[i].video.string() ? e.cause() : e.what();
          if (e.kind() == Error::Kind::Db) out.reason = std::string("catalog: ") + e.what();
        } catch (const std::bad_alloc&) {
          out.reason = "out of memory";
        } catch (const std::exception& e) {
          out.reason = e.what();
        }
        const int n = ++finished;
        // A failure is named even when quiet: the job log of an archive run is read for just that.
        if ((!opts->quiet && !opts->json) || out.state == Outcome::State::Failed) {
          std::lock_guard lock(print_mutex);
          const char* what = out.state == Outcome::State::Analysed      ? "analysed"
                             : out.state == Outcome::State::Unchanged   ? "unchanged, skipped"
                             : out.state == Outcome::State::Interrupted ? "interrupted"
                                                                        : "FAILED";
          std::string detail = out.state == Outcome::State::Analysed
                                   ? format(": %d shots in %.1f s", out.shots, out.seconds)
                               : out.state == Outcome::State::Failed ? ": " + out.reason
                                                                     : "";
          std::fprintf(stderr, "[%d/%zu] %s  %s%s\n", n, jobs.size(), jobs[i].video.string().c_str(), what,
                       detail.c_str());
        }
      }
    };
    std::vector<std::thread> pool;
    for (int k = 1; k < workers; ++k) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();

    int analysed = 0, unchanged = 0, failed = 0, interrupted = 0, not_started = 0;
    for (size_t i = 0; i < jobs.size(); ++i) {
      if (!started[i]) {
        ++not_started;
        continue;
      }
      switch (outcomes[i].state) {
        case Outcome::State::Analysed:
          ++analysed;
          break;
        case Outcome::State::Unchanged:
          ++unchanged;
          break;
        case Outcome::State::Failed:
          ++failed;
          break;
        case Outcome::State::Interrupted:
          ++interrupted;
          break;
      }
    }
    const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!opts->quiet && !opts->json) {
      std::printf("%zu films: %d analysed, %d unchanged (skipped), %d failed", jobs.size(), analysed,
                  unchanged, failed);
      if (interrupted || not_started)
        std::printf(", %d interrupted, %d not started", interrupted, not_started);
      std::printf(" in %.1f s (%d at a time)\n", total_s, workers);
      for (size_t i = 0; i < jobs.size(); ++i)
        if (started[i] && outcomes[i].state == Outcome::State::Failed)
          std::printf("  failed  %s: %s\n", jobs[i].video.string().c_str(), outcomes[i].reason.c_str());
      if (!not_videos.empty()) {
        std::printf("  not videos by their names, left alone (%zu):", not_videos.size());
        for (size_t i = 0; i < not_videos.size() && i < 5; ++i)
          std::printf(" %s", not_videos[i].filename().c_str());
        std::printf("%s\n", not_videos.size() > 5 ? " ..." : "");
      }
      if (cat) std::printf("  catalog %s\n", cat->path().string().c_str());
    }
    if (opts->json) {
      // For scripts: one document for the whole batch (each film's own analysis is in its file).
      nlohmann::json films = nlohmann::json::array();
      for (size_t i = 0; i < jobs.size(); ++i) {
        const Outcome& o = outcomes[i];
        const char* state = !started[i]                              ? "not_started"
                            : o.state == Outcome::State::Analysed    ? "analysed"
                            : o.state == Outcome::State::Unchanged   ? "unchanged"
                            : o.state == Outcome::State::Interrupted ? "interrupted"
                                                                     : "failed";
        nlohmann::json f{{"film", jobs[i].video.string()}, {"state", state}};
        if (o.state == Outcome::State::Analysed && started[i])
          f.update({{"analysis", o.analysis.string()}, {"shots", o.shots}, {"seconds", o.seconds}});
        if (!o.reason.empty() && started[i]) f["reason"] = o.reason;
        films.push_back(std::move(f));
      }
      nlohmann::json summary{{"films", films},   {"analysed", analysed}, {"unchanged", unchanged},
                             {"failed", failed}, {"seconds", total_s},   {"jobs", workers}};
      if (interrupted || not_started) summary["interrupted"] = interrupted + not_started;
      if (cat) summary["catalog"] = cat->path().string();
      std::printf("%s\n", summary.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    }
    if (stop_requested())
      throw Error("analyze", format("interrupted: %d analysed and kept, %d not finished", analysed,
                                    interrupted + not_started));
    if (failed) throw Error("analyze", format("%d of %zu films failed (listed above)", failed, jobs.size()));
  });
}

}  // namespace cranes::cli
