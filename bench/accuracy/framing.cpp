// SPDX-License-Identifier: MIT
// Accuracy of the still-picture geometry (analysis/line_geometry) on real photos made into views with known
// camera roll and pitch: each photo is rotated about its centre (roll) or warped by H = K R_x K^-1 (pitch)
// and cropped to the inscribed centred rectangle, so no border lines appear. Prints Markdown tables. Usage:
// cranes_framing [--all]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <string>
#include <vector>

#include "cranes/analysis/line_geometry.hpp"
#include "cranes/synth/views.hpp"

namespace fs = std::filesystem;
using cranes::analysis::LineGeometry;
using cranes::analysis::measure_lines;

namespace {

constexpr double kHfovDeg = 60.0;
// A pitched view must still look at the photo: with a 60 degree lens a 4:3 photo reaches 23 degrees above its
// centre, too little for a 30 degree pitch, so the pitch views treat the photo as taken with a 110 degree
// lens (any lens makes a consistent ground truth: a level photo's verticals are parallel whatever its focal
// length).
constexpr double kPitchSourceHfovDeg = 110.0;
const std::string kData = "/usr/share/doc/opencv-doc/examples/data/";

struct Photo {
  std::string name;
  cv::Mat grey;
};

cv::Mat load(const fs::path& path) {
  cv::Mat g = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
  if (g.empty()) return g;
  // The geometry is measured at 400 px; warping at up to 960 px keeps the test pictures sharp and cheap.
  if (g.cols > 960) cv::resize(g, g, cv::Size(960, g.rows * 960 / g.cols), 0, 0, cv::INTER_AREA);
  return g;
}

fs::path wallpaper(const std::string& name) {
  const fs::path dir = fs::path("/usr/share/wallpapers") / name / "contents/images";
  // The widest landscape picture of the set.
  fs::path best;
  int best_w = 0;
  if (!fs::exists(dir)) return best;
  for (const auto& e : fs::directory_iterator(dir)) {
    int w = 0, h = 0;
    if (std::sscanf(e.path().filename().c_str(), "%dx%d", &w, &h) == 2 && w > h && w > best_w) {
      best_w = w;
      best = e.path();
    }
  }
  return best;
}

// A camera pitched up by `deg`, the photo taken as shot with the pitch views' source lens.
cv::Mat pitched(const cv::Mat& src, double deg, double& view_hfov_deg) {
  return cranes::synth::pitched_view(src, deg, kPitchSourceHfovDeg, view_hfov_deg);
}

// Line-free pictures: sky gradients, clouds (smoothed multi-scale noise), water (noise stretched sideways
// into ripples), plain noise.
std::vector<Photo> synthetic_line_free() {
  std::vector<Photo> out;
  std::mt19937 rng(7);
  const cv::Size size(960, 540);
  for (int i = 0; i < 3; ++i) {
    cv::Mat g(size, CV_32F);
    const double top = 60 + 40 * i, bottom = 200 - 30 * i;
    for (int y = 0; y < size.height; ++y) g.row(y).setTo(top + (bottom - top) * y / size.height);
    cv::Mat n(size, CV_32F);
    cv::randn(n, 0, 2);
    g += n;
    g.convertTo(g, CV_8U);
    out.push_back({"sky gradient " + std::to_string(i + 1), g});
  }
  for (int i = 0; i < 3; ++i) {
    cv::Mat acc = cv::Mat::zeros(size, CV_32F);
    for (int octave = 0; octave < 5; ++octave) {
      const int cell = 4 << octave;
      cv::Mat coarse(size.height / cell + 2, size.width / cell + 2, CV_32F);
      cv::randu(coarse, 0, 1);
      cv::Mat up;
      cv::resize(coarse, up, size, 0, 0, cv::INTER_CUBIC);
      acc += up * (double(cell) / 64);
    }
    cv::normalize(acc, acc, 90 + 20 * i, 250, cv::NORM_MINMAX);
    acc.convertTo(acc, CV_8U);
    out.push_back({"clouds " + std::to_string(i + 1), acc});
  }
  for (int i = 0; i < 3; ++i) {
    cv::Mat n(size.height / 4, size.width / 16, CV_32F);
    cv::randn(n, 0, 1);
    cv::Mat up;
    cv::resize(n, up, size, 0, 0, cv::INTER_CUBIC);
    cv::normalize(up, up, 40 + 10 * i, 150 + 30 * i, cv::NORM_MINMAX);
    up.convertTo(up, CV_8U);
    out.push_back({"water " + std::to_string(i + 1), up});
  }
  {
    cv::Mat n(size, CV_8U);
    cv::randu(n, 0, 255);
    out.push_back({"white noise", n});
  }
  (void)rng;
  return out;
}

std::string num(const std::optional<double>& v) {
  if (!v) return "unknown";
  char b[32];
  std::snprintf(b, sizeof b, "%+.1f", *v);
  return b;
}

struct Sweep {
  int known = 0, unknown = 0, wrong = 0;
  double abs_err = 0, max_err = 0;
};

}  // namespace

int main(int argc, char** argv) {
  cv::setNumThreads(1);
  const bool all = argc > 1 && std::strcmp(argv[1], "--all") == 0;

  std::vector<Photo> photos;
  for (const char* n :
       {"building.jpg", "home.jpg", "leuvenA.jpg", "basketball1.png", "left01.jpg", "box_in_scene.png",
        "graf1.png", "aero3.jpg", "messi5.jpg", "rubberwhale1.png", "stuff.jpg", "board.jpg"})
    photos.push_back({n, load(kData + n)});
  for (const char* n : {"Path", "ColdRipple", "EveningGlow", "summer_1am", "BytheWater", "Altai"})
    photos.push_back({n, load(wallpaper(n))});

  std::vector<Photo> line_free = synthetic_line_free();
  for (const char* n : {"Kite", "DarkestHour", "MilkyWay", "FallenLeaf", "Autumn", "Elarun"})
    line_free.push_back({n, load(wallpaper(n))});
  for (const char* n : {"orange.jpg", "apple.jpg", "baboon.jpg"}) line_free.push_back({n, load(kData + n)});
  if (all)
    for (const auto& e : fs::directory_iterator("/usr/share/wallpapers")) {
      const fs::path p = wallpaper(e.path().filename().string());
      if (!p.empty()) photos.push_back({e.path().filename().string(), load(p)});
    }

  // 1. What each photo says as it is.
  std::printf("## Photos as they are (hfov %.0f deg assumed)\n\n", kHfovDeg);
  std::printf("| photo | size | segments | dutch_deg | conf | pitch_deg | camera_angle | source |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  std::map<std::string, LineGeometry> base;
  for (const auto& p : photos) {
    if (p.grey.empty()) continue;
    const LineGeometry g = measure_lines(p.grey, kHfovDeg);
    base[p.name] = g;
    std::printf("| %s | %dx%d | %d | %s | %.2f | %s | %s | %s |\n", p.name.c_str(), p.grey.cols, p.grey.rows,
                g.segments, num(g.dutch_deg).c_str(), g.dutch_confidence, num(g.pitch_deg).c_str(),
                cranes::film::word(g.camera_angle).c_str(), g.source.c_str());
  }

  // 2. Roll: every 5 degrees from -35 to +35, error against the photo's own estimate plus the roll.
  std::printf(
      "\n## Dutch angle on rolled photos (-35..+35 deg every 5; error vs the unrolled photo's estimate + "
      "roll;"
      " wrong = error > 5 deg)\n\n");
  std::printf("| photo | known | unknown | MAE deg | max err deg | wrong |\n|---|---|---|---|---|---|\n");
  Sweep total, total_unknown_base;
  for (const auto& p : photos) {
    if (p.grey.empty()) continue;
    const LineGeometry& b = base[p.name];
    Sweep s;
    for (int roll = -35; roll <= 35; roll += 5) {
      const LineGeometry g = measure_lines(cranes::synth::rolled_view(p.grey, roll), kHfovDeg);
      if (!g.dutch_deg) {
        ++s.unknown;
        continue;
      }
      ++s.known;
      // Without an answer for the photo as it is, the photo is taken as level.
      const double err = std::abs(*g.dutch_deg - (b.dutch_deg.value_or(0.0) + roll));
      s.abs_err += err;
      s.max_err = std::max(s.max_err, err);
      if (err > 5) ++s.wrong;
    }
    Sweep& t = b.dutch_deg ? total : total_unknown_base;
    t.known += s.known;
    t.unknown += s.unknown;
    t.wrong += s.wrong;
    t.abs_err += s.abs_err;
    t.max_err = std::max(t.max_err, s.max_err);
    std::printf("| %s%s | %d | %d | %s | %s | %d |\n", p.name.c_str(),
                b.dutch_deg ? "" : " (unknown as it is; taken as level)", s.known, s.unknown,
                s.known ? num(s.abs_err / s.known).c_str() : "-", s.known ? num(s.max_err).c_str() : "-",
                s.wrong);
  }
  std::printf("| **photos with a level answer** | %d | %d | %.2f | %.1f | %d |\n", total.known, total.unknown,
              total.known ? total.abs_err / total.known : 0.0, total.max_err, total.wrong);
  std::printf("| **photos unknown as they are** | %d | %d | %.2f | %.1f | %d |\n", total_unknown_base.known,
              total_unknown_base.unknown,
              total_unknown_base.known ? total_unknown_base.abs_err / total_unknown_base.known : 0.0,
              total_unknown_base.max_err, total_unknown_base.wrong);

  // 3. Line-free pictures, as they are and rolled by +-20 deg.
  std::printf("\n## Line-free pictures (as they are, rolled -20 and +20)\n\n");
  std::printf(
      "| picture | segments | dutch_deg (0, -20, +20) | camera_angle (0, -20, +20) |\n|---|---|---|---|\n");
  int lf_calls = 0, lf_unknown_dutch = 0, lf_unknown_angle = 0;
  for (const auto& p : line_free) {
    if (p.grey.empty()) continue;
    std::string d, a;
    int segs = 0;
    for (int roll : {0, -20, 20}) {
      const LineGeometry g =
          measure_lines(roll ? cranes::synth::rolled_view(p.grey, roll) : p.grey, kHfovDeg);
      if (roll == 0) segs = g.segments;
      d += (d.empty() ? "" : ", ") + num(g.dutch_deg);
      if (!a.empty()) a += ", ";
      a += cranes::film::word(g.camera_angle);
      ++lf_calls;
      lf_unknown_dutch += !g.dutch_deg;
      lf_unknown_angle += g.camera_angle == cranes::film::CameraAngle::Unknown;
    }
    std::printf("| %s | %d | %s | %s |\n", p.name.c_str(), segs, d.c_str(), a.c_str());
  }
  std::printf("| **unknown** | | %d / %d | %d / %d |\n", lf_unknown_dutch, lf_calls, lf_unknown_angle,
              lf_calls);

  // 4. Pitch: the photo's own pitch plus a known camera pitch; the call should follow.
  std::printf(
      "\n## Camera angle on pitched views of the photos (expected: the label of the photo's own pitch + the "
      "warp; the photo taken as shot with a %.0f deg lens, each view measured with its own field of "
      "view)\n\n",
      kPitchSourceHfovDeg);
  std::printf(
      "| photo | own pitch | -30 | -20 | -10 | 0 | +10 | +20 | +30 "
      "|\n|---|---|---|---|---|---|---|---|---|\n");
  int calls = 0, right = 0, unknown = 0;
  double pitch_abs_err = 0;
  int pitch_n = 0;
  for (const auto& p : photos) {
    if (p.grey.empty()) continue;
    const LineGeometry b = measure_lines(p.grey, kPitchSourceHfovDeg);
    if (!b.pitch_deg) continue;
    std::string row = "| " + p.name + " | " + num(b.pitch_deg) + " |";
    for (int t : {-30, -20, -10, 0, 10, 20, 30}) {
      double hfov = kHfovDeg;
      const cv::Mat v = pitched(p.grey, t, hfov);
      if (v.cols < 160) {
        row += " (view too small) |";
        continue;
      }
      const LineGeometry g = measure_lines(v, hfov);
      const cranes::film::CameraAngle want = cranes::analysis::camera_angle_of(*b.pitch_deg + t);
      ++calls;
      if (g.camera_angle == cranes::film::CameraAngle::Unknown) ++unknown;
      if (g.camera_angle == want) ++right;
      if (g.pitch_deg) {
        pitch_abs_err += std::abs(*g.pitch_deg - (*b.pitch_deg + t));
        ++pitch_n;
      }
      row += " ";
      row += cranes::film::word(g.camera_angle);
      row += " " + num(g.pitch_deg);
      if (g.camera_angle != want) row += " (want " + cranes::film::word(want) + ")";
      row += " |";
    }
    std::printf("%s\n", row.c_str());
  }
  std::printf("\nCalls right: %d / %d (unknown %d); pitch MAE %.1f deg over %d known.\n", right, calls,
              unknown, pitch_n ? pitch_abs_err / pitch_n : 0.0, pitch_n);

  // 5. Cost per call, on the photos as they are.
  const auto t0 = std::chrono::steady_clock::now();
  int n = 0;
  for (int rep = 0; rep < 5; ++rep)
    for (const auto& p : photos)
      if (!p.grey.empty()) {
        measure_lines(p.grey, kHfovDeg);
        ++n;
      }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / n;
  std::printf(
      "\nmeasure_lines: %.1f ms per call (mean over %d calls, one thread, pictures up to 960 px wide).\n", ms,
      n);
  return 0;
}
