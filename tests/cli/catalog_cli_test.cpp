// SPDX-License-Identifier: MIT
// The catalog through the binary: a folder analysed into it (good films in, bad ones reported, a rerun skips
// what finished), two processes writing one catalog at once, the catalog commands, and a file at the
// catalog's path that is not a catalog left untouched.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cranes/catalog/catalog.hpp"
#include "support/tools.hpp"

namespace cranes {
namespace {
namespace fs = std::filesystem;
using test::q;

class CatalogCliTest : public ::testing::Test {
 protected:
  test::ScratchDir dir;
  fs::path db = dir / "catalog.db";
  std::string cranes(const std::string& args) const {
    return "CRANES_CATALOG=" + q(db) + " " + test::cranes_bin() + " " + args;
  }
  fs::path clip(const std::string& scenario, const fs::path& where) const {
    fs::create_directories(where);
    const fs::path p = where / (scenario + ".mp4");
    const auto r = test::run(test::cranes_bin() + " synth --size 320x180 --scenario " + scenario + " -o " +
                             q(p) + " --truth " + q(dir / (scenario + ".truth.json")));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return p;
  }
};

TEST_F(CatalogCliTest, AFolderGoesInGoodFilmsFirstBadOnesReportedAndARerunSkipsWhatFinished) {
  const fs::path films = dir / "films";
  clip("pan", films);
  clip("spin", films);
  const fs::path cut = clip("cuts", dir.path());
  std::ofstream(films / "notes.txt") << "shot list, to do\n";
  std::ofstream(films / "letter.mp4") << "this is a letter, not a film\n";
  {
    const std::string whole = test::read_text(cut);
    std::ofstream(films / "truncated.mp4", std::ios::binary) << whole.substr(0, whole.size() / 3);
  }
  fs::create_symlink(dir / "moved-away.mkv", films / "unreadable.mkv");

  auto r = test::run(cranes("analyze -j 2 " + q(films)));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("5 films: 2 analysed, 0 unchanged (skipped), 3 failed"), std::string::npos) << r.out;
  for (const char* bad : {"letter.mp4: not a video", "truncated.mp4: ", "unreadable.mkv: "})
    EXPECT_NE(r.out.find(bad), std::string::npos) << bad << "\n" << r.out;
  EXPECT_NE(r.out.find("notes.txt"), std::string::npos)
      << "the file that is no video is mentioned: " << r.out;
  EXPECT_NE(r.err.find("3 of 5 films failed"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(films / "pan.mp4.cranes.json"));
  EXPECT_TRUE(fs::exists(films / "spin.mp4.cranes.json"));
  EXPECT_FALSE(fs::exists(films / "truncated.mp4.cranes.json"));

  r = test::run(cranes("catalog list --json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto list = nlohmann::json::parse(r.out);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["title"], "pan");
  EXPECT_EQ(list[1]["title"], "spin");

  // For scripts: one JSON summary of the batch on stdout.
  r = test::run(cranes("analyze --json -j 2 " + q(films)));
  EXPECT_EQ(r.exit_code, 1);
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["analysed"], 0);
  EXPECT_EQ(summary["unchanged"], 2);
  EXPECT_EQ(summary["failed"], 3);
  ASSERT_EQ(summary["films"].size(), 5u);
  for (const auto& f : summary["films"])
    EXPECT_TRUE(f["state"] == "unchanged" ||
                (f["state"] == "failed" && !f["reason"].get<std::string>().empty()))
        << f;
  r = test::run(cranes("analyze -j 2 " + q(films / "pan.mp4") + " " + q(films / "spin.mp4")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 films: 0 analysed, 2 unchanged (skipped), 0 failed"), std::string::npos) << r.out;
  r = test::run(cranes("analyze --force -q " + q(films / "pan.mp4") + " " + q(films / "spin.mp4")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // A changed setting is a new analysis.
  r = test::run(cranes("analyze " + q(films / "pan.mp4") + " " + q(films / "spin.mp4") + " --stills 0"));
  EXPECT_NE(r.out.find("2 films: 2 analysed"), std::string::npos) << r.out;
}

TEST_F(CatalogCliTest, TwoProcessesAddToOneCatalogAtOnce) {
  const fs::path a = clip("pan", dir / "a"), b = clip("tilt", dir / "b");
  const std::string both = "(" + cranes("analyze -q " + q(a)) + " & p1=$!; " + cranes("analyze -q " + q(b)) +
                           " & p2=$!; wait $p1; s1=$?; wait $p2; s2=$?; echo \"$s1 $s2\")";
  const auto r = test::run("bash -c " + q(both));
  EXPECT_EQ(r.out, "0 0\n") << r.err;
  catalog::Catalog cat(db, catalog::Catalog::Mode::ReadOnly);
  EXPECT_EQ(cat.list().size(), 2u);
  EXPECT_TRUE(cat.check().ok());
}

TEST_F(CatalogCliTest, SetShowExportRemoveAndCheck) {
  const fs::path film = clip("spin", dir / "films");
  auto r = test::run(cranes("analyze -q " + q(film)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run(
      cranes("catalog set spin --title \"Soy Cuba: the roof\" --year 1964 --director Kalatozov --tag "
             "favourite --tag \"roof's edge\""));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run(cranes("catalog show roof --json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto shown = nlohmann::json::parse(r.out);
  EXPECT_EQ(shown["title"], "Soy Cuba: the roof");
  EXPECT_EQ(shown["year"], 1964);
  EXPECT_EQ(shown["tags"], (nlohmann::json{"favourite", "roof's edge"}));
  // The analysis comes back out as it went in; a new analysis keeps what was set.
  r = test::run(cranes("catalog export 1 --json -o " + q(dir / "back.json")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto back = nlohmann::json::parse(test::read_text(dir / "back.json"));
  auto orig = nlohmann::json::parse(test::read_text(dir / "films" / "spin.mp4.cranes.json"));
  EXPECT_EQ(back, orig);
  r = test::run(cranes("analyze -q --force " + q(film)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run(cranes("catalog show 1 --json"));
  EXPECT_EQ(nlohmann::json::parse(r.out)["title"], "Soy Cuba: the roof");

  r = test::run(cranes("catalog check"));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::ofstream(film, std::ios::app) << "more bytes";
  r = test::run(cranes("catalog check --json"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(r.out)["files"][0]["state"], "changed") << r.out;
  fs::remove(film);
  r = test::run(cranes("catalog check --json"));
  EXPECT_EQ(nlohmann::json::parse(r.out)["files"][0]["state"], "missing") << r.out;

  test::expect_one_line_error(test::run(cranes("catalog show nothing-like-it")), 2, "nothing-like-it",
                              "no film in the catalog");
  r = test::run(cranes("catalog remove roof"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = test::run(cranes("catalog list --json"));
  EXPECT_EQ(r.out, "[]\n");
}

TEST_F(CatalogCliTest, AFileAtTheCatalogPathThatIsNoCatalogIsAnErrorAndLeftAlone) {
  const fs::path film = clip("pan", dir / "films");
  std::ofstream(db) << "PRAGMA: not a database at all\n";
  const auto r = test::run(cranes("analyze -q " + q(film)));
  test::expect_one_line_error(r, 1, db.string(), "not an SQLite database");
  EXPECT_EQ(test::read_text(db), "PRAGMA: not a database at all\n");
  EXPECT_FALSE(fs::exists(dir / "films" / "pan.mp4.cranes.json")) << "refused before the long decode";
  test::expect_one_line_error(test::run(cranes("catalog list")), 1, db.string(), "not an SQLite database");
  fs::remove(db);
  test::expect_one_line_error(test::run(cranes("catalog list")), 1, db.string(), "no catalog here yet");
}

TEST_F(CatalogCliTest, ImportTakesFoldersAndImportingTwiceChangesNothing) {
  const fs::path films = dir / "films";
  for (const char* s : {"pan", "tilt", "static"}) clip(s, films);
  auto r = test::run(test::cranes_bin() + " analyze -q --no-catalog " + q(films));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(db));
  std::ofstream(films / "broken.cranes.json") << "{\"schema\": \"cranes/1\"";
  for (int pass = 0; pass < 2; ++pass) {
    r = test::run(cranes("catalog import " + q(films) + " -q"));
    EXPECT_EQ(r.exit_code, 1) << "the broken analysis is reported";
    EXPECT_NE(r.err.find("broken.cranes.json: not valid JSON"), std::string::npos) << r.err;
    catalog::Catalog cat(db, catalog::Catalog::Mode::ReadOnly);
    EXPECT_EQ(cat.list().size(), 3u);
  }
}

}  // namespace
}  // namespace cranes

namespace cranes {
namespace {

TEST_F(CatalogCliTest, CtrlCKeepsWhatFinishedAndLeavesNothingHalfWritten) {
  const fs::path films = dir / "films";
  clip("pan", films);
  const fs::path longer = films / "zlong.mp4";
  auto r = test::run(test::cranes_bin() + " synth --size 320x180 --scenario demo --duration-scale 6 -o " +
                     q(longer) + " --truth " + q(dir / "long.truth.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The first film finishes; the second is stopped halfway through.
  const std::string script = cranes("analyze -j 1 " + q(films)) + " > " + q(dir / "out.txt") + " 2> " +
                             q(dir / "err.txt") + " & p=$!; for i in $(seq 1 600); do [ -e " +
                             q(films / "pan.mp4.cranes.json") +
                             " ] && break; sleep 0.02; done; sleep 0.4; kill -INT $p; wait $p; echo $?";
  r = test::run("bash -c " + q(script));
  EXPECT_EQ(r.out, "1\n") << test::read_text(dir / "err.txt");
  const std::string err = test::read_text(dir / "err.txt");
  EXPECT_NE(err.find("cranes: error: analyze: interrupted: 1 analysed and kept, 1 not finished"),
            std::string::npos)
      << err;
  EXPECT_TRUE(fs::exists(films / "pan.mp4.cranes.json"));
  EXPECT_FALSE(fs::exists(films / "zlong.mp4.cranes.json"));
  EXPECT_FALSE(fs::exists(films / "zlong.mp4.stills")) << "the stopped film's stills are removed";
  for (const auto& e : fs::recursive_directory_iterator(films))
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
  catalog::Catalog cat(db, catalog::Catalog::Mode::ReadOnly);
  ASSERT_EQ(cat.list().size(), 1u);
  EXPECT_EQ(cat.list()[0].title, "pan");
}

}  // namespace
}  // namespace cranes

namespace cranes {
namespace {

TEST_F(CatalogCliTest, ADamagedCatalogIsAnErrorAndLeftAsItIs) {
  const fs::path film = clip("pan", dir / "films");
  auto r = test::run(cranes("analyze -q " + q(film)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run("sqlite3 " + q(db) + " 'PRAGMA wal_checkpoint(TRUNCATE)'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  {
    // Garbage over the second and third pages: the header still says SQLite, the tables do not hold.
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    const std::string junk(8192, '\xde');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const std::string before = test::read_text(db);
  test::expect_one_line_error(test::run(cranes("catalog check")), 1, db.string(), "damaged");
  test::expect_one_line_error(test::run(cranes("analyze -q --force " + q(film))), 1, db.string(), "damaged");
  EXPECT_EQ(test::read_text(db), before) << "a damaged catalog is never written to";
}

}  // namespace
}  // namespace cranes
