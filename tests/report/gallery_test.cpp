// SPDX-License-Identifier: MIT
// Galleries: the front matter of a post for three analysed films parses as YAML (yaml-cpp) with the shape and
// key order of a real post (title, excerpt, cardCover, date, location, tags, galleries of {title, id,
// images}), every image it names exists as AVIF at the stated size, the body has a heading and a
// {{gallery}} line per film; hostile titles (colons, quotes, Cyrillic, HTML) come back as written; a moved
// film, a bad date and an unwritable directory are one-line errors that leave nothing behind.
#include "cranes/report/gallery.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "cranes/film/film.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/synth/synth.hpp"
#include "support/tools.hpp"

namespace cranes::report {
namespace {

namespace fs = std::filesystem;
using test::q;

// The front matter (between the first two "---" lines) and the body after it.
std::pair<std::string, std::string> split_post(const std::string& md) {
  EXPECT_EQ(md.rfind("---\n", 0), 0u);
  const size_t end = md.find("\n---\n", 4);
  EXPECT_NE(end, std::string::npos);
  return {md.substr(4, end - 4 + 1), md.substr(end + 5)};
}

std::vector<std::string> keys(const YAML::Node& map) {
  std::vector<std::string> out;
  for (const auto& kv : map) out.push_back(kv.first.as<std::string>());
  return out;
}

const std::string kHostile = "Летят журавли: \"The Cranes\" <b>Are</b> 'Flying' #1 & {{x}}";

TEST(Gallery, HostileStringsRoundTripThroughYaml) {
  Gallery g;
  g.title = kHostile;
  g.excerpt = "line one\nline two\ttab \\ backslash: colon";
  g.card_cover = "/a/b.avif";
  g.date = "2026-01-22T05:35:07.322Z";
  g.location = "Moscow: Mosfilm";
  g.tags = {"cinema", "b&w: yes", "- dash"};
  g.sections.push_back({kHostile, "x", kHostile + " (1957)", {{"/a/b.avif", 640, 480, kHostile}}});
  const auto [front, body] = split_post(gallery_markdown(g));
  const YAML::Node y = YAML::Load(front);
  EXPECT_EQ(y["title"].as<std::string>(), g.title);
  EXPECT_EQ(y["excerpt"].as<std::string>(), g.excerpt);
  EXPECT_EQ(y["location"].as<std::string>(), g.location);
  EXPECT_EQ(y["tags"].as<std::vector<std::string>>(), g.tags);
  EXPECT_EQ(y["galleries"][0]["title"].as<std::string>(), kHostile);
  EXPECT_EQ(y["galleries"][0]["images"][0]["alt"].as<std::string>(), kHostile);
  EXPECT_EQ(y["galleries"][0]["images"][0]["width"].as<int>(), 640);
  // The heading shows the title as text: no HTML element, no emphasis, no template call.
  EXPECT_EQ(body.find("<b>"), std::string::npos) << body;
  EXPECT_NE(body.find("&lt;b&gt;"), std::string::npos) << body;
  EXPECT_EQ(std::count(body.begin(), body.end(), '\n'), 4) << body;  // a blank line, heading, gallery, blank
  EXPECT_NE(body.find("\n{{gallery}}\n"), std::string::npos);
  EXPECT_EQ(body.find("{{x}}"), std::string::npos) << body;
}

TEST(Gallery, TitlesDatesAndYears) {
  EXPECT_EQ(split_title_year("The Cranes Are Flying (1957)"),
            (std::pair<std::string, std::string>{"The Cranes Are Flying", "1957"}));
  EXPECT_EQ(split_title_year("I Am Cuba"), (std::pair<std::string, std::string>{"I Am Cuba", ""}));
  EXPECT_EQ(split_title_year("Soy Cuba(1964) "), (std::pair<std::string, std::string>{"Soy Cuba", "1964"}));
  EXPECT_EQ(split_title_year("(1964)"), (std::pair<std::string, std::string>{"(1964)", ""}));
  for (const char* ok :
       {"2026-01-22", "2026-01-22T05:35:07.322Z", "2026-01-22T05:35", "2026-01-22T05:35:07+01:00",
        "2026-01-22T05:35Z", "2026-01-22T05:35:07+0100", "2026-01-22T05:35:07.5-05:00"})
    EXPECT_TRUE(is_iso8601(ok)) << ok;
  for (const char* bad :
       {"22/01/2026", "2026-13-01", "2026-00-10", "2026-01-22T25:00", "2026-01-22T05:35:07.Z",
        "2026-01-22T05:35:07+01:00 ", "2026-01-22T05", "yesterday", ""})
    EXPECT_FALSE(is_iso8601(bad)) << bad;
}

class GalleryCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new test::ScratchDir;
    synth::SynthOptions so;
    so.width = 480;
    so.height = 270;
    synth::render("cuts", so, *dir / "one.mp4");
    synth::render("dissolve", so, *dir / "two.mp4");
    so.grey = true;
    synth::render("moves", so, *dir / "three.mp4");
    test::ffmpeg("-i " + q(*dir / "one.mp4") + " -c copy -metadata title=" + q(kHostile) +
                 " -metadata date=1957-10-12 " + q(*dir / "hostile.mp4"));
    for (const char* n : {"hostile", "two", "three"}) {
      const auto r = test::run(test::cranes_bin() + " analyze -q --no-report --stills 1 " +
                               q(*dir / (std::string(n) + ".mp4")) + " -o " + q(*dir / "an"));
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  static void TearDownTestSuite() { delete dir; }
  static std::string analyses() {
    return q(*dir / "an/hostile.mp4.cranes.json") + " " + q(*dir / "an/two.mp4.cranes.json") + " " +
           q(*dir / "an/three.mp4.cranes.json");
  }
  static test::ScratchDir* dir;
};
test::ScratchDir* GalleryCli::dir = nullptr;

TEST_F(GalleryCli, ThreeFilmsMakeThePostsShape) {
  const fs::path out = *dir / "post";
  const auto r = test::run(test::cranes_bin() + " gallery -q " + analyses() + " -o " + q(out) +
                           " --title 'Stills from my favorite Kalatozov Movies' --excerpt 'Striking: imagery'"
                           " --tags cinema,inspiration,bnw --date 2026-01-22T05:35:07.322Z"
                           " --assets-prefix /assets/photos/kalatozov-stills --per-film 4"
                           " --film '' --film 'Letter Never Sent (1960)' --film 'I Am Cuba (1964)'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto [front, body] = split_post(test::read_text(out / "index.md"));
  const YAML::Node y = YAML::Load(front);
  EXPECT_EQ(keys(y), (std::vector<std::string>{"title", "excerpt", "cardCover", "date", "location", "tags",
                                               "galleries"}));
  EXPECT_EQ(y["title"].as<std::string>(), "Stills from my favorite Kalatozov Movies");
  EXPECT_EQ(y["excerpt"].as<std::string>(), "Striking: imagery");
  EXPECT_EQ(y["date"].as<std::string>(), "2026-01-22T05:35:07.322Z");
  EXPECT_EQ(y["tags"].as<std::vector<std::string>>(),
            (std::vector<std::string>{"cinema", "inspiration", "bnw"}));
  ASSERT_EQ(y["galleries"].size(), 3u);
  const std::vector<std::string> titles = {kHostile, "Letter Never Sent", "I Am Cuba"};
  const std::vector<std::string> ids = {"the-cranes-b-are-b-flying-1-x", "letter-never-sent", "i-am-cuba"};
  bool cover_found = false;
  for (size_t i = 0; i < 3; ++i) {
    int colour = 0;
    const YAML::Node g = y["galleries"][i];
    EXPECT_EQ(keys(g), (std::vector<std::string>{"title", "id", "images"}));
    EXPECT_EQ(g["title"].as<std::string>(), titles[i]);
    EXPECT_EQ(g["id"].as<std::string>(), ids[i]);
    ASSERT_GE(g["images"].size(), 1u);
    EXPECT_LE(g["images"].size(), 4u);
    for (const auto& im : g["images"]) {
      EXPECT_EQ(keys(im), (std::vector<std::string>{"img", "width", "height", "alt"}));
      const std::string img = im["img"].as<std::string>();
      ASSERT_EQ(img.rfind("/assets/photos/kalatozov-stills/stills-from-my-favorite-kalatozov-movies-", 0), 0u)
          << img;
      const fs::path file = out / fs::path(img).filename();
      ASSERT_TRUE(fs::exists(file)) << file;
      const media::AvifFacts facts = media::read_avif_facts(file);
      EXPECT_EQ(facts.width, im["width"].as<int>());
      EXPECT_EQ(facts.height, im["height"].as<int>());
      // The third film is black and white: 4:0:0 throughout. The colour films film some grey photos too,
      // whose stills are 4:0:0 as well; the others are 4:2:0.
      if (i == 2) {
        EXPECT_EQ(facts.yuv_format, "400") << img;
      }
      colour += facts.yuv_format == "420";
      cover_found |= img == y["cardCover"].as<std::string>();
    }
    if (i < 2) {
      EXPECT_GT(colour, 0) << titles[i];
    }
  }
  EXPECT_TRUE(cover_found) << y["cardCover"].as<std::string>();
  // One heading and one {{gallery}} line per film, in order, with the year.
  size_t at = 0;
  for (const std::string& h : {std::string("### Летят журавли: &quot;The Cranes&quot; &lt;b&gt;Are&lt;/b&gt; "
                                           "&#39;Flying&#39; \\#1 &amp; \\{\\{x\\}\\} (1957)\n{{gallery}}"),
                               std::string("### Letter Never Sent (1960)\n{{gallery}}"),
                               std::string("### I Am Cuba (1964)\n{{gallery}}")}) {
    at = body.find(h, at);
    EXPECT_NE(at, std::string::npos) << h << "\n---\n" << body;
  }
  size_t galleries = 0;
  for (size_t p = body.find("{{gallery}}"); p != std::string::npos; p = body.find("{{gallery}}", p + 1))
    ++galleries;
  EXPECT_EQ(galleries, 3u);
}

TEST_F(GalleryCli, MovedFilmIsReadAgainFromVideo) {
  // The stills of the analysis are gone and so is the video: say how to point at it; then it works.
  const fs::path copy = *dir / "moved";
  fs::create_directories(copy);
  fs::copy_file(*dir / "an/two.mp4.cranes.json", copy / "two.mp4.cranes.json");
  fs::rename(*dir / "two.mp4", *dir / "two-moved.mp4");
  const std::string base =
      test::cranes_bin() + " gallery -q " + q(copy / "two.mp4.cranes.json") + " --title T -o ";
  auto r = test::run(base + q(*dir / "g1"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--video"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(!fs::exists(*dir / "g1") || fs::is_empty(*dir / "g1"));
  r = test::run(base + q(*dir / "g2") + " --video " + q(*dir / "two-moved.mp4"));
  fs::rename(*dir / "two-moved.mp4", *dir / "two.mp4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const YAML::Node y = YAML::Load(split_post(test::read_text(*dir / "g2/index.md")).first);
  ASSERT_GE(y["galleries"][0]["images"].size(), 1u);
  for (const auto& im : y["galleries"][0]["images"])
    EXPECT_EQ(media::read_avif_facts(*dir / "g2" / im["img"].as<std::string>()).width, im["width"].as<int>());
}

TEST_F(GalleryCli, BadDateAndUnwritableDirectoryLeaveNothing) {
  auto r = test::run(test::cranes_bin() + " gallery -q " + analyses() + " --title T --date 22/01/2026 -o " +
                     q(*dir / "g3"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("ISO 8601"), std::string::npos) << r.err;
  EXPECT_TRUE(!fs::exists(*dir / "g3") || fs::is_empty(*dir / "g3"));
  r = test::run(test::cranes_bin() + " gallery -q " + analyses() + " --title T -o /proc/cranes-gallery");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("/proc/cranes-gallery"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  r = test::run(test::cranes_bin() + " gallery -q " + q(*dir / "one.mp4") + " --title T -o " +
                q(*dir / "g4"));
  EXPECT_NE(r.exit_code, 0);  // a video with no analysis beside it
  EXPECT_NE(r.err.find("cranes analyze"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace cranes::report
