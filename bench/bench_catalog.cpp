// SPDX-License-Identifier: MIT
// Google Benchmark: the catalog at archive size. A catalog of 1,000 generated films x 1,000 shots (lengths
// log-normal around 5 s; movements, handheld, Dutch angles, scales and spins in the proportions a film
// archive of the period might show) is built once under CRANES_BENCH_DIR (default /tmp/cranes-bench) and
// reused; each documented example query runs against it, and one 2,000-shot film is imported into it.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "cranes/catalog/catalog.hpp"
#include "cranes/catalog/schema.hpp"
#include "cranes/catalog/search.hpp"
#include "cranes/film/stats.hpp"

namespace {

namespace fs = std::filesystem;
using cranes::film::MovementLabel;

constexpr int kFilms = 1000;
constexpr int kShots = 1000;

cranes::film::Film generated_film(int n, int shots) {
  std::mt19937 rng(static_cast<unsigned>(n) * 7919u + 1);
  std::lognormal_distribution<double> length(std::log(5.0), 0.9);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> small_roll(0, 4);
  cranes::film::Film f;
  f.source.path = "/archive/reel" + std::to_string(n % 37) + "/film" + std::to_string(n) + ".mkv";
  f.source.title = n == 500 ? "I Am Cuba" : "Film " + std::to_string(n);
  f.source.date = std::to_string(1925 + n % 95);
  f.source.codec = "h264";
  f.source.width = 1440;
  f.source.height = 1080;
  f.source.fps_nominal = f.source.fps_average = {24, 1};
  f.analyzers = {"boundaries", "motion", "framing", "stills"};
  f.params = {{"set", n % 3}};
  const MovementLabel moving[] = {
      MovementLabel::PanLeft,      MovementLabel::PanRight,   MovementLabel::TiltUp,
      MovementLabel::TiltDown,     MovementLabel::DollyIn,    MovementLabel::DollyOut,
      MovementLabel::TruckLeft,    MovementLabel::TruckRight, MovementLabel::PedestalUp,
      MovementLabel::PedestalDown, MovementLabel::ArcLeft,    MovementLabel::ZoomIn};
  int64_t frame = 0;
  for (int i = 0; i < shots; ++i) {
    cranes::film::Shot s;
    s.index = i;
    s.start_frame = frame;
    s.end_frame = frame + std::max<int64_t>(6, static_cast<int64_t>(length(rng) * 24));
    frame = s.end_frame;
    s.start_s = s.start_frame / 24.0;
    s.end_s = s.end_frame / 24.0;
    s.length_s = s.end_s - s.start_s;
    if (i > 0)
      s.transition_in =
          u(rng) < 0.9 ? cranes::film::TransitionType::Cut : cranes::film::TransitionType::Dissolve;
    // One to three movements: static 45 %, a move 50 %, shake 5 %; a roll (spin) in 1 % of the shots.
    const int moves = 1 + static_cast<int>(u(rng) * u(rng) * 3);
    for (int k = 0; k < moves; ++k) {
      cranes::film::Movement m;
      m.start_frame = s.start_frame + (s.end_frame - s.start_frame) * k / moves;
      m.end_frame = s.start_frame + (s.end_frame - s.start_frame) * (k + 1) / moves;
      const double r = u(rng);
      if (r < 0.01) {
        m.label = u(rng) < 0.5 ? MovementLabel::RollCw : MovementLabel::RollCcw;
        m.total = 60 + u(rng) * 700;
      } else if (r < 0.46) {
        m.label = MovementLabel::Static;
      } else if (r < 0.51) {
        m.label = MovementLabel::Shake;
      } else {
        m.label = moving[static_cast<size_t>(u(rng) * 12) % 12];
        m.total = 5 + u(rng) * 60;
      }
      m.handheld = m.label != MovementLabel::Static && u(rng) < 0.15;
      s.movements.push_back(m);
    }
    const double d = u(rng);
    if (d < 0.6)
      s.dutch_deg = small_roll(rng);
    else if (d < 0.63)
      s.dutch_deg = (u(rng) < 0.5 ? -1 : 1) * (12 + u(rng) * 25);
    s.dutch = s.dutch_deg && std::abs(*s.dutch_deg) >= 5;
    if (u(rng) < 0.7) {
      const auto a = static_cast<cranes::film::ShotScale>(static_cast<int>(u(rng) * 7));
      const auto b =
          static_cast<cranes::film::ShotScale>(std::min(6, static_cast<int>(a) + (u(rng) < 0.7 ? 0 : 1)));
      s.scale = cranes::film::ScaleCall(a, b);
    }
    f.shots.push_back(std::move(s));
  }
  f.stats = cranes::film::compute_stats(f.shots);
  return f;
}

fs::path bench_dir() {
  const char* d = std::getenv("CRANES_BENCH_DIR");
  return d && *d ? fs::path(d) : fs::path("/tmp/cranes-bench");
}

// The archive catalog, built on first use (a few minutes) and kept for later runs.
const cranes::catalog::Catalog& archive() {
  static std::unique_ptr<cranes::catalog::Catalog> cat = [] {
    const fs::path path = bench_dir() / ("catalog-" + std::to_string(kFilms) + "x" + std::to_string(kShots) +
                                         "-v" + std::to_string(cranes::catalog::kSchemaVersion) + ".db");
    fs::create_directories(path.parent_path());
    const fs::path building = path.string() + ".building";
    if (!fs::exists(path)) {
      fs::remove(building);
      {
        cranes::catalog::Catalog c(building);
        static const char* directors[] = {"Mikhail Kalatozov", "Andrei Tarkovsky", "Sergei Eisenstein",
                                          "Marlen Khutsiev",   "Larisa Shepitko",  "Grigori Chukhrai"};
        for (int n = 0; n < kFilms; ++n) {
          cranes::catalog::FileFacts facts{generated_film(n, 0).source.path, {}, 1, 1, "h"};
          cranes::catalog::FilmEdit who;
          who.director = directors[n % 6];
          c.edit(c.add(generated_film(n, kShots), facts, "cranes bench"), who);
        }
        cranes::catalog::FilmEdit tag;
        tag.add_tags = {"favourite"};
        for (int n = 1; n <= kFilms; n += 50) c.edit(n, tag);
        c.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      fs::rename(building, path);
    }
    return std::make_unique<cranes::catalog::Catalog>(path, cranes::catalog::Catalog::Mode::ReadOnly);
  }();
  return *cat;
}

void BM_Search(benchmark::State& state, const char* query) {
  const auto& cat = archive();
  size_t hits = 0;
  for (auto _ : state) {
    const auto r = cranes::catalog::search(cat, query);
    hits = r.hits.size();
    benchmark::DoNotOptimize(hits);
  }
  state.counters["hits"] = static_cast<double>(hits);
}

// The documented examples (docs/search.md), each as its own benchmark.
BENCHMARK_CAPTURE(BM_Search, long_takes_with_a_spin, "long takes with a spin")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, dutch_over_20, "Dutch angle over 20 degrees")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, tracking_longer_than_a_minute_in_cuba,
                  "tracking shots longer than a minute in I Am Cuba")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, close_ups_after_a_crane_move, "close-ups after a crane move")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, handheld_before_1960, "handheld shots in films before 1960")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, tilted_shots, "tilted shots")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, wide_shots, "wide shots")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, crane_shots, "crane shots")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, spinning_camera, "spinning camera")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, longer_than_a_minute, "longer than a minute")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, structured_roll_sorted, "movement:roll sort:-length limit:20")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Search, structured_scale_and_tag, "scale<=MS and tag:favourite and not handheld")
    ->Unit(benchmark::kMillisecond);

// One 2,000-shot film into the 1,000-film catalog (a copy of it, so the archive stays as it is), replacing
// its earlier analysis each time after the first: one transaction.
void BM_ImportFilm2000Shots(benchmark::State& state) {
  archive();
  const fs::path copy = bench_dir() / "catalog-import-copy.db";
  fs::copy_file(bench_dir() / ("catalog-" + std::to_string(kFilms) + "x" + std::to_string(kShots) + "-v" +
                               std::to_string(cranes::catalog::kSchemaVersion) + ".db"),
                copy, fs::copy_options::overwrite_existing);
  fs::remove(copy.string() + "-wal");
  fs::remove(copy.string() + "-shm");
  cranes::catalog::Catalog cat(copy);
  auto film = generated_film(424242, 2000);
  int round = 0;
  for (auto _ : state) {
    film.params["round"] = ++round;  // a new analysis each time, never "unchanged"
    cat.add(film, cranes::catalog::FileFacts{"/archive/new/feature.mkv", {}, 1, 1, "h"}, "cranes bench");
  }
}
BENCHMARK(BM_ImportFilm2000Shots)->Unit(benchmark::kMillisecond);

}  // namespace
