// SPDX-License-Identifier: MIT
// Searches end to end on a catalog built with Catalog::add from hand-made films whose every shot has known
// length, movements, Dutch angle and scale: each documented example returns exactly the shots it should,
// values with quotes or SQL in them match as values, and `cranes search` prints, writes and fails as
// promised.
#include "cranes/catalog/search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cranes/catalog/catalog.hpp"
#include "cranes/catalog/schema.hpp"
#include "cranes/catalog/sqlite.hpp"
#include "cranes/core/error.hpp"
#include "support/tools.hpp"

namespace cranes::catalog {
namespace {

namespace fs = std::filesystem;
using film::MovementLabel;
using film::ShotScale;

constexpr double kFps = 24.0;

struct ShotSpec {
  double length_s;
  std::vector<std::pair<MovementLabel, double>> moves;  ///< label, total (degrees for a roll)
  bool handheld = false;
  std::optional<double> dutch_deg;
  std::optional<film::ScaleCall> scale;
};

film::Film make_film(const std::string& title, const std::vector<ShotSpec>& specs) {
  film::Film f;
  f.source.path = "/films/" + title + ".mkv";
  f.source.title = title;
  f.source.fps_nominal = {24, 1};
  f.source.fps_average = {24, 1};
  int64_t frame = 0;
  for (size_t i = 0; i < specs.size(); ++i) {
    const ShotSpec& spec = specs[i];
    film::Shot s;
    s.index = static_cast<int>(i);
    s.start_frame = frame;
    s.end_frame = frame + static_cast<int64_t>(spec.length_s * kFps);
    s.start_s = static_cast<double>(s.start_frame) / kFps;
    s.end_s = static_cast<double>(s.end_frame) / kFps;
    s.length_s = s.end_s - s.start_s;
    if (i > 0) s.transition_in = film::TransitionType::Cut;
    if (i + 1 < specs.size()) s.transition_out = film::TransitionType::Cut;
    for (const auto& [label, total] : spec.moves) {
      film::Movement m;
      m.start_frame = s.start_frame;
      m.end_frame = s.end_frame;
      m.start_s = s.start_s;
      m.end_s = s.end_s;
      m.label = label;
      m.total = total;
      m.handheld = spec.handheld;
      s.movements.push_back(m);
    }
    s.dutch_deg = spec.dutch_deg;
    s.dutch = spec.dutch_deg && std::abs(*spec.dutch_deg) >= 5;
    s.scale = spec.scale;
    s.camera_angle = film::CameraAngle::Level;
    frame = s.end_frame;
    f.shots.push_back(s);
    if (i > 0) f.transitions.push_back({film::TransitionType::Cut, s.start_frame, s.start_frame, 1.0});
  }
  return f;
}

using L = MovementLabel;
using S = ShotScale;

class Search : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_path = dir / "catalog.db";
    Catalog c(catalog_path);
    // I Am Cuba (1964): two tracking shots over a minute (1, 4), a crane move then a close-up (2, 3), two
    // Dutch angles over 20 degrees either way (1, 5), one spin in a long take (1).
    film::Film cuba =
        make_film("I Am Cuba (1964)", {
                                          {5, {{L::Static, 0}}, false, 2.0, S::CU},
                                          {70, {{L::TruckLeft, 0}, {L::RollCw, 200}}, false, 25.0, S::LS},
                                          {40, {{L::PedestalUp, 0}}, false, 1.0, S::ELS},
                                          {3, {{L::Static, 0}}, false, 0.5, S::CU},
                                          {65, {{L::DollyIn, 0}}, false, -3.0, S::MS},
                                          {20, {{L::Shake, 0}}, false, -22.0, S::MCU},
                                      });
    film::Still still;
    still.frame = 5 * 24 + 10;
    still.time_s = still.frame / kFps;
    still.shot = 1;
    still.path = "cuba.stills/shot-002 <1>.avif";
    cuba.stills.push_back(still);
    cuba_id = c.add(cuba, facts("cuba"), "cranes test");
    // The Cranes Are Flying (1957), by Kalatozov, tagged: a handheld spinning long take (0), a handheld pan
    // (1), a crane move down then an extreme close-up (2, 3).
    cranes_id = c.add(make_film("The Cranes Are Flying (1957)",
                                {
                                    {35, {{L::RollCcw, 360}}, true, 8.0, film::ScaleCall(S::CU, S::MS)},
                                    {4, {{L::PanRight, 30}}, true, std::nullopt, S::CU},
                                    {10, {{L::PedestalDown, 0}}, false, 4.0, S::LS},
                                    {2, {{L::Static, 0}}, false, 0.0, S::ECU},
                                }),
                      facts("cranes"), "cranes test");
    FilmEdit edit;
    edit.director = "Mikhail Kalatozov";
    edit.add_tags = {"favourite"};
    c.edit(cranes_id, edit);
    // A film after 1960 with a spinning long take (0), handheld shake (1) and a long truck (2); a short roll
    // that is no spin (3).
    modern_id = c.add(make_film("Modern (2001)",
                                {
                                    {50, {{L::RollCw, 190}}, false, 3.0, S::MS},
                                    {10, {{L::Shake, 0}}, false, 1.0, S::MS},
                                    {80, {{L::TruckRight, 0}}, false, -1.0, S::LS},
                                    {31, {{L::RollCcw, 90}}, false, 0.0, std::nullopt},
                                }),
                      facts("modern"), "cranes test");
    // A title with LIKE's wildcards and a quote in it.
    odd_id = c.add(
        make_film("100% Kino_Glaz: O'Neil's \"Cut\" (1929)", {{6, {{L::Static, 0}}, false, 0.0, S::MS}}),
        facts("odd"), "cranes test");
  }

  FileFacts facts(const std::string& name) const {
    FileFacts f;
    f.video = dir / (name + ".mkv");
    f.analysis = dir / (name + ".cranes.json");
    return f;
  }

  // The hits as {film id, shot index}, in the order returned.
  std::vector<std::pair<int64_t, int>> hits(const std::string& query, const SearchOptions& o = {}) const {
    const Catalog c(catalog_path, Catalog::Mode::ReadOnly);
    std::vector<std::pair<int64_t, int>> out;
    for (const auto& h : search(c, query, o).hits) out.emplace_back(h.film_id, h.shot);
    return out;
  }

  test::ScratchDir dir;
  fs::path catalog_path;
  int64_t cuba_id = 0, cranes_id = 0, modern_id = 0, odd_id = 0;
};

using Hits = std::vector<std::pair<int64_t, int>>;

TEST_F(Search, LongTakesWithASpin) {
  EXPECT_EQ(hits("long takes with a spin"), (Hits{{cuba_id, 1}, {cranes_id, 0}, {modern_id, 0}}));
  EXPECT_EQ(hits("length>=30s and spin>=180"), hits("long takes with a spin"));
  SearchOptions o;
  o.long_take_s = 60;
  EXPECT_EQ(hits("long takes with a spin", o), (Hits{{cuba_id, 1}}));
  EXPECT_EQ(hits("spinning camera"), (Hits{{cuba_id, 1}, {cranes_id, 0}, {modern_id, 0}}));
  EXPECT_EQ(hits("movement:roll"), (Hits{{cuba_id, 1}, {cranes_id, 0}, {modern_id, 0}, {modern_id, 3}}));
}

TEST_F(Search, DutchAngleOverTwentyDegreesEitherWay) {
  EXPECT_EQ(hits("Dutch angle over 20 degrees"), (Hits{{cuba_id, 1}, {cuba_id, 5}}));
  EXPECT_EQ(hits("dutch>20 sort:-dutch"), (Hits{{cuba_id, 1}, {cuba_id, 5}}));
  EXPECT_EQ(hits("tilted shots"), (Hits{{cuba_id, 1}, {cuba_id, 5}, {cranes_id, 0}}));
  // Unknown angles are neither tilted nor level: `not` keeps them.
  EXPECT_EQ(hits("not dutch>5 in Cranes"), (Hits{{cranes_id, 1}, {cranes_id, 2}, {cranes_id, 3}}));
}

TEST_F(Search, TrackingShotsLongerThanAMinuteInIAmCuba) {
  EXPECT_EQ(hits("tracking shots longer than a minute in I Am Cuba"), (Hits{{cuba_id, 1}, {cuba_id, 4}}));
  EXPECT_EQ(hits("tracking shots longer than a minute"), (Hits{{cuba_id, 1}, {cuba_id, 4}, {modern_id, 2}}));
  EXPECT_EQ(hits("tracking shots in i am cuba"), (Hits{{cuba_id, 1}, {cuba_id, 4}}));
}

TEST_F(Search, CloseUpsAfterACraneMove) {
  EXPECT_EQ(hits("close-ups after a crane move"), (Hits{{cuba_id, 3}, {cranes_id, 3}}));
  EXPECT_EQ(hits("crane shots"), (Hits{{cuba_id, 2}, {cranes_id, 2}}));
  EXPECT_EQ(hits("crane shots followed by close-ups"), (Hits{{cuba_id, 2}, {cranes_id, 2}}));
  EXPECT_EQ(hits("after:movement:pedestal_up"), (Hits{{cuba_id, 3}}));
  // The first shot of a film follows nothing, not the last shot of the film before.
  EXPECT_EQ(hits("after:scale:MS in Kino"), (Hits{}));
}

TEST_F(Search, HandheldShotsInFilmsBefore1960) {
  EXPECT_EQ(hits("handheld shots in films before 1960"), (Hits{{cranes_id, 0}, {cranes_id, 1}}));
  EXPECT_EQ(hits("handheld"), (Hits{{cuba_id, 5}, {cranes_id, 0}, {cranes_id, 1}, {modern_id, 1}}));
  EXPECT_EQ(hits("handheld after 1960"), (Hits{{cuba_id, 5}, {modern_id, 1}}));
}

// A handheld take with a whip pan right, a slow pan left and a crash zoom, and a plain pan beside it.
film::Film whip_film() {
  film::Film f = make_film(
      "Whips (1959)",
      {{12, {{L::PanRight, 80}, {L::PanLeft, 10}, {L::ZoomIn, 2}}, true, std::nullopt, std::nullopt},
       {6, {{L::PanLeft, 20}}, false, std::nullopt, std::nullopt}});
  f.shots[0].movements[0].whip = true;
  f.shots[0].movements[1].start_frame += 10;
  f.shots[0].movements[2].start_frame += 20;
  f.shots[0].movements[2].whip = true;
  return f;
}

TEST_F(Search, WhipPansAndCrashZooms) {
  EXPECT_EQ(hits("whips"), (Hits{}));
  int64_t id = 0;
  {
    Catalog c(catalog_path);
    id = c.add(whip_film(), facts("whips"), "cranes test");
  }
  EXPECT_EQ(hits("whips"), (Hits{{id, 0}}));
  EXPECT_EQ(hits("whip pans"), (Hits{{id, 0}}));
  EXPECT_EQ(hits("crash zooms"), (Hits{{id, 0}}));
  // The slow pan left is no whip: only shot 1's plain pan left is a pan left that is not a whip.
  EXPECT_EQ(hits("whip:pan_left"), (Hits{}));
  EXPECT_EQ(hits("whip:pan_right"), (Hits{{id, 0}}));
  EXPECT_EQ(hits("whip tilts"), (Hits{}));
  EXPECT_EQ(hits("in Whips and not whip"), (Hits{{id, 1}}));
  EXPECT_EQ(hits("whip:no in Whips"), (Hits{{id, 1}}));
}

TEST_F(Search, ACatalogMigratedFromSchemaTwoFindsTheWhipsItAlreadyHeld) {
  int64_t id = 0;
  {
    Catalog c(catalog_path);
    id = c.add(whip_film(), facts("whips"), "cranes test");
  }
  {
    // Back to schema 2: no whip column; the analysis document still says which movements are whips.
    sql::Database db(catalog_path, sql::Database::Mode::ReadWrite);
    db.exec("DROP INDEX movements_whip; ALTER TABLE movements DROP COLUMN whip; PRAGMA user_version = 2");
  }
  { Catalog c(catalog_path); }  // opened for writing: migrated
  EXPECT_EQ(hits("whips"), (Hits{{id, 0}}));
  EXPECT_EQ(hits("whip:zoom"), (Hits{{id, 0}}));
  const Catalog c(catalog_path, Catalog::Mode::ReadOnly);
  EXPECT_EQ(c.schema_version(), kSchemaVersion);
}

TEST_F(Search, ScalesFilmFactsAndTags) {
  EXPECT_EQ(hits("close-ups"),
            (Hits{{cuba_id, 0}, {cuba_id, 3}, {cranes_id, 0}, {cranes_id, 1}, {cranes_id, 3}}));
  EXPECT_EQ(hits("scale:MS in Cranes"), (Hits{{cranes_id, 0}}));  // CU-MS includes MS
  EXPECT_EQ(hits("wide shots"), (Hits{{cuba_id, 1}, {cuba_id, 2}, {cranes_id, 2}, {modern_id, 2}}));
  EXPECT_EQ(hits("scale:unknown"), (Hits{{modern_id, 3}}));
  EXPECT_EQ(hits("director:kalatozov limit:1"), (Hits{{cranes_id, 0}}));
  EXPECT_EQ(hits("by Kalatozov and close-ups"), (Hits{{cranes_id, 0}, {cranes_id, 1}, {cranes_id, 3}}));
  EXPECT_EQ(hits("tag:FAVOURITE").size(), 4u);
  EXPECT_EQ(hits("tag:unseen"), (Hits{}));
  EXPECT_EQ(hits("in the 1920s"), (Hits{{odd_id, 0}}));
  EXPECT_EQ(hits("year:1957..1964 sort:-length limit:3"), (Hits{{cuba_id, 1}, {cuba_id, 4}, {cuba_id, 2}}));
}

TEST_F(Search, QuotesWildcardsAndSqlInValuesAreMatchedAsValues) {
  EXPECT_EQ(hits("film:\"x'; DROP TABLE shots; --\""), (Hits{}));
  EXPECT_EQ(hits("director:\"'); DELETE FROM films; --\" or tag:\"x' OR '1'='1\""), (Hits{}));
  EXPECT_EQ(hits("film:\"\\\" OR 1=1 --\""), (Hits{}));
  // Nothing was dropped or deleted.
  EXPECT_EQ(hits("handheld").size(), 4u);
  // % and _ are letters: only the title that has them matches.
  EXPECT_EQ(hits("film:%"), (Hits{{odd_id, 0}}));
  EXPECT_EQ(hits("film:_"), (Hits{{odd_id, 0}}));
  EXPECT_EQ(hits("film:\"0% Kino_G\""), (Hits{{odd_id, 0}}));
  EXPECT_EQ(hits("film:\"O'Neil's \\\"Cut\\\"\""), (Hits{{odd_id, 0}}));
  EXPECT_EQ(hits("film:O'Neil"), (Hits{{odd_id, 0}}));
}

TEST_F(Search, HitsCarryWhatTheListShows) {
  const Catalog c(catalog_path, Catalog::Mode::ReadOnly);
  const SearchResult r = search(c, "tracking shots in I Am Cuba limit:1");
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_TRUE(r.more);
  const SearchHit& h = r.hits.front();
  EXPECT_EQ(h.film_title, "I Am Cuba");
  EXPECT_EQ(h.year, 1964);
  EXPECT_EQ(h.shot, 1);
  EXPECT_DOUBLE_EQ(h.start_s, 5.0);
  EXPECT_DOUBLE_EQ(h.length_s, 70.0);
  EXPECT_EQ(h.start_frame, 120);
  EXPECT_EQ(h.timecode, "00:00:05:00");
  EXPECT_EQ(h.movements, "truck_left,roll_cw");
  EXPECT_EQ(h.dutch_deg, 25.0);
  EXPECT_EQ(h.scale, "LS");
  EXPECT_EQ(h.still_path, (dir / "cuba.stills/shot-002 <1>.avif").string());
  EXPECT_EQ(r.query.canonical, "movement:truck,dolly,arc and film:\"I Am Cuba\" limit:1");

  const SearchResult all = search(c, "in Cuba limit:0");
  EXPECT_EQ(all.hits.size(), 6u);
  EXPECT_FALSE(all.more);
  const SearchResult exact = search(c, "in Cuba limit:6");
  EXPECT_EQ(exact.hits.size(), 6u);
  EXPECT_FALSE(exact.more);
  SearchOptions few;
  few.default_limit = 2;
  const SearchResult two = search(c, "in Cuba", few);
  EXPECT_EQ(two.hits.size(), 2u);
  EXPECT_TRUE(two.more);
}

TEST_F(Search, DocumentedExamplesUseTheIndexes) {
  const Catalog c(catalog_path, Catalog::Mode::ReadOnly);
  const auto plan = [&](const std::string& q) {
    std::string out;
    for (const auto& line : query_plan(c, compile_query(q))) out += line + "\n";
    return out;
  };
  EXPECT_NE(plan("long takes with a spin").find("shots_by_spin"), std::string::npos)
      << plan("long takes with a spin");
  EXPECT_NE(plan("handheld shots in films before 1960").find("shots_handheld"), std::string::npos);
  EXPECT_NE(plan("close-ups after a crane move").find("movements_by_kind"), std::string::npos);
  EXPECT_NE(plan("tracking shots longer than a minute in I Am Cuba").find("movements_by_kind"),
            std::string::npos);
}

TEST_F(Search, TheCommandPrintsWritesAndFails) {
  const std::string base = test::q(test::cranes_bin()) + " search --catalog " + test::q(catalog_path) + " ";
  auto r = test::run(base + "close-ups after a crane move");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("I Am Cuba (1964)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("The Cranes Are Flying (1957)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n2 shots\n"), std::string::npos) << r.out;

  r = test::run(base + "'in Cuba limit:2'");
  EXPECT_NE(r.out.find("first 2 shots; add limit:N for more"), std::string::npos) << r.out;

  r = test::run(base + "--json 'Dutch angle over 20 degrees'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["query"], "dutch>20");
  ASSERT_EQ(doc["shots"].size(), 2u);
  EXPECT_EQ(doc["shots"][1]["index"], 5);
  EXPECT_EQ(doc["shots"][1]["dutch_deg"], -22.0);

  r = test::run(base + "--csv film:Kino");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(
      r.out.substr(0, r.out.find('\n')),
      "film_id,film,year,film_path,index,timecode,start_s,end_s,length_s,start_frame,movements,dutch_deg,"
      "scale,still");
  EXPECT_NE(r.out.find("\"100% Kino_Glaz: O'Neil's \"\"Cut\"\"\""), std::string::npos) << r.out;

  const fs::path page = dir / "page.html";
  r = test::run(base + "--html " + test::q(page) + " 'long takes in Cuba or film:Kino'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = test::read_text(page);
  EXPECT_NE(html.find("<img src=\"cuba.stills/shot-002%20%3C1%3E.avif\""), std::string::npos) << html;
  EXPECT_NE(html.find("O&#39;Neil&#39;s &quot;Cut&quot;"), std::string::npos) << html;
  EXPECT_NE(html.find("00:00:05:00"), std::string::npos);
  EXPECT_EQ(html.find("<1>"), std::string::npos);
  const auto names = dir.list();
  EXPECT_EQ(std::count(names.begin(), names.end(), "page.html"), 1);  // and no temporary left beside it

  r = test::run(base + "'lenght>60'");
  test::expect_one_line_error(r, 2, "search", "unknown field 'lenght' at column 1 (did you mean 'length'?)");
  r = test::run(test::q(test::cranes_bin()) + " search --catalog " + test::q(dir / "none.db") + " handheld");
  test::expect_one_line_error(r, 1, (dir / "none.db").string(), "cranes analyze FILM");
  r = test::run(base + "--explain 'close-ups after a crane move'");
  EXPECT_NE(r.out.find("query: scale<=CU and after:(movement:pedestal)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("values: [1,\"pedestal\",101]"), std::string::npos) << r.out;
  r = test::run(test::q(test::cranes_bin()) + " search --help");
  EXPECT_NE(r.out.find("\"tracking shots\""), std::string::npos) << r.out;
}

}  // namespace
}  // namespace cranes::catalog
