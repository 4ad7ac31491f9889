// SPDX-License-Identifier: MIT
// The catalog as a store: what goes in comes out, a re-analysis replaces and keeps what the user set, a
// killed writer leaves it consistent, schemas migrate forward and never backward, and foreign files are
// refused untouched.
#include "cranes/catalog/catalog.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "cranes/catalog/manifest.hpp"
#include "cranes/catalog/schema.hpp"
#include "cranes/catalog/sqlite.hpp"
#include "cranes/core/error.hpp"
#include "support/tools.hpp"

namespace cranes::catalog {
namespace {

namespace fs = std::filesystem;
using test::ScratchDir;

// A film of `shots` shots of `length_s` each; shot 1 (when there is one) spins 360 deg and is tilted 22 deg.
film::Film make_film(const std::string& title, int shots, double length_s = 4.0) {
  film::Film f;
  f.source.path = "/films/" + title + ".mkv";
  f.source.title = title;
  f.source.fps_nominal = {25, 1};
  f.source.width = 720;
  f.source.height = 540;
  f.analyzers = {"boundaries", "motion", "framing"};
  f.params = {{"cut-threshold", 0.5}};
  for (int i = 0; i < shots; ++i) {
    film::Shot s;
    s.index = i;
    s.start_frame = static_cast<int64_t>(i * length_s * 25);
    s.end_frame = static_cast<int64_t>((i + 1) * length_s * 25);
    s.start_s = i * length_s;
    s.end_s = (i + 1) * length_s;
    s.length_s = length_s;
    if (i > 0) s.transition_in = film::TransitionType::Cut;
    film::Movement m;
    m.start_frame = s.start_frame;
    m.end_frame = s.end_frame;
    m.label = i == 1 ? film::MovementLabel::RollCw : film::MovementLabel::PanRight;
    m.total = i == 1 ? 360.0 : 20.0;
    s.movements.push_back(m);
    if (i == 1) s.dutch_deg = -22.0;
    s.scale = film::ScaleCall(film::ShotScale::CU, film::ShotScale::MS);
    f.shots.push_back(s);
  }
  f.stats.shots = shots;
  f.stats.asl_s = length_s;
  return f;
}

int64_t count(Catalog& c, const std::string& sql) {
  auto st = c.database().prepare(sql);
  return st.step() ? st.integer(0) : -1;
}

TEST(Catalog, WhatGoesInComesOut) {
  ScratchDir dir;
  Catalog cat(dir / "sub" / "catalog.db");
  const auto f = make_film("The Cranes Are Flying (1957)", 3);
  const int64_t id = cat.add(f, FileFacts{"/films/cranes.mkv", {}, 10, 20, "h"}, "cranes 9");
  EXPECT_EQ(cat.schema_version(), kSchemaVersion);
  const auto r = cat.find("cranes are");
  EXPECT_EQ(r.id, id);
  EXPECT_EQ(r.title, "The Cranes Are Flying");
  EXPECT_EQ(r.year, 1957);
  EXPECT_EQ(r.shots, 3);
  EXPECT_EQ(cat.find(std::to_string(id)).id, id);
  EXPECT_EQ(cat.find("/films/cranes.mkv").id, id);
  EXPECT_EQ(film::film_from_json(cat.document(id)), f);
  EXPECT_EQ(count(cat, "SELECT count(*) FROM shots"), 3);
  EXPECT_EQ(count(cat, "SELECT count(*) FROM movements WHERE label = 'roll_cw' AND kind = 'roll'"), 1);
  EXPECT_EQ(count(cat, "SELECT count(*) FROM shots WHERE spin_deg = 360 AND dutch_abs = 22 AND idx = 1"), 1);
  EXPECT_EQ(
      count(cat,
            "SELECT count(*) FROM shots WHERE scale = 'CU-MS' AND scale_closest = 1 AND scale_widest = 3"),
      3);
  EXPECT_THROW(cat.find("no such film"), Error);
}

TEST(Catalog, ReanalysisReplacesRowsAndKeepsWhatTheUserSet) {
  ScratchDir dir;
  Catalog cat(dir / "catalog.db");
  const FileFacts facts{"/films/cuba.mkv", {}, 1, 2, "h"};
  const int64_t id = cat.add(make_film("Soy Cuba", 5), facts, "cranes 9");
  FilmEdit e;
  e.title = "I Am Cuba";
  e.year = 1964;
  e.director = "Mikhail Kalatozov";
  e.add_tags = {"favourite", "long takes"};
  cat.edit(id, e);
  EXPECT_EQ(cat.add(make_film("Soy Cuba", 2), facts, "cranes 10"), id);
  const auto r = *cat.by_id(id);
  EXPECT_EQ(r.title, "I Am Cuba");
  EXPECT_EQ(r.year, 1964);
  EXPECT_EQ(r.director, "Mikhail Kalatozov");
  EXPECT_EQ(r.tags, (std::vector<std::string>{"favourite", "long takes"}));
  EXPECT_EQ(r.shots, 2);
  EXPECT_EQ(r.version, "cranes 10");
  EXPECT_EQ(count(cat, "SELECT count(*) FROM shots"), 2);
  EXPECT_EQ(count(cat, "SELECT count(*) FROM movements"), 2);
  cat.remove(id);
  EXPECT_EQ(count(cat, "SELECT count(*) FROM shots") + count(cat, "SELECT count(*) FROM movements") +
                count(cat, "SELECT count(*) FROM tags"),
            0);
}

TEST(Catalog, ImportingTheSameAnalysisTwiceChangesNothing) {
  ScratchDir dir;
  auto f = make_film("Letter Never Sent", 4);
  f.source.path = (dir / "letter.mkv").string();
  std::ofstream(dir / "letter.mkv") << "not really a film, but a file";
  film::write_film(f, dir / "letter.mkv.cranes.json");
  Catalog cat(dir / "catalog.db");
  const int64_t id = import_analysis(cat, dir / "letter.mkv.cranes.json");
  const auto before = *cat.by_id(id);
  const int64_t shots_before = count(cat, "SELECT max(id) FROM shots");
  EXPECT_EQ(import_analysis(cat, dir / "letter.mkv.cranes.json"), id);
  const auto after = *cat.by_id(id);
  EXPECT_EQ(after.added_at, before.added_at);
  EXPECT_EQ(count(cat, "SELECT max(id) FROM shots"), shots_before);  // no rows rewritten
  EXPECT_EQ(count(cat, "SELECT count(*) FROM films"), 1);
  EXPECT_EQ(after.content_hash.substr(0, 8), "sha256s:");
  EXPECT_TRUE(cat.is_current(file_facts(dir / "letter.mkv"), analysis_settings(f.params, f.analyzers),
                             before.version));
  EXPECT_FALSE(cat.is_current(file_facts(dir / "letter.mkv"), analysis_settings({{"x", 1}}, f.analyzers),
                              before.version));
}

TEST(Catalog, AFileThatIsNotACatalogIsRefusedAndLeftAsItIs) {
  ScratchDir dir;
  const auto path = dir / "notes.db";
  std::ofstream(path) << "my notes, not a database\n";
  try {
    Catalog cat(path);
    FAIL() << "opened a text file as a catalog";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not an SQLite database"), std::string::npos) << e.what();
  }
  EXPECT_EQ(test::read_text(path), "my notes, not a database\n");
}

TEST(Catalog, ANewerSchemaIsRefusedAndAnOlderOneMigrated) {
  ScratchDir dir;
  {
    sql::Database db(dir / "newer.db", sql::Database::Mode::ReadWrite);
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1));
  }
  try {
    Catalog cat(dir / "newer.db");
    FAIL() << "opened a newer catalog";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("newer cranes"), std::string::npos) << e.what();
  }
  // Schema 1 (tables, no search indexes) with a film in it, as the first version wrote it.
  {
    sql::Database db(dir / "older.db", sql::Database::Mode::ReadWrite);
    db.exec(migrations().front());
    db.exec("PRAGMA user_version = 1");
    db.exec(
        "INSERT INTO films (path, title, version, params, document, added_at) VALUES ('/f.mkv', 'Old', "
        "'cranes "
        "0', '{}', '{}', 'then')");
  }
  Catalog cat(dir / "older.db");
  EXPECT_EQ(cat.schema_version(), kSchemaVersion);
  EXPECT_EQ(cat.find("Old").path, "/f.mkv");
  EXPECT_EQ(count(cat, "SELECT count(*) FROM sqlite_master WHERE name = 'shots_by_length'"), 1);
}

TEST(Catalog, AWriterKilledMidImportLeavesEveryEarlierFilmIntact) {
  ScratchDir dir;
  const auto path = dir / "catalog.db";
  { Catalog cat(path); }
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Adds big films for ever, one transaction each, until killed.
    try {
      Catalog cat(path);
      for (int i = 0;; ++i)
        cat.add(make_film("film " + std::to_string(i), 3000),
                FileFacts{"/f/" + std::to_string(i), {}, 0, 0, {}}, "cranes");
    } catch (...) {
    }
    _exit(3);
  }
  // Kill it while it writes: after a few films have committed.
  for (int waited = 0; waited < 600; ++waited) {
    usleep(20000);
    try {
      Catalog peek(path, Catalog::Mode::ReadOnly);
      if (count(peek, "SELECT count(*) FROM films") >= 3) break;
    } catch (const Error&) {
    }
  }
  usleep(37000);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer ended by itself";
  Catalog cat(path);
  const auto report = cat.check();
  EXPECT_EQ(report.integrity, std::vector<std::string>{"ok"});
  EXPECT_EQ(report.foreign_key_problems, 0);
  const auto films = cat.list();
  ASSERT_GE(films.size(), 3u);
  for (const auto& f : films) {
    EXPECT_EQ(f.shots, 3000) << f.title;
    EXPECT_EQ(count(cat, "SELECT count(*) FROM shots WHERE film_id = " + std::to_string(f.id)), 3000)
        << f.title;
  }
}

TEST(Manifest, ShardsAreStableAndCoverEveryFilmOnce) {
  ScratchDir dir;
  {
    std::ofstream m(dir / "films.txt");
    m << "# the archive\n\n";
    for (int i = 0; i < 200; ++i) m << "  reel" << i << "/film " << i << ".mkv \n";
  }
  const auto entries = read_manifest(dir / "films.txt");
  ASSERT_EQ(entries.size(), 200u);
  EXPECT_EQ(entries[3].line, "reel3/film 3.mkv");
  EXPECT_EQ(entries[3].video, dir.path() / "reel3" / "film 3.mkv");
  std::vector<int> seen(200, 0);
  int biggest = 0;
  for (int s = 0; s < 7; ++s) {
    int in = 0;
    for (size_t i = 0; i < entries.size(); ++i)
      if (in_shard(entries[i].line, {s, 7})) ++seen[i], ++in;
    biggest = std::max(biggest, in);
  }
  for (int n : seen) EXPECT_EQ(n, 1);
  EXPECT_LT(biggest, 50);  // 200 / 7 is 29: no shard gets a pile
  // The hash is a fixed function of the text (FNV-1a 64), the same on every machine and every run.
  EXPECT_EQ(stable_hash(""), 14695981039346656037ull);
  EXPECT_EQ(stable_hash("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_THROW(parse_shard("7/7"), Error);
  EXPECT_THROW(parse_shard("1"), Error);
  EXPECT_EQ(parse_shard("3/100").index, 3);
}

}  // namespace
}  // namespace cranes::catalog
