// SPDX-License-Identifier: MIT
// The look on real photos (plasma-workspace-wallpapers): infrared turns foliage light and clear sky dark
// where the panchromatic mix does not, with both masks taken from the photos' own colours; the geometry
// leaves no empty corner and gives exact sizes; grain has the configured strength and follows its seed;
// presets are strict; the command writes 4:0:0 AVIF and refuses to overwrite its input.
#include "cranes/look/look.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

#include "cranes/analysis/line_geometry.hpp"
#include "cranes/core/error.hpp"
#include "cranes/look/operations.hpp"
#include "cranes/media/image_file.hpp"
#include "support/tools.hpp"

namespace cranes::look {
namespace {

using test::q;

// The correlation of two one-channel pictures of one size (any depth), and of each pixel with its right-hand
// neighbour: how alike grain is from pixel to pixel.
double correlation(const cv::Mat& x, const cv::Mat& y) {
  cv::Mat dx, dy;
  x.convertTo(dx, CV_64F);
  y.convertTo(dy, CV_64F);
  dx -= cv::mean(dx)[0];
  dy -= cv::mean(dy)[0];
  return dx.dot(dy) / std::sqrt(dx.dot(dx) * dy.dot(dy));
}
double neighbour_correlation(const cv::Mat& g) {
  return correlation(g.colRange(0, g.cols - 1), g.colRange(1, g.cols));
}

cv::Mat photo(const std::string& name, int width = 640) {
  cv::Mat full = cv::imread(test::wallpaper(name).string(), cv::IMREAD_COLOR);
  EXPECT_FALSE(full.empty()) << name;
  cv::Mat small;
  cv::resize(full, small, cv::Size(width, full.rows * width / full.cols), 0, 0, cv::INTER_AREA);
  return small;
}

// A forest (green foliage) beside a blue sky with clouds: two real photos side by side, 320 px each.
cv::Mat foliage_and_sky() {
  cv::Mat forest = photo("Path", 320), sky, both;
  cv::resize(photo("Kite", 320), sky, forest.size(), 0, 0, cv::INTER_AREA);
  cv::hconcat(forest, sky, both);
  return both;
}

// The masks from the photo's own colours (OpenCV HSV: hue 0..180).
cv::Mat hsv_mask(const cv::Mat& bgr, int hue_lo, int hue_hi, int sat_min, int val_min) {
  cv::Mat hsv, mask;
  cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV);
  cv::inRange(hsv, cv::Scalar(hue_lo, sat_min, val_min), cv::Scalar(hue_hi, 255, 255), mask);
  return mask;
}
cv::Mat foliage_pixels(const cv::Mat& bgr) {
  return hsv_mask(bgr, 35, 85, 60, 40);
}
cv::Mat sky_pixels(const cv::Mat& bgr) {
  return hsv_mask(bgr, 100, 125, 90, 80);
}

ParamSet with(std::initializer_list<std::pair<const char*, const char*>> values) {
  ParamSet p = look_params();
  for (const auto& [k, v] : values) p.set_text(k, v);
  return p;
}

TEST(Look, InfraredTurnsFoliageLightAndSkyDark) {
  const cv::Mat in = foliage_and_sky();
  const cv::Mat leaves = foliage_pixels(in), sky = sky_pixels(in);
  ASSERT_GT(cv::countNonZero(leaves), in.total() / 10);
  ASSERT_GT(cv::countNonZero(sky), in.total() / 10);
  const cv::Mat ir = render_look(in, with({{"bw", "infrared"}}), 1);
  const cv::Mat pan = render_look(in, with({{"bw", "panchromatic"}}), 1);
  ASSERT_EQ(ir.type(), CV_8UC1);
  ASSERT_EQ(ir.size(), in.size());
  const double ir_leaves = cv::mean(ir, leaves)[0], ir_sky = cv::mean(ir, sky)[0];
  const double pan_leaves = cv::mean(pan, leaves)[0], pan_sky = cv::mean(pan, sky)[0];
  EXPECT_GT(ir_leaves - ir_sky, 60) << "infrared: foliage " << ir_leaves << ", sky " << ir_sky;
  EXPECT_LT(pan_leaves - pan_sky, 0) << "panchromatic: foliage " << pan_leaves << ", sky " << pan_sky;
  // The clouds (neutral and bright) stay light.
  cv::Mat grey, clouds;
  cv::Mat hsv;
  cv::cvtColor(in, hsv, cv::COLOR_BGR2HSV);
  cv::inRange(hsv, cv::Scalar(0, 0, 200), cv::Scalar(180, 40, 255), clouds);
  if (cv::countNonZero(clouds) > 500) {
    EXPECT_GT(cv::mean(ir, clouds)[0], 170);
  }
}

// A picture of many megapixels has its infrared masks made at a quarter of its size, not a half: the same
// photos enlarged 8 times (5120 px wide) keep their foliage light and their sky dark, and come out as the
// small render does, enlarged.
TEST(Look, InfraredMasksOfABigPictureMatchTheSmallOnes) {
  const cv::Mat small = foliage_and_sky();
  cv::Mat big;
  cv::resize(small, big, small.size() * 8, 0, 0, cv::INTER_CUBIC);
  const cv::Mat leaves = foliage_pixels(small), sky = sky_pixels(small);
  const ParamSet ir = with({{"bw", "infrared"}});
  const cv::Mat small_ir = render_look(small, ir, 1);
  cv::Mat big_ir;
  cv::resize(render_look(big, ir, 1), big_ir, small.size(), 0, 0, cv::INTER_AREA);
  const double leaves_small = cv::mean(small_ir, leaves)[0], sky_small = cv::mean(small_ir, sky)[0];
  const double leaves_big = cv::mean(big_ir, leaves)[0], sky_big = cv::mean(big_ir, sky)[0];
  EXPECT_GT(leaves_big - sky_big, 60) << "foliage " << leaves_big << ", sky " << sky_big;
  EXPECT_NEAR(leaves_big, leaves_small, 6);
  EXPECT_NEAR(sky_big, sky_small, 6);
  cv::Mat diff;
  cv::absdiff(big_ir, small_ir, diff);
  EXPECT_LT(cv::mean(diff)[0], 6) << "the big render, shrunk, against the small one";
}

TEST(Look, OrthochromaticDarkensRed) {
  cv::Mat red(64, 64, CV_8UC3, cv::Scalar(30, 30, 200)), cyan(64, 64, CV_8UC3, cv::Scalar(200, 200, 30));
  const ParamSet ortho = with({{"bw", "orthochromatic"}}), pan = with({});
  EXPECT_LT(cv::mean(render_look(red, ortho, 1))[0], cv::mean(render_look(red, pan, 1))[0] - 30);
  EXPECT_GT(cv::mean(render_look(cyan, ortho, 1))[0], cv::mean(render_look(red, ortho, 1))[0] + 80);
}

TEST(Look, DefaultsAreAPlainConversion) {
  // Contrast 1 is the identity: a grey photo comes back as it went in.
  cv::Mat grey(40, 60, CV_8UC3);
  for (int x = 0; x < 60; ++x) grey.col(x).setTo(cv::Scalar::all(x * 4));
  const cv::Mat out = render_look(grey, look_params(), 1);
  cv::Mat expected;
  cv::cvtColor(grey, expected, cv::COLOR_BGR2GRAY);
  EXPECT_LE(cv::norm(out, expected, cv::NORM_INF), 1.0);
}

TEST(Look, ToneCurveKeepsGreyAndWhite) {
  const ParamSet p = with({{"contrast", "2.4"}, {"toe", "0.3"}, {"shoulder", "0.2"}});
  EXPECT_NEAR(tone_curve(0.1845, p, 0.1845), 0.1845, 1e-9);
  EXPECT_NEAR(tone_curve(0.06, p, 0.06), 0.06, 1e-9);
  EXPECT_NEAR(tone_curve(1.0, p, 0.1845), 1.0, 1e-9);
  EXPECT_NEAR(tone_curve(0.0, p, 0.1845), 0.0, 1e-9);
  EXPECT_LT(tone_curve(0.05, p, 0.1845), 0.05);  // shadows darker
  EXPECT_GT(tone_curve(0.5, p, 0.1845), 0.5);    // highlights lighter
  // The automatic pivot follows the picture: a dark one turns about its own tones.
  const cv::Mat dark(10, 10, CV_32FC1, cv::Scalar(0.05)), bright(10, 10, CV_32FC1, cv::Scalar(0.5));
  EXPECT_NEAR(tone_pivot(dark, p), 0.05, 1e-4);
  EXPECT_NEAR(tone_pivot(bright, p), 0.1845, 1e-9);
  EXPECT_NEAR(tone_pivot(bright, with({{"pivot", "0.3"}})), 0.3, 1e-9);
  double last = -1;
  for (int i = 0; i <= 100; ++i) {
    const double y = tone_curve(i / 100.0, p, 0.1845);
    EXPECT_GT(y, last);
    last = y;
  }
}

TEST(Look, HalationGlowsAroundHighlights) {
  cv::Mat dark(200, 200, CV_8UC3, cv::Scalar::all(20));
  cv::circle(dark, {100, 100}, 10, cv::Scalar::all(255), cv::FILLED);
  const cv::Mat plain = render_look(dark, look_params(), 1);
  const cv::Mat glow = render_look(dark, with({{"halation", "1.5"}}), 1);
  EXPECT_GT(glow.at<uchar>(100, 114), plain.at<uchar>(100, 114) + 10);
  EXPECT_LE(std::abs(glow.at<uchar>(5, 5) - plain.at<uchar>(5, 5)), 2);  // far away: untouched
}

TEST(Look, ABigPhotoMappedInBandsIsTheSameAsMappedWhole) {
  // A picture whose map would exceed 128 MB (a 24-megapixel photo's is 192 MB) is mapped a band of rows at a
  // time: the bands are the whole map's rows.
  const ParamSet p = with({{"lens", "0.3"}, {"tilt", "12"}, {"frame", "4:3"}});
  const cv::Size size(5200, 3400);
  const cv::Mat whole = geometry_map(size, p);
  const cv::Mat band = geometry_map(size, p, 1000, 1256);
  ASSERT_EQ(band.size(), cv::Size(whole.cols, 256));
  EXPECT_EQ(cv::norm(band, whole.rowRange(1000, 1256), cv::NORM_INF), 0.0);
  // The first and last rows too.
  EXPECT_EQ(cv::norm(geometry_map(size, p, 0, 3), whole.rowRange(0, 3), cv::NORM_INF), 0.0);
  const int end = whole.rows;
  EXPECT_EQ(cv::norm(geometry_map(size, p, end - 5, end), whole.rowRange(end - 5, end), cv::NORM_INF), 0.0);
}

TEST(Look, TiltLeavesNoEmptyCorner) {
  const cv::Mat in = photo("Kite");
  const ParamSet p = with({{"tilt", "10"}});
  const cv::Mat map = geometry_map(in.size(), p);
  ASSERT_EQ(map.size(), in.size());
  double lo_x, hi_x, lo_y, hi_y;
  std::vector<cv::Mat> xy;
  cv::split(map, xy);
  cv::minMaxLoc(xy[0], &lo_x, &hi_x);
  cv::minMaxLoc(xy[1], &lo_y, &hi_y);
  EXPECT_GE(lo_x, 0);
  EXPECT_LE(hi_x, in.cols - 1);
  EXPECT_GE(lo_y, 0);
  EXPECT_LE(hi_y, in.rows - 1);
  // The crop is tight: the turned frame reaches the source's edge.
  EXPECT_LT(std::min({lo_x, lo_y, in.cols - 1 - hi_x, in.rows - 1 - hi_y}), 1.0);
  // A white picture stays white to its corners.
  const cv::Mat white(in.size(), CV_8UC3, cv::Scalar::all(255));
  const cv::Mat out = render_look(white, p, 1);
  ASSERT_EQ(out.size(), in.size());
  double lo;
  cv::minMaxLoc(out, &lo);
  EXPECT_GE(lo, 250);
  // With the lens as well, the photo keeps its size.
  const cv::Mat photo_out = render_look(in, with({{"tilt", "10"}, {"lens", "0.3"}}), 1);
  EXPECT_EQ(photo_out.size(), in.size());
}

// The tilt turns the picture by the angle asked, as the project's own line geometry measures it on a real
// photo of upright lines (opencv-doc's building), positive as a camera rolled clockwise.
TEST(Look, TiltTurnsByTheAngleAsked) {
  const cv::Mat photo = cv::imread("/usr/share/doc/opencv-doc/examples/data/building.jpg", cv::IMREAD_COLOR);
  ASSERT_FALSE(photo.empty()) << "opencv-doc is installed by set-up";
  const cv::Mat level_grey = render_look(photo, look_params(), 1);
  const auto level = analysis::measure_lines(level_grey);
  ASSERT_TRUE(level.dutch_deg);
  for (const double tilt : {-20.0, -8.0, 12.0}) {
    SCOPED_TRACE(tilt);
    ParamSet p = look_params();
    p.set("tilt", tilt);
    const cv::Mat out = render_look(photo, p, 1);
    const auto g = analysis::measure_lines(out);
    ASSERT_TRUE(g.dutch_deg);
    EXPECT_NEAR(*g.dutch_deg, *level.dutch_deg + tilt, 1.5);
  }
}

// The old print's artefacts follow the frame number: the same frame comes out the same, the next one
// flickers and weaves differently, and with every strength at 0 the picture is untouched.
TEST(Look, OldPrintFollowsTheFrame) {
  const cv::Mat in = photo("Path");
  const cv::Mat plain = render_look(in, look_params(), 10);
  const ParamSet p = with({{"flicker", "0.12"},
                           {"weave", "2"},
                           {"weave-turn", "0.3"},
                           {"scratches", "2"},
                           {"dust", "12"},
                           {"print-grain", "5"}});
  const cv::Mat a = render_look(in, p, 10), again = render_look(in, p, 10);
  EXPECT_EQ(cv::norm(a, again, cv::NORM_INF), 0.0);
  EXPECT_GT(cv::norm(a, plain, cv::NORM_L1) / static_cast<double>(a.total()), 1.0);
  std::vector<double> means;
  for (uint64_t frame = 10; frame < 22; ++frame) means.push_back(cv::mean(render_look(in, p, frame))[0]);
  cv::Scalar m, sd;
  cv::meanStdDev(means, m, sd);
  EXPECT_GT(sd[0], 2.0) << "the exposure flickers from frame to frame";
  EXPECT_NEAR(m[0], cv::mean(plain)[0], 8.0);
}

TEST(Look, FramesHaveExactAspect) {
  const cv::Mat in = photo("Kite");  // 640 x 400
  const cv::Mat four_three = render_look(in, with({{"frame", "4:3"}}), 1);
  EXPECT_EQ(four_three.cols * 3, four_three.rows * 4);
  EXPECT_GE(four_three.rows, in.rows - 2);  // the largest 4n x 3n inside
  EXPECT_EQ(framed_size({1921, 1080}, with({{"frame", "4:3"}})), cv::Size(1440, 1080));
  EXPECT_EQ(framed_size({1000, 1000}, with({{"frame", "4:3"}})), cv::Size(1000, 750));
  EXPECT_EQ(framed_size({1920, 1080}, with({{"frame", "1.37"}})), cv::Size(1480, 1080));
  EXPECT_EQ(framed_size({1920, 1080}, with({{"frame", "1.66"}})), cv::Size(1793, 1080));
  // A vignette darkens the corners, not the centre.
  const cv::Mat grey(300, 400, CV_8UC3, cv::Scalar::all(180));
  const cv::Mat v = render_look(grey, with({{"vignette", "0.5"}}), 1);
  EXPECT_NEAR(v.at<uchar>(150, 200), 180, 1);
  EXPECT_LT(v.at<uchar>(0, 0), 100);
}

TEST(Look, GrainIsZeroMeanMidtonePeakedAndSeeded) {
  const cv::Mat grey(360, 640, CV_8UC3, cv::Scalar::all(128));
  const double sd = 0.05;
  const ParamSet p = with({{"grain", "0.05"}});
  const cv::Mat a = render_look(grey, p, 7), b = render_look(grey, p, 7), c = render_look(grey, p, 8);
  cv::Scalar mean, dev;
  cv::meanStdDev(a, mean, dev);
  EXPECT_NEAR(mean[0], 128, 0.5);
  EXPECT_NEAR(dev[0], sd * 255, sd * 255 * 0.05);
  EXPECT_EQ(cv::norm(a, b, cv::NORM_INF), 0.0);
  EXPECT_GT(cv::norm(a, c, cv::NORM_L1), 0.0);
  // Weaker in the shadows than in the midtones.
  const cv::Mat shadows(360, 640, CV_8UC3, cv::Scalar::all(30));
  cv::Scalar m2, d2;
  cv::meanStdDev(render_look(shadows, p, 7), m2, d2);
  EXPECT_LT(d2[0], dev[0] * 0.6);
  // 16 mm grain is coarser: neighbouring pixels agree more.
  const cv::Mat big(1080, 1080, CV_8UC3, cv::Scalar::all(128));
  const double c35 = neighbour_correlation(render_look(big, p, 3));
  const double c16 = neighbour_correlation(render_look(big, with({{"grain", "0.05"}, {"film", "16mm"}}), 3));
  EXPECT_GT(c16, c35 + 0.1) << c35 << " " << c16;
}

// The one grain field every grain is drawn from (the look's, the old print's, the synthetic footage's):
// zero-mean, unit deviation in each channel, the channels independent, white unless blurred into clumps, the
// same for the same seed.
TEST(Look, GrainFieldIsUnitZeroMeanPerChannelAndSeeded) {
  const cv::Size size(640, 360);
  const cv::Mat a = grain_field(size, 3, 0, 5), b = grain_field(size, 3, 0, 5),
                c = grain_field(size, 3, 0, 6);
  ASSERT_EQ(a.type(), CV_32FC3);
  ASSERT_EQ(a.size(), size);
  EXPECT_EQ(cv::norm(a, b, cv::NORM_INF), 0.0);
  EXPECT_GT(cv::norm(a, c, cv::NORM_L1), 0.0);
  std::vector<cv::Mat> ch;
  cv::split(a, ch);
  for (const cv::Mat& m : ch) {
    cv::Scalar mean, dev;
    cv::meanStdDev(m, mean, dev);
    EXPECT_NEAR(mean[0], 0, 0.01);
    EXPECT_NEAR(dev[0], 1, 0.01);
    EXPECT_LT(std::abs(neighbour_correlation(m)), 0.02);  // white
  }
  EXPECT_LT(std::abs(correlation(ch[0], ch[1])), 0.02);
  EXPECT_LT(std::abs(correlation(ch[1], ch[2])), 0.02);
  // Clumped: still unit deviation, neighbours now alike.
  const cv::Mat clumps = grain_field(size, 1, 1.5, 5);
  cv::Scalar mean, dev;
  cv::meanStdDev(clumps, mean, dev);
  EXPECT_NEAR(mean[0], 0, 1e-3);
  EXPECT_NEAR(dev[0], 1, 1e-3);
  EXPECT_GT(neighbour_correlation(clumps), 0.7);
  EXPECT_TRUE(grain_field(cv::Size(0, 0), 1, 0, 1).empty());
}

TEST(Look, LensBowsStraightLinesAndKeepsTheCentre) {
  cv::Mat chart(360, 640, CV_8UC3, cv::Scalar::all(255));
  chart.rowRange(88, 92).setTo(cv::Scalar::all(0));           // a horizontal line a quarter down
  chart(cv::Rect(318, 178, 4, 4)).setTo(cv::Scalar::all(0));  // a dot at the centre
  const cv::Mat out = render_look(chart, with({{"lens", "0.5"}}), 1);
  ASSERT_EQ(out.size(), chart.size());
  auto darkest_row = [&](int col, int from, int to) {
    int best = from;
    for (int y = from; y < to; ++y)
      if (out.at<uchar>(y, col) < out.at<uchar>(best, col)) best = y;
    return best;
  };
  const int middle = darkest_row(320, 0, 170), edge = darkest_row(20, 0, 170);
  // Barrel: the centre swells, so the line's middle moves away from the centre more than its ends.
  EXPECT_LT(middle, 88);
  EXPECT_LT(middle, edge - 5) << middle << " " << edge;
  EXPECT_LT(out.at<uchar>(179, 319), 60);  // the centre stays put
  // Where the model puts the line: an output pixel (x, y) shows the source at the centre plus its offset
  // scaled by (1 + k r^2) / (1 + k), r the distance from the centre over the half-diagonal. The line's rows
  // 88-91 (centre 89.5) must land, column by column, where that formula solved for y puts them.
  const double k = 0.5, ocx = 319.5, ocy = 179.5, hd2 = (639.0 * 639.0 + 359.0 * 359.0) / 4;
  for (int col : {20, 160, 320, 480, 620}) {
    auto source_y = [&](double y) {
      const double u = col - ocx, v = y - ocy, f = (1 + k * (u * u + v * v) / hd2) / (1 + k);
      return ocy + v * f;
    };
    double lo = 0, hi = ocy;  // source_y rises with y above the centre
    for (int i = 0; i < 60; ++i) (source_y((lo + hi) / 2) < 89.5 ? lo : hi) = (lo + hi) / 2;
    double mass = 0, moment = 0;  // the line's centre: the darkness-weighted mean row above the centre dot
    for (int y = 0; y < 170; ++y) {
      const double d = 255.0 - out.at<uchar>(y, col);
      mass += d;
      moment += d * y;
    }
    ASSERT_GT(mass, 0);
    EXPECT_NEAR(moment / mass, lo, 0.5) << "column " << col;
  }
  // The corners still show the picture's corners.
  const cv::Mat map = geometry_map(chart.size(), with({{"lens", "0.5"}}));
  EXPECT_NEAR(map.at<cv::Vec2f>(0, 0)[0], 0, 0.01);
  EXPECT_NEAR(map.at<cv::Vec2f>(359, 639)[1], 359, 0.01);
  EXPECT_NEAR(map.at<cv::Vec2f>(180, 320)[0], 320, 0.6);
}

TEST(Look, SixteenBitInAndOut) {
  cv::Mat grad(16, 4096, CV_16UC3);
  for (int x = 0; x < 4096; ++x) grad.col(x).setTo(cv::Scalar::all(x * 16));
  const cv::Mat out = render_look(grad, look_params(), 1, 16);
  ASSERT_EQ(out.type(), CV_16UC1);
  // Every step of the source survives: a 16-bit ramp keeps more than 8 bits of levels.
  std::set<uint16_t> levels(out.ptr<uint16_t>(0), out.ptr<uint16_t>(0) + out.cols);
  EXPECT_GT(levels.size(), 2000u);
}

TEST(Look, BuiltInPresetsLoadAndRender) {
  std::set<std::string> names;
  for (const Look& l : list_presets()) names.insert(l.name);
  for (const char* n : {"cranes", "letter", "cuba"}) EXPECT_TRUE(names.count(n)) << n;
  const Look cuba = load_preset("cuba");
  EXPECT_EQ(cuba.params.get_choice("bw"), "infrared");
  EXPECT_EQ(cuba.params.get_choice("frame"), "4:3");
  const cv::Mat out = render_look(photo("Path", 320), cuba.params, 1);
  EXPECT_EQ(out.cols * 3, out.rows * 4);
  EXPECT_THROW(load_preset("no-such-look"), Error);
}

std::string error_of(const std::string& json) {
  test::ScratchDir dir;
  const auto file = dir / "mine.json";
  std::ofstream(file) << json;
  try {
    read_look(file);
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    return e.what();
  }
  return "";
}

TEST(Look, PresetsAreStrict) {
  const std::string unknown = error_of(R"({"params": {"contrast": 2, "grian": 0.1}})");
  EXPECT_NE(unknown.find("grian"), std::string::npos) << unknown;
  const std::string range = error_of(R"({"params": {"lens": 5}})");
  EXPECT_NE(range.find("lens"), std::string::npos) << range;
  EXPECT_NE(range.find("[0, 1]"), std::string::npos) << range;
  const std::string word = error_of(R"({"params": {"frame": "2.39"}})");
  EXPECT_NE(word.find("frame"), std::string::npos) << word;
  EXPECT_NE(error_of(R"({"paramz": {}})").find("paramz"), std::string::npos);
  EXPECT_NE(error_of("{not json").find("JSON"), std::string::npos);
}

TEST(LookCli, WritesMonochromeAvifAndRefusesBadOutputs) {
  test::ScratchDir dir;
  const auto in = dir / "forest.png";
  ASSERT_TRUE(cv::imwrite(in.string(), photo("Path", 480)));
  const auto avif = dir / "forest-cuba.avif";
  auto r = test::run(test::cranes_bin() + " look " + q(in) + " -o " + q(avif) + " --preset cuba --tilt 5 -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const media::AvifFacts facts = media::read_avif_facts(avif);
  EXPECT_EQ(facts.yuv_format, "400");
  EXPECT_EQ(facts.width * 3, facts.height * 4);

  r = test::run(test::cranes_bin() + " look " + q(in) + " -o " + q(in));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("refusing"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

  const auto text = dir / "notes.png";
  std::ofstream(text) << "not a picture\n";
  r = test::run(test::cranes_bin() + " look " + q(text) + " -o " + q(dir / "notes-out.png"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("notes.png"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "notes-out.png"));

  // A batch does what it can, reports the failure, and exits non-zero.
  const auto out_dir = dir / "looks";
  r = test::run(test::cranes_bin() + " look " + q(in) + " " + q(text) + " -o " + q(out_dir) +
                " --preset letter --format png --grain 0.02");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(std::filesystem::exists(out_dir / "forest.png")) << r.out << r.err;
  EXPECT_NE(r.err.find("1 of 2"), std::string::npos) << r.err;

  r = test::run(test::cranes_bin() + " look --show-preset cuba --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["params"]["bw"], "infrared");
  r = test::run(test::cranes_bin() + " look --list-presets");
  EXPECT_NE(r.out.find("letter"), std::string::npos);
  r = test::run(test::cranes_bin() + " look " + q(in) + " -o " + q(dir / "x.png") + " --lens 3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--lens"), std::string::npos) << r.err;
}

// Every bad input is one line naming the file and the cause, nothing is left half written, and a batch goes
// on past them with a summary.
TEST(LookCli, BadInputsAreOneLineErrorsAndTheBatchGoesOn) {
  test::ScratchDir dir;
  const auto good = dir / "forest.jpg";
  ASSERT_TRUE(cv::imwrite(good.string(), photo("Path", 480)));
  const std::string bytes = test::read_text(good);
  std::ofstream(dir / "cut.jpg", std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
  std::ofstream(dir / "empty.jpg").close();
  std::filesystem::create_directory(dir / "folder.jpg");
  std::ofstream(dir / "words.png") << "not a picture\n";
  const std::vector<std::pair<std::string, std::string>> bad = {{"cut.jpg", "truncated JPEG"},
                                                                {"empty.jpg", "empty file"},
                                                                {"folder.jpg", "is a directory"},
                                                                {"words.png", "not a picture"}};
  for (const auto& [name, cause] : bad) {
    SCOPED_TRACE(name);
    const auto r = test::run(test::cranes_bin() + " look " + q(dir / name) + " -o " + q(dir / "out.png"));
    test::expect_one_line_error(r, 1, (dir / name).string(), cause);
    EXPECT_FALSE(std::filesystem::exists(dir / "out.png"));
  }
  // Outputs that cannot be: under a file, and presets that are not.
  std::ofstream(dir / "plain.txt") << "x\n";
  auto r = test::run(test::cranes_bin() + " look " + q(good) + " -o " + q(dir / "plain.txt" / "out.png"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("plain.txt"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  r = test::run(test::cranes_bin() + " look " + q(good) + " -o " + q(dir / "out.png") + " --preset nosuch");
  test::expect_one_line_error(r, 2, "nosuch", "no such look");
  std::ofstream(dir / "broken.json") << "{\"params\": {\"contrast\": ";
  r = test::run(test::cranes_bin() + " look " + q(good) + " -o " + q(dir / "out.png") + " --preset " +
                q(dir / "broken.json"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("broken.json"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.png"));
  // The batch: the good photo is written, each bad one named, the summary counts them, exit 1.
  std::string inputs = q(good);
  for (const auto& [name, cause] : bad) inputs += " " + q(dir / name);
  r = test::run(test::cranes_bin() + " look " + inputs + " -o " + q(dir / "looks") + " --format png");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(std::filesystem::exists(dir / "looks" / "forest.png"));
  for (const auto& [name, cause] : bad)
    EXPECT_NE(r.err.find(name), std::string::npos) << name << ": " << r.err;
  EXPECT_NE(r.err.find("4 of 5 inputs failed"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("1 of 5 inputs written"), std::string::npos) << r.out;
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "looks")) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

// A 16-bit photo keeps its precision through the command into PNG, TIFF (16 bits) and AVIF (12), and is
// rounded to 8 bits for JPEG or when asked.
TEST(LookCli, SixteenBitPhotosStaySixteenBitWhereTheFormatHoldsIt) {
  test::ScratchDir dir;
  const auto in = dir / "ramp.png";
  // A smooth ramp of 4096 levels, neutral grey: more than an 8-bit picture can hold.
  cv::Mat ramp(64, 4096, CV_16UC3);
  for (int y = 0; y < ramp.rows; ++y)
    for (int x = 0; x < ramp.cols; ++x)
      ramp.at<cv::Vec3w>(y, x) = cv::Vec3w::all(static_cast<uint16_t>(x * 16));
  ASSERT_TRUE(cv::imwrite(in.string(), ramp));
  auto levels = [](const cv::Mat& m) {
    std::set<int> seen;
    for (int x = 0; x < m.cols; ++x)
      seen.insert(m.depth() == CV_16U ? m.at<uint16_t>(32, x) : m.at<uint8_t>(32, x));
    return seen.size();
  };
  for (const char* name : {"out.png", "out.tif"}) {
    SCOPED_TRACE(name);
    const auto r = test::run(test::cranes_bin() + " look " + q(in) + " -o " + q(dir / name) + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"bits\": 16"), std::string::npos) << r.out;
    const cv::Mat out = cv::imread((dir / name).string(), cv::IMREAD_UNCHANGED);
    ASSERT_EQ(out.type(), CV_16UC1);
    EXPECT_GT(levels(out), 2000u);
  }
  auto r = test::run(test::cranes_bin() + " look " + q(in) + " -o " + q(dir / "out.avif") + " -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const media::AvifFacts facts = media::read_avif_facts(dir / "out.avif");
  EXPECT_EQ(facts.depth, 12);
  EXPECT_EQ(facts.yuv_format, "400");
  for (const auto& [name, args] : {std::pair{"out.jpg", ""}, std::pair{"out8.png", " --depth 8"}}) {
    SCOPED_TRACE(name);
    r = test::run(test::cranes_bin() + " look " + q(in) + " -o " + q(dir / name) + args + " -q");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const cv::Mat out = cv::imread((dir / name).string(), cv::IMREAD_UNCHANGED);
    EXPECT_EQ(out.depth(), CV_8U);
    EXPECT_LE(levels(out), 256u);
  }
}

}  // namespace
}  // namespace cranes::look
