// SPDX-License-Identifier: MIT
// synth: the ground truth is self-consistent for every scenario, and the pictures obey it: dissolves blend,
// fades reach their colour, pans shift content by f*tan(dpan), rolls turn it the documented way, flashes,
// exposure jumps and fire light change brightness but not structure, occluders hide most of the width for a
// moment, old film weaves by pixels and carries dust and scratches, and the encoded file has every frame.
#include "cranes/synth/synth.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "../support/tools.hpp"
#include "cranes/core/error.hpp"

namespace {
namespace fs = std::filesystem;
using namespace cranes::synth;
using cranes::Error;
using cranes::test::q;
using cranes::test::ScratchDir;

SynthOptions small() {
  SynthOptions o;
  o.width = 320;
  o.height = 180;
  return o;
}

cv::Mat grey(const cv::Mat& m) {
  cv::Mat g;
  if (m.channels() == 3)
    cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
  else
    g = m;
  return g;
}

double mean_abs_diff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat d;
  cv::absdiff(a, b, d);
  return cv::mean(d.reshape(1))[0];
}

double correlation(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat fa, fb;
  grey(a).convertTo(fa, CV_64F);
  grey(b).convertTo(fb, CV_64F);
  fa -= cv::mean(fa)[0];
  fb -= cv::mean(fb)[0];
  return fa.dot(fb) / std::sqrt(fa.dot(fa) * fb.dot(fb));
}

const TruthTransition* find_transition(const GroundTruth& t, const std::string& type) {
  for (const auto& tr : t.transitions)
    if (cranes::film::word(tr.type) == type) return &tr;
  return nullptr;
}

TEST(Synth, EveryScenarioHasHelpAndUnknownNamesAreUsageErrors) {
  for (const auto& name : scenario_names()) EXPECT_FALSE(scenario_help(name).empty()) << name;
  try {
    Renderer r("no_such_scenario", small());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), Error::Kind::Usage);
    EXPECT_NE(std::string(e.what()).find("spin"), std::string::npos) << "lists the known names: " << e.what();
  }
}

TEST(Synth, EveryScenarioTruthPartitionsTheFilmAndPlacesTransitionsInside) {
  for (const auto& name : scenario_names()) {
    SCOPED_TRACE(name);
    Renderer r(name, small());
    const GroundTruth& t = r.truth();
    ASSERT_GT(t.frames, 0);
    EXPECT_EQ(static_cast<int64_t>(t.camera.size()), t.frames);
    ASSERT_FALSE(t.shots.empty());
    EXPECT_EQ(t.shots.front().start_frame, 0);
    EXPECT_EQ(t.shots.back().end_frame, t.frames);
    std::vector<int64_t> starts;
    for (size_t i = 0; i < t.shots.size(); ++i) {
      EXPECT_LT(t.shots[i].start_frame, t.shots[i].end_frame);
      if (i > 0) {
        EXPECT_EQ(t.shots[i].start_frame, t.shots[i - 1].end_frame);
      }
      starts.push_back(t.shots[i].start_frame);
    }
    auto is_start = [&](int64_t f) { return std::find(starts.begin(), starts.end(), f) != starts.end(); };
    size_t joins = 0;
    for (const auto& tr : t.transitions) {
      EXPECT_GE(tr.start_frame, 0);
      EXPECT_LT(tr.start_frame, tr.end_frame);
      EXPECT_LE(tr.end_frame, t.frames);
      if (tr.type == cranes::film::TransitionType::Cut) {
        EXPECT_EQ(tr.end_frame, tr.start_frame + 1);
        EXPECT_TRUE(is_start(tr.start_frame));
        ++joins;
      } else if (tr.type == cranes::film::TransitionType::Dissolve) {
        const int64_t n = tr.end_frame - tr.start_frame;
        EXPECT_EQ(n % 2, 1);
        EXPECT_TRUE(is_start(tr.start_frame + n / 2)) << "shot B starts at the dissolve's midpoint";
        ++joins;
      } else if (tr.type == cranes::film::TransitionType::FadeIn) {
        EXPECT_TRUE(is_start(tr.start_frame));
        if (tr.start_frame > 0) ++joins;
      } else if (tr.type == cranes::film::TransitionType::FadeOut) {
        EXPECT_TRUE(is_start(tr.end_frame) || tr.end_frame == t.frames);
      } else {
        ADD_FAILURE() << "unknown transition type " << cranes::film::word(tr.type);
      }
    }
    EXPECT_EQ(joins, t.shots.size() - 1) << "one transition per join";
    for (const auto& e : t.events) {
      EXPECT_LT(e.start_frame, e.end_frame) << e.type;
      EXPECT_GE(e.start_frame, 0);
      EXPECT_LE(e.end_frame, t.frames);
      // An event never spans a shot boundary.
      for (int64_t s : starts) {
        EXPECT_FALSE(e.start_frame < s && s < e.end_frame) << e.type << " crosses " << s;
      }
    }
  }
}

TEST(Synth, DemoHasEveryKindOfJoinAndAFlashInsideASpinningTake) {
  Renderer r("demo", SynthOptions{});
  const GroundTruth& t = r.truth();
  EXPECT_GE(t.frames, 12 * 25);
  EXPECT_LE(t.frames, 20 * 25);
  for (const char* type : {"cut", "dissolve", "fade_out", "fade_in"})
    EXPECT_NE(find_transition(t, type), nullptr) << type;
  bool flash = false, spin = false;
  for (const auto& e : t.events) {
    flash |= e.type == "flash" && e.end_frame - e.start_frame == 1;
    spin |= e.type == "spin" && e.end_frame - e.start_frame >= 3 * 25;
  }
  EXPECT_TRUE(flash);
  EXPECT_TRUE(spin);
}

TEST(Synth, DurationScaleStretchesShotsAndMontageAddsShots) {
  SynthOptions o = small();
  const int64_t pan1 = Renderer("pan", o).frames();
  const size_t montage1 = Renderer("montage", o).truth().shots.size();
  o.duration_scale = 3;
  EXPECT_NEAR(static_cast<double>(Renderer("pan", o).frames()), 3.0 * pan1, 2);
  const GroundTruth m3 = Renderer("montage", o).truth();
  EXPECT_NEAR(static_cast<double>(m3.frames), 90 * 25, 25);
  EXPECT_GT(m3.shots.size(), 2 * montage1);
}

TEST(Synth, DissolveMiddleFrameIsTheHalfBlendOfBothShots) {
  Renderer r("dissolve", small());
  const TruthTransition* d = find_transition(r.truth(), "dissolve");
  ASSERT_NE(d, nullptr);
  const int64_t n = d->end_frame - d->start_frame, mid = d->start_frame + n / 2;
  const cv::Mat a = r.shot_frame(0, mid), b = r.shot_frame(1, mid), f = r.frame(mid);
  cv::Mat blend;
  cv::addWeighted(a, 0.5, b, 0.5, 0, blend);
  EXPECT_LE(mean_abs_diff(f, blend), 0.6);
  EXPECT_GT(mean_abs_diff(a, b), 20) << "the two shots differ, so the check means something";
  // The first dissolve frame is mostly A, the last mostly B; frames outside are pure.
  const int64_t s = d->start_frame, e = d->end_frame - 1;
  EXPECT_LT(mean_abs_diff(r.frame(s), r.shot_frame(0, s)), mean_abs_diff(r.frame(s), r.shot_frame(1, s)) / 5);
  EXPECT_LT(mean_abs_diff(r.frame(e), r.shot_frame(1, e)), mean_abs_diff(r.frame(e), r.shot_frame(0, e)) / 5);
  EXPECT_EQ(mean_abs_diff(r.frame(s - 1), r.shot_frame(0, s - 1)), 0);
  EXPECT_EQ(mean_abs_diff(r.frame(e + 1), r.shot_frame(1, e + 1)), 0);
}

TEST(Synth, FadesReachBlackAndWhite) {
  Renderer r("fades", small());
  int black = 0, white = 0;
  for (const auto& tr : r.truth().transitions) {
    const int64_t pure = tr.type == cranes::film::TransitionType::FadeOut ? tr.end_frame - 1 : tr.start_frame;
    const double level = tr.colour == "white" ? 255 : 0;
    const double m = cv::mean(grey(r.frame(pure)))[0];
    EXPECT_NEAR(m, level, 0.5) << cranes::film::word(tr.type) << " at " << pure;
    // Half way through, the picture is still there, at about half contrast.
    const int64_t half = (tr.start_frame + tr.end_frame) / 2;
    const double mh = cv::mean(grey(r.frame(half)))[0];
    EXPECT_GT(std::abs(mh - level), 15) << cranes::film::word(tr.type) << " at " << half;
    (tr.colour == "white" ? white : black)++;
  }
  EXPECT_EQ(black, 4);  // in, out+in, out
  EXPECT_EQ(white, 2);
}

TEST(Synth, PanShiftsContentByFocalTimesTanOfThePanStepInAnFfv1File) {
  ScratchDir dir;
  SynthOptions o;  // 640x360: the geometry check is in full-size pixels
  o.codec = "ffv1";
  const fs::path video = dir / "pan.mkv";
  const GroundTruth t = render("pan", o, video);
  EXPECT_EQ(cranes::test::ffprobe_frame_count(video), t.frames);
  const int64_t f = t.frames / 2;
  cranes::test::ffmpeg("-i " + q(video) + " -vf select='eq(n\\," + std::to_string(f) + ")+eq(n\\," +
                       std::to_string(f + 1) + ")' -vsync 0 " + q(dir / "f%d.png"));
  const cv::Mat a = grey(cv::imread((dir / "f1.png").string())),
                b = grey(cv::imread((dir / "f2.png").string()));
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  const cv::Rect centre(320 - 96, 180 - 96, 192, 192);
  cv::Mat fa, fb;
  a(centre).convertTo(fa, CV_64F);
  b(centre).convertTo(fb, CV_64F);
  const cv::Point2d shift = cv::phaseCorrelate(fa, fb);
  const double dpan = (t.camera[f + 1].pan_deg - t.camera[f].pan_deg) * std::numbers::pi / 180;
  EXPECT_NEAR(dpan * 180 / std::numbers::pi * 25, 12, 1e-9) << "pan_right at 12 deg/s";
  const double expected =
      -focal_length_px(640, t.fov_deg) * std::tan(dpan);  // pan right: content slides left
  EXPECT_NEAR(shift.x, expected, 0.5);
  EXPECT_NEAR(shift.y, 0, 0.5);
}

TEST(Synth, TiltUpSlidesContentDown) {
  Renderer r("tilt", small());
  const int64_t f = r.frames() / 2;
  const cv::Rect centre(160 - 64, 90 - 64, 128, 128);
  cv::Mat a, b, window;
  grey(r.frame(f))(centre).convertTo(a, CV_64F);
  grey(r.frame(f + 1))(centre).convertTo(b, CV_64F);
  cv::createHanningWindow(window, a.size(), CV_64F);
  const cv::Point2d shift = cv::phaseCorrelate(a, b, window);
  const double dt =
      (r.truth().camera[f + 1].tilt_deg - r.truth().camera[f].tilt_deg) * std::numbers::pi / 180;
  EXPECT_GT(dt, 0);
  EXPECT_NEAR(shift.y, focal_length_px(320, 60) * std::tan(dt), 0.25);
  EXPECT_NEAR(shift.x, 0, 0.25);
}

TEST(Synth, SpinRollFollowsTheRateAndTurnsContentCounterClockwise) {
  Renderer r("spin", small());
  const GroundTruth& t = r.truth();
  int segments = 0;
  for (const auto& e : t.events) {
    if (e.type != "spin") continue;
    ++segments;
    const double rate = std::stod(e.detail.substr(e.detail.find(' ') + 1));
    for (int64_t f = e.start_frame + 1; f < e.end_frame; ++f) {
      ASSERT_NEAR(t.camera[f].roll_deg - t.camera[f - 1].roll_deg, rate / 25, 1e-9) << f;
    }
  }
  EXPECT_EQ(segments, 3);
  // In the 90 deg/s segment, frame f+1 is frame f turned counter-clockwise on screen by 3.6 deg
  // (getRotationMatrix2D: positive angle = counter-clockwise).
  const int64_t f = 25;
  const cv::Mat a = grey(r.frame(f)), b = grey(r.frame(f + 1));
  const cv::Point2f c((a.cols - 1) / 2.0f, (a.rows - 1) / 2.0f);
  cv::Mat mask(a.size(), CV_8UC1, cv::Scalar(0));
  cv::circle(mask, c, 80, cv::Scalar(255), cv::FILLED);
  auto err = [&](double angle) {
    cv::Mat rotated, d;
    cv::warpAffine(a, rotated, cv::getRotationMatrix2D(c, angle, 1), a.size(), cv::INTER_LINEAR);
    cv::absdiff(rotated, b, d);
    return cv::mean(d, mask)[0];
  };
  EXPECT_LT(err(3.6), 1.5);
  EXPECT_GT(err(-3.6), 3 * err(3.6));
}

TEST(Synth, FlashBrightensOneFrameButKeepsItsStructure) {
  Renderer r("flash", small());
  const TruthEvent* flash = nullptr;
  for (const auto& e : r.truth().events)
    if (e.type == "flash" && e.end_frame - e.start_frame == 1) flash = &e;
  ASSERT_NE(flash, nullptr);
  const int64_t f = flash->start_frame;
  const cv::Mat before = r.frame(f - 1), at = r.frame(f), after = r.frame(f + 1);
  EXPECT_GT(cv::mean(grey(at))[0], cv::mean(grey(before))[0] + 80);
  EXPECT_GT(correlation(at, before), 0.95);
  EXPECT_LT(mean_abs_diff(before, after), mean_abs_diff(before, at) / 5) << "the flash leaves no trace";
}

TEST(Synth, ExposureJumpPersists) {
  Renderer r("exposure", small());
  std::vector<int64_t> jumps;
  for (const auto& e : r.truth().events)
    if (e.type == "exposure_jump") jumps.push_back(e.start_frame);
  ASSERT_EQ(jumps.size(), 2u);
  const double m0 = cv::mean(grey(r.frame(jumps[0] - 1)))[0];
  const double m1 = cv::mean(grey(r.frame(jumps[0])))[0];
  const double m1_later = cv::mean(grey(r.frame(jumps[1] - 1)))[0];
  const double m2 = cv::mean(grey(r.frame(jumps[1])))[0];
  EXPECT_GT(m1, m0 * 1.3);
  EXPECT_NEAR(m1_later, m1, 0.1 * m1) << "the new gain holds";
  EXPECT_LT(m2, m1_later * 0.6);
}

TEST(Synth, UnderwaterDriftGrowsTealAndSoft) {
  Renderer r("underwater", small());
  const cv::Mat early = r.frame(5), late = r.frame(r.frames() - 1);
  const cv::Scalar ce = cv::mean(early), cl = cv::mean(late);
  EXPECT_LT(cl[2] / (cl[0] + 1), ce[2] / (ce[0] + 1)) << "red falls relative to blue";
  auto sharpness = [](const cv::Mat& m) {
    cv::Mat lap;
    cv::Laplacian(grey(m), lap, CV_64F);
    cv::Scalar mu, sd;
    cv::meanStdDev(lap, mu, sd);
    return sd[0];
  };
  EXPECT_LT(sharpness(late), sharpness(early));
}

const TruthEvent* find_event(const GroundTruth& t, const std::string& type) {
  for (const auto& e : t.events)
    if (e.type == type) return &e;
  return nullptr;
}

/// Fraction of the columns an occluder hides: dark (mean < 60) and flat (standard deviation < 14) from top to
/// bottom, which no column of a photo is.
double covered_fraction(const cv::Mat& frame) {
  const cv::Mat g = grey(frame);
  int covered = 0;
  for (int x = 0; x < g.cols; ++x) {
    cv::Scalar mu, sd;
    cv::meanStdDev(g.col(x), mu, sd);
    covered += mu[0] < 60 && sd[0] < 14;
  }
  return static_cast<double>(covered) / g.cols;
}

TEST(Synth, OccluderHidesMostOfTheWidthAtItsMiddleAndNothingAtItsStart) {
  Renderer r("occluder", small());
  const GroundTruth& t = r.truth();
  EXPECT_TRUE(t.transitions.empty()) << "an occluder is not a cut";
  int crossings = 0;
  for (const auto& e : t.events) {
    if (e.type != "occluder") continue;
    ++crossings;
    SCOPED_TRACE(e.detail);
    const int64_t n = e.end_frame - e.start_frame;
    EXPECT_GE(n, 12);  // 0.5-0.8 s at 25 fps
    EXPECT_LE(n, 20);
    EXPECT_EQ(covered_fraction(r.frame(e.start_frame - 1)), 0);
    EXPECT_EQ(covered_fraction(r.frame(e.end_frame)), 0);
    EXPECT_LT(covered_fraction(r.frame(e.start_frame)), 0.2) << "it enters at the edge";
    const double mid = covered_fraction(r.frame(e.start_frame + n / 2));
    EXPECT_GT(mid, 0.5);
    EXPECT_LT(mid, 0.85);
    int wide = 0;
    for (int64_t f = e.start_frame; f < e.end_frame; ++f) wide += covered_fraction(r.frame(f)) > 0.55;
    EXPECT_GE(wide, 4) << "it stays wide for several frames";
  }
  EXPECT_EQ(crossings, 2);
  EXPECT_EQ(covered_fraction(r.frame(0)), 0);
}

TEST(Synth, FireLightFlickersFrameToFrameStrongestLowButKeepsTheStructure) {
  Renderer r("fire", small());
  const GroundTruth& t = r.truth();
  EXPECT_TRUE(t.transitions.empty());
  const TruthEvent* e = find_event(t, "fire_flicker");
  ASSERT_NE(e, nullptr);
  EXPECT_GE(e->end_frame - e->start_frame, 50) << "a few seconds";
  const cv::Rect upper(0, 0, 320, 60), lower(0, 120, 320, 60);
  auto mean = [&](const cv::Mat& m, const cv::Rect& roi) { return cv::mean(grey(m)(roi))[0]; };
  double change = 0, change_upper = 0, change_lower = 0, min_corr = 1;
  int pairs = 0;
  cv::Mat prev = r.frame(e->start_frame + 8);
  for (int64_t f = e->start_frame + 9; f < e->end_frame - 8; ++f, ++pairs) {
    const cv::Mat cur = r.frame(f);
    const cv::Rect all(0, 0, 320, 180);
    change += std::abs(mean(cur, all) / mean(prev, all) - 1);
    change_upper += std::abs(mean(cur, upper) / mean(prev, upper) - 1);
    change_lower += std::abs(mean(cur, lower) / mean(prev, lower) - 1);
    min_corr = std::min(min_corr, correlation(cur, prev));
    prev = cur;
  }
  EXPECT_GT(change / pairs, 0.03) << "mean brightness jumps by several percent a frame";
  EXPECT_GT(change_lower / pairs, 1.5 * change_upper / pairs) << "the glow is low in the frame";
  EXPECT_GT(min_corr, 0.9) << "the picture stays the same";
  // Before the fire, the static shot does not change at all.
  EXPECT_EQ(mean_abs_diff(r.frame(e->start_frame - 2), r.frame(e->start_frame - 1)), 0);
  EXPECT_GT(mean_abs_diff(r.frame(e->start_frame + 20), r.frame(e->start_frame - 1)), 3)
      << "glow and smoke change the picture";
  EXPECT_EQ(mean_abs_diff(r.frame(e->end_frame), r.frame(e->start_frame - 1)), 0) << "and leave no trace";
}

/// Dark or bright specks on a flat grey film: pixels far from the frame's median, in small blobs (scratch
/// columns, the thin lines running the whole height, are counted apart).
struct Marks {
  int specks = 0;
  int scratch_columns = 0;
  cv::Mat speck_mask;
};

Marks marks(const cv::Mat& frame) {
  const cv::Mat g = grey(frame);
  std::vector<uint8_t> v(g.begin<uint8_t>(), g.end<uint8_t>());
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  const double median = v[v.size() / 2];
  cv::Mat diff, mask;
  cv::absdiff(g, cv::Scalar(median), diff);
  mask = diff > 40;
  const cv::Mat faint = diff > 15;  // 3 grain standard deviations: a scratch is patchy along its length
  Marks m;
  for (int x = 0; x + 3 <= g.cols; ++x)  // three columns: a scratch may lean a little
    if (cv::countNonZero(faint.colRange(x, x + 3)) > g.rows / 3) {
      ++m.scratch_columns;
      mask.colRange(std::max(0, x - 1), std::min(g.cols, x + 4)).setTo(0);
    }
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids);
  m.speck_mask = cv::Mat::zeros(g.size(), CV_8UC1);
  for (int i = 1; i < n; ++i) {
    if (stats.at<int>(i, cv::CC_STAT_AREA) > 20) continue;
    ++m.specks;
    m.speck_mask.setTo(255, labels == i);
  }
  return m;
}

// --noise is the look's grain field (white, each channel its own) at the asked deviation in 8-bit levels,
// drawn afresh every frame and the same every run.
TEST(Synth, NoiseIsZeroMeanAtItsDeviationFreshEachFrameAndSeeded) {
  SynthOptions clean;
  SynthOptions noisy;
  noisy.noise = 4;
  Renderer rc("demo", clean), rn("demo", noisy), again("demo", noisy);
  auto grain = [&](int64_t f) {
    cv::Mat c, n, d;
    rc.frame(f).convertTo(c, CV_32F);
    rn.frame(f).convertTo(n, CV_32F);
    d = n - c;
    return std::pair{d, c};
  };
  const auto [d10, c10] = grain(10);
  const auto [d11, c11] = grain(11);
  // Away from black and white, where the levels clip.
  cv::Mat inside = (c10 > 8) & (c10 < 247) & (c11 > 8) & (c11 < 247);
  std::vector<cv::Mat> ch10, ch11, in;
  cv::split(d10, ch10);
  cv::split(d11, ch11);
  cv::split(inside, in);
  auto correlation = [](const cv::Mat& x, const cv::Mat& y, const cv::Mat& mask) {
    const double mx = cv::mean(x, mask)[0], my = cv::mean(y, mask)[0];
    double xy = 0, xx = 0, yy = 0;
    for (int r = 0; r < x.rows; ++r)
      for (int k = 0; k < x.cols; ++k)
        if (mask.at<uchar>(r, k)) {
          const double a = x.at<float>(r, k) - mx, b = y.at<float>(r, k) - my;
          xy += a * b;
          xx += a * a;
          yy += b * b;
        }
    return xy / std::sqrt(xx * yy);
  };
  ASSERT_EQ(ch10.size(), 3u);
  for (size_t k = 0; k < 3; ++k) {
    ASSERT_GT(cv::countNonZero(in[k]), 100000);
    cv::Scalar mean, dev;
    cv::meanStdDev(ch10[k], mean, dev, in[k]);
    EXPECT_NEAR(mean[0], 0, 0.05);
    EXPECT_NEAR(dev[0], 4, 0.1);  // rounding to whole levels adds 1/12 of a level's variance
    EXPECT_LT(std::abs(correlation(ch10[k], ch11[k], in[k])), 0.03) << "fresh every frame";
  }
  EXPECT_LT(std::abs(correlation(ch10[0], ch10[1], in[0] & in[1])), 0.03) << "each channel its own";
  EXPECT_EQ(cv::norm(rn.frame(10), again.frame(10), cv::NORM_INF), 0.0);
}

TEST(Synth, OldFilmWeavesByLessThanTwoPixelsAndCarriesDustAndScratches) {
  SynthOptions o;  // 640x360: the artefacts' sizes are given there
  Renderer r("old_film", o);
  const GroundTruth& t = r.truth();
  ASSERT_EQ(t.transitions.size(), 1u);
  EXPECT_EQ(cranes::film::word(t.transitions[0].type), "cut");
  EXPECT_EQ(t.transitions[0].start_frame, t.frames / 2);
  int old_film = 0;
  for (const auto& e : t.events) old_film += e.type == "old_film";
  EXPECT_EQ(old_film, 2) << "one per shot";
  // The first shot is static: consecutive frames differ only by the gate weave (and flicker, dust, grain).
  // Measured by normalised cross-correlation within +-8 px (sub-pixel by a parabola through the peak): phase
  // correlation over the whole crop can lock onto a whole period of a regular facade (building.jpg) instead.
  const cv::Rect centre(320 - 128, 180 - 128, 256, 256);
  constexpr int kReach = 8;
  const cv::Rect inner = centre - cv::Point(-kReach, -kReach) - cv::Size(2 * kReach, 2 * kReach);
  auto weave = [&](const cv::Mat& a, const cv::Mat& b) {
    cv::Mat score;
    cv::matchTemplate(a(centre), b(inner), score, cv::TM_CCOEFF_NORMED);
    cv::Point peak;
    cv::minMaxLoc(score, nullptr, nullptr, nullptr, &peak);
    auto refine = [](float l, float c, float r) {
      return std::abs(l - 2 * c + r) > 1e-6f ? 0.5 * (l - r) / (l - 2 * c + r) : 0.0;
    };
    double x = peak.x, y = peak.y;
    if (peak.x > 0 && peak.x < score.cols - 1)
      x += refine(score.at<float>(peak.y, peak.x - 1), score.at<float>(peak),
                  score.at<float>(peak.y, peak.x + 1));
    if (peak.y > 0 && peak.y < score.rows - 1)
      y += refine(score.at<float>(peak.y - 1, peak.x), score.at<float>(peak),
                  score.at<float>(peak.y + 1, peak.x));
    return cv::Point2d(kReach - x, kReach - y);
  };
  double largest = 0, means_spread = 0;
  cv::Mat prev = r.frame(0);
  EXPECT_EQ(prev.channels(), 3);
  std::vector<cv::Mat> planes;
  cv::split(prev, planes);
  EXPECT_EQ(mean_abs_diff(planes[0], planes[2]), 0) << "rendered grey";
  for (int64_t f = 1; f < 40; ++f) {
    const cv::Mat cur = r.frame(f);
    const cv::Point2d shift = weave(grey(prev), grey(cur));
    EXPECT_LE(std::hypot(shift.x, shift.y), 2.0) << f;
    largest = std::max(largest, std::hypot(shift.x, shift.y));
    means_spread = std::max(means_spread, std::abs(cv::mean(grey(cur))[0] / cv::mean(grey(prev))[0] - 1));
    prev = cur;
  }
  EXPECT_GT(largest, 0.4) << "the frame weaves";
  EXPECT_GT(means_spread, 0.03) << "the exposure flickers";
  EXPECT_LT(means_spread, 0.2);
}

TEST(Synth, OldFilmDustDiffersEveryFrameAndScratchesComeAndGo) {
  ScratchDir dir;
  const fs::path flat = dir / "flat.png";
  cv::imwrite(flat.string(), cv::Mat(1080, 1920, CV_8UC3, cv::Scalar::all(128)));
  SynthOptions o;
  o.photos = {flat};
  Renderer r("old_film", o);
  int frames = 0, with_specks = 0, with_scratch = 0, scratch_frames_max = 0;
  cv::Mat prev_specks;
  for (int64_t f = 0; f < r.frames(); f += 3, ++frames) {
    const Marks m = marks(r.frame(f));
    with_specks += m.specks >= 1;
    with_scratch += m.scratch_columns > 0;
    scratch_frames_max = std::max(scratch_frames_max, m.scratch_columns);
    EXPECT_LE(m.specks, 8) << f;
    if (!prev_specks.empty() && m.specks > 0) {
      EXPECT_EQ(cv::countNonZero(m.speck_mask & prev_specks), 0) << "new specks at frame " << f;
    }
    prev_specks = m.speck_mask;
  }
  EXPECT_GE(with_specks, frames * 8 / 10) << "specks in nearly every frame";
  EXPECT_GT(with_scratch, 0);
  EXPECT_LE(scratch_frames_max, 2 * 5) << "at most two thin scratches";
  // Grain: the flat picture is not flat any more, but only by a few levels.
  cv::Scalar mu, sd;
  cv::meanStdDev(grey(r.frame(10)), mu, sd);
  EXPECT_GT(sd[0], 3);
  EXPECT_LT(sd[0], 15);
}

TEST(Synth, MontageSometimesHasOccludersAndFireLight) {
  int occluders = 0, fires = 0;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    SynthOptions o = small();
    o.seed = seed;
    const Renderer r("montage", o);
    for (const auto& e : r.truth().events) {
      occluders += e.type == "occluder";
      fires += e.type == "fire_flicker";
    }
  }
  EXPECT_GT(occluders, 0);
  EXPECT_GT(fires, 0);
}

TEST(Synth, GreyNoiseAndSeedsAreDeterministic) {
  SynthOptions o = small();
  o.grey = true;
  o.noise = 6;
  Renderer a("static", o), b("static", o);
  const cv::Mat fa = a.frame(10);
  EXPECT_EQ(fa.type(), CV_8UC1);
  EXPECT_EQ(mean_abs_diff(fa, b.frame(10)), 0);
  EXPECT_EQ(mean_abs_diff(fa, a.frame(10)), 0) << "random access gives the same frame";
  const double grain = mean_abs_diff(fa, a.frame(11));  // static camera: only the grain differs
  EXPECT_GT(grain, 2);
  EXPECT_LT(grain, 10);
  o.seed = 2;
  EXPECT_GT(mean_abs_diff(fa, Renderer("static", o).frame(10)), 2);
}

TEST(Synth, ProceduralTexturesReplaceMissingPhotos) {
  SynthOptions o = small();
  o.photos = {"/no/such/photo.jpg"};
  Renderer r("cuts", o);
  const auto& shots = r.truth().shots;
  const cv::Mat a = r.frame(shots[0].start_frame), b = r.frame(shots[1].start_frame);
  cv::Scalar mu, sd;
  cv::meanStdDev(grey(a), mu, sd);
  EXPECT_GT(sd[0], 20) << "a textured picture, not a flat one";
  EXPECT_GT(mean_abs_diff(a, b), 15) << "different shots film different textures";
}

TEST(Synth, RenderWritesEveryFrameAndATruthThatRoundTrips) {
  ScratchDir dir;
  const fs::path video = dir / "cuts.mp4";
  const GroundTruth t = render("cuts", small(), video);
  const auto r = cranes::test::run(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=nb_read_frames,width,height -of csv=p=0 " +
      q(video));
  EXPECT_EQ(r.out, "320,180," + std::to_string(t.frames) + "\n");
  write_truth(t, dir / "cuts.truth.json");
  EXPECT_EQ(read_truth(dir / "cuts.truth.json"), t);
  EXPECT_EQ(dir.list(), (std::vector<std::string>{"cuts.mp4", "cuts.truth.json"}));
}

TEST(Synth, OddSizeRendersWithFfv1AndFailsCleanlyWithH264) {
  ScratchDir dir;
  SynthOptions o;
  o.width = 161;
  o.height = 91;
  o.codec = "ffv1";
  const GroundTruth t = render("static", o, dir / "odd.mkv");
  EXPECT_EQ(cranes::test::ffprobe_frame_count(dir / "odd.mkv"), t.frames);
  o.codec = "h264";
  EXPECT_THROW(render("static", o, dir / "odd.mp4"), Error);
  EXPECT_EQ(dir.list(), std::vector<std::string>{"odd.mkv"});
}

}  // namespace
