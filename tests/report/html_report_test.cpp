// SPDX-License-Identifier: MIT
// The HTML report: every string from a document is escaped (a hostile title shows as text), the plots, the
// table and its sort script are there, stills are embedded, copied or left out with a warning, a 2,000-shot
// film stays small and quick, `cranes report` speaks in one-line errors, and a real browser (headless
// Chromium) renders a report of an analysed synthetic clip without a script error, sorts its table, and
// paints a picture that is not blank.
#include "cranes/report/html_report.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <random>
#include <regex>
#include <sstream>

#include "cranes/core/error.hpp"
#include "cranes/core/log.hpp"
#include "cranes/film/stats.hpp"
#include "cranes/report/summary.hpp"
#include "support/tools.hpp"

namespace cranes::report {
namespace {
namespace fs = std::filesystem;
using film::MovementLabel;
using test::q;

const std::string kHostile = "<script>alert(1)</script>";

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

/// A film of `shots` shots at 24 fps with lengths spread like a feature's (mostly a few seconds, now and
/// then a long take), each with a movement, a Dutch angle, a scale and a camera angle; every tenth shot rolls
/// and carries a roll track.
film::Film generated_film(int shots, uint32_t seed = 7) {
  std::mt19937 rng(seed);
  std::lognormal_distribution<double> length(1.3, 0.7);
  const MovementLabel labels[] = {MovementLabel::Static, MovementLabel::PanRight, MovementLabel::TiltUp,
                                  MovementLabel::RollCw, MovementLabel::DollyIn,  MovementLabel::Shake};
  film::Film f;
  f.source.path = "/films/generated.mkv";
  f.source.container = "matroska,webm";
  f.source.container_long = "Matroska / WebM";
  f.source.codec = "h264";
  f.source.width = 1440;
  f.source.height = 1080;
  f.source.dar = {4, 3};
  f.source.fps_nominal = f.source.fps_average = {24, 1};
  f.analyzers = {"boundaries", "framing", "motion"};
  int64_t frame = 0;
  for (int i = 0; i < shots; ++i) {
    film::Shot s;
    s.index = i;
    const int64_t frames =
        std::max<int64_t>(6, static_cast<int64_t>(length(rng) * 24) * (i % 97 == 5 ? 20 : 1));
    s.start_frame = frame;
    s.end_frame = frame + frames;
    s.start_s = frame / 24.0;
    s.end_s = s.end_frame / 24.0;
    s.length_s = s.end_s - s.start_s;
    frame = s.end_frame;
    if (i > 0) s.transition_in = i % 17 == 0 ? film::TransitionType::Dissolve : film::TransitionType::Cut;
    if (i + 1 < shots)
      s.transition_out = (i + 1) % 17 == 0 ? film::TransitionType::Dissolve : film::TransitionType::Cut;
    film::Movement m;
    m.start_frame = s.start_frame;
    m.end_frame = s.end_frame;
    m.start_s = s.start_s;
    m.end_s = s.end_s;
    m.label = labels[rng() % 6];
    if (film::is_move(m.label)) {
      m.rate = 5 + rng() % 40;
      m.rate_unit = m.label == MovementLabel::DollyIn ? film::RateUnit::ScalePerS : film::RateUnit::DegPerS;
      m.total = m.rate * s.length_s;
    }
    s.movements.push_back(m);
    s.dutch_deg = std::uniform_real_distribution<double>(-12, 12)(rng);
    if (i % 10 == 3)
      for (double t = s.start_s; t < s.end_s; t += 1)
        s.dutch_track.push_back({t, std::fmod(t * 40, 360) - 180});
    s.scale = film::ScaleCall(static_cast<film::ShotScale>(rng() % 7));
    s.camera_angle = film::CameraAngle::Level;
    f.shots.push_back(std::move(s));
  }
  f.decode.frames = frame;
  f.decode.duration_s = frame / 24.0;
  f.source.duration_s = f.decode.duration_s;
  f.stats = film::compute_stats(f.shots);
  return f;
}

TEST(HtmlEscapeTest, EscapesMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(html_escape(kHostile), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(html_escape("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
  EXPECT_EQ(html_escape(std::string("x\0y\x1b", 4)), "x\xEF\xBF\xBDy\xEF\xBF\xBD");
  EXPECT_EQ(html_escape("Летят журавли"), "Летят журавли");  // UTF-8 passes untouched
}

TEST(HtmlReportTest, HostileStringsShowAsText) {
  film::Film f = generated_film(12);
  f.source.title = kHostile;
  f.source.path = "/films/<img src=x onerror=alert(2)>.mkv";
  f.source.codec = "h264\"><script>alert(3)</script>";
  f.stills.push_back({0, 0.0, f.stats.longest[0].index, 0.9, kHostile, "", 64, 48});
  const std::string html = html_report(f, {});
  EXPECT_EQ(count(html, "<script"), 1u) << "only the report's own sort script";
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("alert(3)</script>"), std::string::npos);
  EXPECT_NE(html.find("<title>&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(2)&gt;.mkv"), std::string::npos);
}

TEST(HtmlReportTest, DrawsTheGraphStripDutchPlotAndSortableTable) {
  const film::Film f = generated_film(40);
  const std::string html = html_report(f, {});
  ASSERT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "<svg "), 3u);
  // The graph: one bar per shot, the sections' ASL and the film's ASL.
  const size_t bars = html.find("<g class=\"bars\">"), bars_end = html.find("</g>", bars);
  ASSERT_NE(bars, std::string::npos);
  EXPECT_EQ(count(html.substr(bars, bars_end - bars), "<rect "), f.shots.size());
  EXPECT_NE(html.find("<path class=\"asl\" d=\"M"), std::string::npos);
  EXPECT_NE(html.find("<path class=\"mean\""), std::string::npos);
  // The strip and its legend from the movement-kind table.
  for (const auto& e : film::enum_table(film::MovementKind{}))
    EXPECT_NE(html.find(">" + std::string(e.token)), std::string::npos) << e.token;
  EXPECT_NE(html.find("class=\"k-pan\""), std::string::npos);
  EXPECT_NE(html.find("<path class=\"ticks\""), std::string::npos);
  // The Dutch plot: the per-shot steps and the roll track.
  EXPECT_NE(html.find("<path class=\"dutch\" d=\"M"), std::string::npos);
  EXPECT_NE(html.find("<path class=\"track\" d=\"M"), std::string::npos);
  // The table: a row per shot, and the script that sorts it.
  EXPECT_NE(html.find("<table class=\"sortable\">"), std::string::npos);
  EXPECT_EQ(count(html, "<tr><td"), f.shots.size());
  EXPECT_NE(html.find("addEventListener('click'"), std::string::npos);
  EXPECT_NE(html.find(movements_text(f.shots[3])), std::string::npos);
  // Nothing from the network.
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST(HtmlReportTest, MergesRunsOfOneMovementAcrossShots) {
  film::Film f = generated_film(30);
  for (auto& s : f.shots) s.movements[0].label = MovementLabel::RollCw;  // one long spin across every cut
  const std::string html = html_report(f, {});
  EXPECT_EQ(count(html, "<rect class=\"k-"), 1u);
  EXPECT_NE(html.find("roll 100 %"), std::string::npos);
}

TEST(HtmlReportTest, TwoThousandShotsStayUnderFiveMegabytesAndTwoSeconds) {
  const film::Film f = generated_film(2000);
  const auto t0 = std::chrono::steady_clock::now();
  const std::string html = html_report(f, {});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(html.size(), 5u << 20);
  EXPECT_LT(seconds, 2.0);
  EXPECT_EQ(count(html, "<tr><td"), 2000u);
  RecordProperty("bytes", static_cast<int>(html.size()));
}

TEST(HtmlReportTest, LongFilmsGetALogarithmicScaleUnlessToldOtherwise) {
  film::Film f = generated_film(60);
  f.shots[10].length_s = 200;  // one long take, 50 times the median
  f.stats = film::compute_stats(f.shots);
  EXPECT_NE(html_report(f, {}).find("logarithmic scale"), std::string::npos);
  HtmlReportOptions o;
  o.length_scale = LengthScale::Linear;
  EXPECT_NE(html_report(f, o).find("(linear scale)"), std::string::npos);
}

TEST(HtmlReportTest, EmbedsStillsAsDataUris) {
  test::ScratchDir dir;
  fs::create_directory(dir / "stills");
  std::ofstream(dir / "stills" / "take.png", std::ios::binary) << "Many hands";  // base64: TWFueSBoYW5kcw==
  std::ofstream(dir / "stills" / "b.jpg", std::ios::binary) << "Ma";             // base64: TWE=
  film::Film f = generated_film(20);
  f.stills.push_back(
      {0, 1.0, f.stats.longest[0].index, 0.8, "steady & <sharp>", "stills/take.png", 320, 240});
  f.stills.push_back({0, 1.0, f.stats.longest[1].index, 0.8, "", "stills/b.jpg", 320, 240});
  HtmlReportOptions o;
  o.analysis_dir = dir.path();
  const std::string html = html_report(f, o);
  EXPECT_NE(html.find("<img loading=\"lazy\" width=\"320\" height=\"240\" "
                      "src=\"data:image/png;base64,TWFueSBoYW5kcw==\""),
            std::string::npos);
  EXPECT_NE(html.find("src=\"data:image/jpeg;base64,TWE=\""), std::string::npos);
  EXPECT_NE(html.find("steady &amp; &lt;sharp&gt;"), std::string::npos);
}

TEST(HtmlReportTest, MissingStillIsLeftOutWithAWarning) {
  test::ScratchDir dir;
  film::Film f = generated_film(20);
  f.stills.push_back({0, 1.0, f.stats.longest[0].index, 0.8, "", "stills/gone.avif", 320, 240});
  std::vector<std::string> warnings;
  const WarningSink previous = set_warning_sink([&](const std::string& w) { warnings.push_back(w); });
  HtmlReportOptions o;
  o.analysis_dir = dir.path();
  const std::string html = html_report(f, o);
  set_warning_sink(previous);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("gone.avif"), std::string::npos) << warnings[0];
}

TEST(HtmlReportTest, AssetsDirectoryGetsCopiesLinkedRelativeToTheReport) {
  test::ScratchDir dir;
  fs::create_directories(dir / "analysis" / "stills");
  std::ofstream(dir / "analysis" / "stills" / "shot #1.avif", std::ios::binary) << "avif bytes";
  film::Film f = generated_film(20);
  f.stills.push_back({0, 1.0, f.stats.longest[0].index, 0.8, "", "stills/shot #1.avif", 320, 240});
  HtmlReportOptions o;
  o.analysis_dir = dir / "analysis";
  o.assets_dir = dir / "site" / "assets";
  fs::create_directory(dir / "site");
  write_html_report(f, dir / "site" / "index.html", o);
  EXPECT_EQ(test::read_text(dir / "site" / "assets" / "stills" / "shot #1.avif"), "avif bytes");
  const std::string html = test::read_text(dir / "site" / "index.html");
  EXPECT_NE(html.find("src=\"assets/stills/shot%20%231.avif\""), std::string::npos);
  EXPECT_EQ(html.find("data:image"), std::string::npos);
  for (const auto& e : fs::recursive_directory_iterator(dir.path()))
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
}

TEST(HtmlReportTest, FilmWithoutShotsStillRenders) {
  film::Film f;
  f.source.path = "empty.mp4";
  const std::string html = html_report(f, {});
  EXPECT_NE(html.find("No shots."), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(HtmlReportTest, WriteIntoAMissingDirectoryNamesIt) {
  test::ScratchDir dir;
  try {
    write_html_report(generated_film(3), dir / "nowhere" / "r.html", {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nowhere"), std::string::npos) << e.what();
  }
}

// ---- the command ----------------------------------------------------------------------------------------

class ReportCliTest : public ::testing::Test {
 protected:
  test::ScratchDir dir;

  fs::path analysis(const film::Film& f, const std::string& name = "film.mkv.cranes.json") {
    const fs::path p = dir / name;
    film::write_film(f, p);
    return p;
  }

  void expect_one_line_error(const test::CommandResult& r, const std::string& subject,
                             const std::string& cause) {
    test::expect_one_line_error(r, 1, subject, cause);
    for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
      const std::string name = e.path().filename().string();
      EXPECT_TRUE(name.find(".tmp") == std::string::npos && e.path().extension() != ".html")
          << "left behind: " << e.path();
    }
  }
};

TEST_F(ReportCliTest, WritesBesideTheAnalysisAndSpeaksJson) {
  const fs::path json = analysis(generated_film(30));
  auto r = test::run(test::cranes_bin() + " report " + q(json));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, (dir / "film.mkv.report.html").string() + "\n");
  EXPECT_NE(test::read_text(dir / "film.mkv.report.html").find("</html>"), std::string::npos);

  r = test::run(test::cranes_bin() + " report " + q(json) + " -o " + q(dir / "r.html") + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["report"], (dir / "r.html").string());
  EXPECT_EQ(j["bytes"].get<uintmax_t>(), fs::file_size(dir / "r.html"));
}

TEST_F(ReportCliTest, HelpTeachesWithAnExample) {
  const auto r = test::run(test::cranes_bin() + " report --help");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("cranes report analyses/"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--assets"), std::string::npos);
}

TEST_F(ReportCliTest, MissingAnalysis) {
  expect_one_line_error(test::run(test::cranes_bin() + " report " + q(dir / "gone.cranes.json")),
                        "gone.cranes.json", "no such file");
}

TEST_F(ReportCliTest, NotJson) {
  std::ofstream(dir / "notes.cranes.json") << "The Cranes Are Flying, 1957";
  expect_one_line_error(test::run(test::cranes_bin() + " report " + q(dir / "notes.cranes.json")),
                        "notes.cranes.json", "not valid JSON");
}

TEST_F(ReportCliTest, OtherSchema) {
  std::ofstream(dir / "other.cranes.json") << R"({"schema": "cranes/99", "shots": []})";
  expect_one_line_error(test::run(test::cranes_bin() + " report " + q(dir / "other.cranes.json")),
                        "other.cranes.json", "unsupported schema 'cranes/99'");
}

TEST_F(ReportCliTest, MissingOutputDirectory) {
  const fs::path json = analysis(generated_film(3));
  expect_one_line_error(
      test::run(test::cranes_bin() + " report " + q(json) + " -o " + q(dir / "no" / "r.html")),
      (dir / "no").string(), "directory does not exist");
}

// ---- in a browser ---------------------------------------------------------------------------------------

/// The browser, or a failure saying how to install it: a missing browser must not pass as a skip.
std::string chromium() {
  const auto r = test::run("command -v chromium");
  if (r.exit_code != 0 || r.out.empty()) return "";
  return r.out.substr(0, r.out.find('\n'));
}

test::CommandResult headless(const std::string& browser, const fs::path& profile, const std::string& args,
                             const fs::path& page) {
  return test::run(
      "timeout 60 " + q(browser) +
      " --headless=new --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --hide-scrollbars "
      "--no-first-run --user-data-dir=" +
      q(profile) + " " + args + " " + q("file://" + page.string()));
}

TEST(HtmlReportBrowserTest, ChromiumRendersAnAnalysedClipAndSortsItsTable) {
  const std::string browser = chromium();
  ASSERT_FALSE(browser.empty())
      << "chromium is not installed: run `make deps` (scripts/packages.txt lists it)";
  test::ScratchDir dir;
  const fs::path clip = dir / "demo.mp4";
  auto r = test::run(test::cranes_bin() + " synth --scenario demo --size 320x180 -o " + q(clip));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = test::run(test::cranes_bin() + " analyze -q " + q(clip));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A hostile title and a still for the longest take, as a later analysis would record them.
  const fs::path json = dir / "demo.mp4.cranes.json";
  film::Film f = film::read_film(json);
  ASSERT_GE(f.shots.size(), 4u);
  f.source.title = kHostile;
  fs::create_directory(dir / "stills");
  cv::Mat still(90, 160, CV_8UC3, cv::Scalar(40, 90, 200));
  ASSERT_TRUE(cv::imwrite((dir / "stills" / "longest.png").string(), still));
  const int longest = f.stats.longest.at(0).index;
  if (std::none_of(f.stills.begin(), f.stills.end(), [&](const film::Still& s) { return s.shot == longest; }))
    f.stills.push_back({10, 0.4, longest, 0.9, "the spin", "stills/longest.png", 160, 90});
  film::write_film(f, json);
  const fs::path report = dir / "demo.report.html";
  r = test::run(test::cranes_bin() + " report " + q(json) + " -o " + q(report));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // A test copy with hooks: script errors go to the console, an alert() would leave a mark, the stills load
  // before the DOM is dumped, and the table is sorted by length (a click on its heading).
  std::string html = test::read_text(report);
  html.replace(html.find("<head>") + 6, 0,
               "<script>window.onerror=function(m){console.error('page error: '+m)};"
               "window.alert=function(m){document.documentElement.setAttribute('data-alert',String(m))};"
               "</script>");
  for (size_t at = html.find("loading=\"lazy\""); at != std::string::npos;
       at = html.find("loading=\"lazy\"", at))
    html.replace(at, 14, "loading=\"eager\"");
  html.replace(html.rfind("</body>"), 0,
               "<script>addEventListener('load',()=>{const h=document.documentElement;"
               "h.setAttribute('data-images',Array.from(document.images,i=>i.naturalWidth).join(','));"
               "document.querySelectorAll('table.sortable th')[2].click();});</script>");
  const fs::path probe = dir / "probe.html";
  std::ofstream(probe, std::ios::binary) << html;

  r = headless(browser, dir / "profile", "--dump-dom", probe);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& dom = r.out;
  EXPECT_EQ(r.err.find(":CONSOLE"), std::string::npos) << "console messages:\n" << r.err;
  EXPECT_EQ(dom.find(" data-alert="), std::string::npos) << "alert() ran";
  EXPECT_NE(dom.find("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"), std::string::npos);
  EXPECT_EQ(count(dom, "<svg "), 3u);
  EXPECT_NE(dom.find("<g class=\"bars\">"), std::string::npos);
  EXPECT_NE(dom.find("class=\"k-roll\""), std::string::npos) << "the spinning long take in the strip";
  // Every still shown (the one added here, and any the analysis chose) decoded from its data URI.
  std::smatch images;
  std::regex_search(dom, images, std::regex(R"re( data-images="([\d,]*)")re"));
  ASSERT_FALSE(images.empty()) << dom.substr(0, 300);
  EXPECT_NE(images[1].str(), "") << "no still shown";
  EXPECT_EQ(("," + images[1].str() + ",").find(",0,"), std::string::npos)
      << "a still did not decode: " << images[1];
  // Sorted by length, ascending: the rows' length cells in order.
  EXPECT_NE(dom.find("aria-sort=\"ascending\""), std::string::npos);
  const size_t body = dom.find("<tbody>");
  ASSERT_NE(body, std::string::npos);
  const std::regex row(
      R"(<tr><td class="n">\d+</td><td class="n" data-v="[^"]*">[^<]*</td><td class="n">([\d.]+)</td>)");
  std::vector<double> lengths;
  for (auto it = std::sregex_iterator(dom.begin() + static_cast<long>(body), dom.end(), row);
       it != std::sregex_iterator(); ++it)
    lengths.push_back(std::stod((*it)[1]));
  EXPECT_EQ(lengths.size(), f.shots.size());
  EXPECT_TRUE(std::is_sorted(lengths.begin(), lengths.end()));

  const fs::path png = dir / "report.png";
  r = headless(browser, dir / "profile", "--screenshot=" + q(png) + " --window-size=1280,1600", report);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find(":CONSOLE"), std::string::npos) << r.err;
  const cv::Mat shot = cv::imread(png.string(), cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(shot.empty()) << "no screenshot: " << r.err;
  EXPECT_EQ(shot.cols, 1280);
  cv::Scalar mean, sd;
  cv::meanStdDev(shot, mean, sd);
  EXPECT_GT(sd[0], 15.0) << "a blank page (mean " << mean[0] << ")";
}

}  // namespace
}  // namespace cranes::report
