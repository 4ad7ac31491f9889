// SPDX-License-Identifier: MIT
// The contact sheet: one cell per shot at its still or middle frame, or one every N seconds; thumbnails in
// the active picture's display aspect; captions and header inside their bounds at any column count; a grey
// sheet for a black-and-white film; a sheet too tall to write is refused before any decoding, or laid out in
// more columns; and `cranes sheet` on analysed synthetic clips: the sizes it reports are the picture's, a
// video not analysed yet is analysed first, and a moved film, a bad analysis, a bad extension, a missing
// directory or a full disk each end in one line with nothing left behind.
#include "cranes/report/contact_sheet.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/core/error.hpp"
#include "cranes/film/stats.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/media/picture.hpp"
#include "cranes/synth/synth.hpp"
#include "support/tools.hpp"

namespace cranes::report {
namespace {
namespace fs = std::filesystem;
using test::q;

/// A film of `shots` shots of `frames_each` frames at 25 fps, 1920x1080.
film::Film film_of(int shots, int64_t frames_each = 50) {
  film::Film f;
  f.source.path = "/films/letter_never_sent.mkv";
  f.source.container_long = "Matroska / WebM";
  f.source.codec = "h264";
  f.source.width = 1920;
  f.source.height = 1080;
  f.source.dar = {16, 9};
  f.source.fps_nominal = f.source.fps_average = {25, 1};
  for (int i = 0; i < shots; ++i) {
    film::Shot s;
    s.index = i;
    s.start_frame = i * frames_each;
    s.end_frame = (i + 1) * frames_each;
    s.start_s = s.start_frame / 25.0;
    s.end_s = s.end_frame / 25.0;
    s.length_s = s.end_s - s.start_s;
    f.shots.push_back(s);
  }
  f.decode.frames = shots * frames_each;
  f.decode.duration_s = f.decode.frames / 25.0;
  f.stats = film::compute_stats(f.shots);
  return f;
}

std::vector<cv::Mat> pictures_for(const std::vector<SheetCell>& cells, bool grey) {
  std::vector<cv::Mat> out;
  for (size_t i = 0; i < cells.size(); ++i) {
    const int v = static_cast<int>(40 + 25 * (i % 8));
    out.emplace_back(cv::Size(320, 180), CV_8UC3, grey ? cv::Scalar(v, v, v) : cv::Scalar(v, 120, 220 - v));
  }
  return out;
}

TEST(SheetCells, OnePerShotAtItsBestStillElseItsMiddleFrame) {
  film::Film f = film_of(3);
  f.stills.push_back({60, 2.4, 1, 0.4, "steady", "", 0, 0});
  f.stills.push_back({70, 2.8, 1, 0.9, "sharpest", "", 0, 0});
  const auto cells = sheet_cells(f, {});
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_EQ(cells[0], (SheetCell{25, 0, 1.0, false}));
  EXPECT_EQ(cells[1], (SheetCell{70, 1, 2.8, true}));  // the better of the shot's two stills
  EXPECT_EQ(cells[2], (SheetCell{125, 2, 5.0, false}));
}

TEST(SheetCells, EveryNSecondsShowsTheMiddleOfEachStretch) {
  const film::Film f = film_of(5);  // 10 s
  SheetOptions o;
  o.every_s = 1;
  auto cells = sheet_cells(f, o);
  ASSERT_EQ(cells.size(), 10u);
  for (size_t k = 0; k < cells.size(); ++k) {
    EXPECT_EQ(cells[k].frame, static_cast<int64_t>(k) * 25 + 12) << k;  // 0.5 s into each second
    EXPECT_EQ(cells[k].shot, static_cast<int>(k / 2)) << k;
    EXPECT_NEAR(cells[k].time_s, cells[k].frame / 25.0, 1e-9);
  }
  o.every_s = 3;  // 0-3, 3-6, 6-9 and the last second, 9-10
  cells = sheet_cells(f, o);
  ASSERT_EQ(cells.size(), 4u);
  EXPECT_EQ(cells.back().frame, static_cast<int64_t>(9.5 * 25));
  o.every_s = 0.01;  // finer than a frame: every cell still a frame of the film
  cells = sheet_cells(f, o);
  EXPECT_EQ(cells.size(), 1000u);
  for (const auto& c : cells) ASSERT_TRUE(c.frame >= 0 && c.frame < 250) << c.frame;
}

TEST(SheetCells, TimecodesAreTheShotListsOwn) {
  film::Film f = film_of(2);
  EXPECT_EQ(cell_timecode(f, {62, 1, 2.48, false}), "00:00:02:12");
  f.decode.variable_frame_rate = true;
  EXPECT_EQ(cell_timecode(f, {62, 1, 2.48, false}), "00:00:02.480");
}

TEST(SheetText, HersheyFontsGetAsciiAndOneQuestionMarkPerOtherCharacter) {
  EXPECT_EQ(hershey_text("Летят журавли (1957)"), "????? ??????? (1957)");
  EXPECT_EQ(hershey_text(std::string("a\tb\x1b"
                                     "c\xE2\x80\x94"
                                     "d",
                                     9)),
            "a?b?c?d");
  EXPECT_EQ(hershey_text("<script>"), "<script>");
}

TEST(SheetLayout, ThumbnailsHaveTheActivePicturesDisplayAspect) {
  film::Film f = film_of(6);
  SheetLayout l = sheet_layout(f, 6, {});
  EXPECT_EQ(l.columns, 4);
  EXPECT_EQ(l.rows, 2);
  EXPECT_NEAR(static_cast<double>(l.thumbnail.width) / l.thumbnail.height, 16.0 / 9.0, 0.01);
  EXPECT_GE(l.thumbnail.width, (1500 - 5 * 5) / 4);
  // Scope inside 1.78 letterbox bars, anamorphic 720x576 at SAR 64:45 (16:9): the bars go, pixels widen.
  f.active = {true, 0, 158, 1920, 764, 2.51, "2.39", true, false};
  l = sheet_layout(f, 6, {});
  EXPECT_NEAR(static_cast<double>(l.thumbnail.width) / l.thumbnail.height, 1920.0 / 764, 0.02);
  f.active = {};
  f.source.width = 720;
  f.source.height = 576;
  f.source.sar = {64, 45};
  l = sheet_layout(f, 6, {});
  EXPECT_NEAR(static_cast<double>(l.thumbnail.width) / l.thumbnail.height, 16.0 / 9.0, 0.01);

  const cv::Mat frame(576, 720, CV_8UC3, cv::Scalar(10, 200, 30));
  const cv::Mat thumb = sheet_thumbnail(frame, f, l);
  EXPECT_EQ(thumb.size(), l.thumbnail);
  EXPECT_EQ(thumb.at<cv::Vec3b>(thumb.rows / 2, thumb.cols / 2), cv::Vec3b(10, 200, 30));
}

// Nothing drawn spills out of its place: the gaps between the columns stay the sheet's background from the
// header down, and every caption bar carries text.
TEST(ContactSheet, CaptionsAndHeaderStayInsideTheirPlaces) {
  for (const int columns : {1, 3, 4, 7, 12, 17}) {
    film::Film f = film_of(columns < 4 ? 24 : 130, 30);  // three-digit shot numbers where they fit
    f.source.title =
        "Неотправленное письмо / Letter Never Sent, a title far too long for one line of a narrow sheet";
    SheetOptions o;
    o.width = columns == 3 ? 640 : 1500;
    o.columns = columns;
    const auto cells = sheet_cells(f, o);
    const cv::Mat sheet = contact_sheet(f, cells, pictures_for(cells, false), o);
    const SheetLayout l = sheet_layout(f, cells.size(), o);
    ASSERT_EQ(sheet.size(), l.sheet) << columns;
    ASSERT_EQ(sheet.type(), CV_8UC3);
    const cv::Vec3b background = sheet.at<cv::Vec3b>(sheet.rows - 1, sheet.cols - 1);
    for (int c = 0; c + 1 < l.columns; ++c) {
      const cv::Rect left = l.thumbnail_rect(static_cast<size_t>(c));
      const cv::Rect gap(left.x + left.width, l.header_h, l.spacing, sheet.rows - l.header_h);
      cv::Mat diff;
      cv::absdiff(sheet(gap), cv::Scalar(background), diff);
      EXPECT_EQ(cv::countNonZero(diff.reshape(1)), 0)
          << columns << " columns: something in the gap after column " << c;
    }
    for (const size_t i : {size_t{0}, cells.size() - 1}) {
      const cv::Rect r = l.thumbnail_rect(i);
      ASSERT_LE(r.y + r.height + l.caption_h, sheet.rows);
      cv::Mat grey;
      cv::cvtColor(sheet(cv::Rect(r.x, r.y + r.height, r.width, l.caption_h)), grey, cv::COLOR_BGR2GRAY);
      EXPECT_GT(cv::countNonZero(grey > 150), 10) << columns << " columns: no caption under cell " << i;
    }
    // The header's text stays off the last pixel columns of the sheet (a clipped line would touch them).
    cv::Mat header;
    cv::cvtColor(sheet(cv::Rect(sheet.cols - 3, 0, 3, l.header_h)), header, cv::COLOR_BGR2GRAY);
    EXPECT_EQ(cv::countNonZero(header > 60), 0) << columns;
  }
}

TEST(ContactSheet, BlackAndWhitePicturesGiveAGreySheet) {
  const film::Film f = film_of(5);
  const auto cells = sheet_cells(f, {});
  EXPECT_EQ(contact_sheet(f, cells, pictures_for(cells, true), {}).type(), CV_8UC1);
  auto mixed = pictures_for(cells, true);
  mixed[3] = pictures_for(cells, false)[3];
  EXPECT_EQ(contact_sheet(f, cells, mixed, {}).type(), CV_8UC3);
  mixed[3] = cv::Mat();  // a picture missing: a blank cell, the rest still grey
  EXPECT_EQ(contact_sheet(f, cells, mixed, {}).type(), CV_8UC1);
  EXPECT_THROW(contact_sheet(f, cells, std::vector<cv::Mat>(2), {}), Error);
}

TEST(ContactSheet, ATallSheetIsRefusedOrGetsMoreColumns) {
  const film::Film f = film_of(1500, 10);  // a fast-cut feature's worth of shots
  const auto cells = sheet_cells(f, {});
  try {
    sheet_layout(f, cells.size(), {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Usage);
    EXPECT_NE(std::string(e.what()).find("--columns"), std::string::npos) << e.what();
  }
  SheetOptions o;
  o.columns = columns_to_fit(f, cells.size(), o);
  EXPECT_GT(o.columns, 4);
  const SheetLayout l = sheet_layout(f, cells.size(), o);
  EXPECT_LE(l.sheet.height, kMaxSheetHeight);
  o.columns -= 1;
  EXPECT_THROW(sheet_layout(f, cells.size(), o), Error) << "the fewest columns that fit";
  EXPECT_THROW(columns_to_fit(f, 200000, {}), Error);
  o.columns = 40;  // thumbnails 32 px wide
  EXPECT_THROW(sheet_layout(f, 10, o), Error);
}

// ---- the command ----------------------------------------------------------------------------------------

class SheetCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new test::ScratchDir;
    synth::SynthOptions so;
    so.width = 480;
    so.height = 270;
    truth = new synth::GroundTruth(synth::render("cuts", so, *dir / "cuts.mp4"));
    const auto r = test::run(test::cranes_bin() + " analyze -q --no-report " + q(*dir / "cuts.mp4"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete truth;
    delete dir;
  }
  static fs::path analysis() { return *dir / "cuts.mp4.cranes.json"; }
  static test::ScratchDir* dir;
  static synth::GroundTruth* truth;

  test::ScratchDir out;

  static nlohmann::json ok(const test::CommandResult& r) {
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }

  // One line on stderr naming `subject` and `cause`; in `place`, no picture and no temporary.
  void expect_one_line_error(const test::CommandResult& r, int code, const std::string& subject,
                             const std::string& cause, const fs::path& place) {
    test::expect_one_line_error(r, code, subject, cause);
    EXPECT_EQ(r.out, "");
    std::error_code ec;
    if (fs::is_directory(place, ec))
      for (const auto& e : fs::directory_iterator(place)) ADD_FAILURE() << "left behind: " << e.path();
  }
};
test::ScratchDir* SheetCli::dir = nullptr;
synth::GroundTruth* SheetCli::truth = nullptr;

TEST_F(SheetCli, OneCellPerShotInEachFormat) {
  const film::Film f = film::read_film(analysis());
  ASSERT_EQ(f.shots.size(), truth->shots.size());
  for (const char* name : {"sheet.jpg", "sheet.png", "sheet.avif"}) {
    const fs::path path = out / name;
    const auto j =
        ok(test::run(test::cranes_bin() + " sheet " + q(analysis()) + " -o " + q(path) + " --json"));
    EXPECT_EQ(j.value("sheet", ""), path.string());
    EXPECT_EQ(j.value("cells", 0u), f.shots.size()) << name;
    EXPECT_EQ(j.value("width", 0), 1500);
    const int height = j.value("height", 0);
    // Two rows of 16:9 thumbnails under the header.
    EXPECT_GT(height, 2 * (1500 / 4) * 9 / 16) << name;
    EXPECT_LT(height, 2 * (1500 / 4) * 9 / 16 + 300) << name;
    if (path.extension() == ".avif") {
      const media::AvifFacts a = media::read_avif_facts(path);
      EXPECT_EQ(a.width, 1500);
      EXPECT_EQ(a.height, height);
      EXPECT_EQ(a.yuv_format, "420") << "a colour film gives a colour sheet";
    } else {
      const cv::Mat m = media::read_picture(path);
      EXPECT_EQ(m.size(), cv::Size(1500, height)) << name;
      EXPECT_FALSE(media::is_monochrome(m)) << name;
    }
  }
  // Without -o: beside the analysis; the video's name finds its analysis too.
  auto r = test::run(test::cranes_bin() + " sheet " + q(analysis()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, (*dir / "cuts.mp4.sheet.jpg").string() + "\n");
  EXPECT_TRUE(fs::is_regular_file(*dir / "cuts.mp4.sheet.jpg"));
  const auto j = ok(test::run(test::cranes_bin() + " sheet -q " + q(*dir / "cuts.mp4") + " -o " +
                              q(out / "v.png") + " --json"));
  EXPECT_EQ(j.value("cells", 0u), f.shots.size());
}

TEST_F(SheetCli, EverySecondGivesAboutTheDurationInCells) {
  const double duration_s = static_cast<double>(truth->frames) / truth->fps.to_double();
  const auto j = ok(test::run(test::cranes_bin() + " sheet " + q(analysis()) + " --every 1 --columns 5 -o " +
                              q(out / "e.jpg") + " --json"));
  EXPECT_NEAR(j.value("cells", 0), duration_s, 1.0);
  const cv::Mat m = media::read_picture(out / "e.jpg");
  EXPECT_EQ(m.cols, j.value("width", 0));
  EXPECT_EQ(m.rows, j.value("height", 0));
}

TEST_F(SheetCli, AnUnanalysedBlackAndWhiteFilmGivesAGreyAvif) {
  synth::SynthOptions so;
  so.width = 480;
  so.height = 270;
  so.grey = true;
  so.duration_scale = 0.5;
  const auto grey_truth = synth::render("cuts", so, out / "grey.mp4");
  const auto r = test::run(test::cranes_bin() + " sheet " + q(out / "grey.mp4") + " -o " + q(out / "g.avif") +
                           " --json");
  const auto j = ok(r);
  EXPECT_NE(r.err.find("no analysis"), std::string::npos) << "says it analyses first: " << r.err;
  EXPECT_EQ(j.value("cells", 0u), grey_truth.shots.size());
  const media::AvifFacts a = media::read_avif_facts(out / "g.avif");
  EXPECT_EQ(a.yuv_format, "400");
  EXPECT_EQ(a.width, 1500);
  EXPECT_EQ(a.height, j.value("height", 0));
  EXPECT_FALSE(fs::exists(out / "grey.mp4.cranes.json")) << "nothing but the sheet is written";
  EXPECT_FALSE(fs::exists(out / "grey.mp4.stills"));
}

TEST_F(SheetCli, AMovedFilmIsFoundWithFilm) {
  film::Film f = film::read_film(analysis());
  f.source.path = (out / "gone" / "cuts.mp4").string();
  const fs::path moved = out / "moved.cranes.json";
  film::write_film(f, moved);
  const auto r = test::run(test::cranes_bin() + " sheet " + q(moved) + " -o " + q(out / "m.jpg"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("--film"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out / "m.jpg"));
  const auto j = ok(test::run(test::cranes_bin() + " sheet " + q(moved) + " --film " + q(*dir / "cuts.mp4") +
                              " -o " + q(out / "m.jpg") + " --json"));
  EXPECT_EQ(j.value("cells", 0u), f.shots.size());
  EXPECT_TRUE(fs::is_regular_file(out / "m.jpg"));
}

TEST_F(SheetCli, BadAnalysesSayWhy) {
  std::ofstream(out / "notes.cranes.json") << "The Cranes Are Flying, 1957";
  std::ofstream(out / "other.cranes.json") << R"({"schema": "cranes/99", "shots": []})";
  test::ScratchDir empty;
  expect_one_line_error(
      test::run(test::cranes_bin() + " sheet " + q(out / "notes.cranes.json") + " -o " + q(empty / "s.jpg")),
      1, "notes.cranes.json", "not valid JSON", empty.path());
  expect_one_line_error(
      test::run(test::cranes_bin() + " sheet " + q(out / "other.cranes.json") + " -o " + q(empty / "s.jpg")),
      1, "other.cranes.json", "unsupported schema 'cranes/99'", empty.path());
  expect_one_line_error(test::run(test::cranes_bin() + " sheet " + q(out / "nothing.mp4")), 1, "nothing.mp4",
                        "no such file", empty.path());
}

TEST_F(SheetCli, UnknownExtensionAndUnwritablePlaces) {
  expect_one_line_error(
      test::run(test::cranes_bin() + " sheet " + q(analysis()) + " -o " + q(out / "sheet.gif")), 2,
      "sheet.gif", "unknown picture format", out.path());
  expect_one_line_error(
      test::run(test::cranes_bin() + " sheet " + q(analysis()) + " -o " + q(out / "no" / "sheet.jpg")), 1,
      (out / "no").string(), "directory does not exist", out.path());
  std::ofstream(out / "file") << "x";
  const auto r =
      test::run(test::cranes_bin() + " sheet " + q(analysis()) + " -o " + q(out / "file" / "s.jpg"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
}

TEST_F(SheetCli, AFullDiskFailsInOneLineAndLeavesNothing) {
  // Writes past 64 blocks fail (EFBIG): the lossless PNG of the sheet is far larger.
  const auto r = test::run("sh -c " + q("ulimit -f 64; exec " + test::cranes_bin() + " sheet " +
                                        q(analysis()) + " -o " + q(out / "s.png")));
  expect_one_line_error(r, 1, (out / "s.png").string(), "File too large", out.path());
}

TEST_F(SheetCli, HelpTeachesWithAnExample) {
  const auto r = test::run(test::cranes_bin() + " sheet --help");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("cranes sheet analyses/"), std::string::npos) << r.out;
  for (const char* option : {"--every", "--columns", "--width", "--film", "--quality", "--json"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
}

}  // namespace
}  // namespace cranes::report
