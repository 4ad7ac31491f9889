// SPDX-License-Identifier: MIT
// Accuracy of the per-picture framing analyses on pictures with exact ground truth, as Markdown tables:
// active picture (bars) on key-frame sequences of wallpapers framed in known bars with noise and JPEG, and
// shot scale on real photos of people (opencv-doc) pasted at known sizes onto wallpapers. Usage: cranes_scale
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "cranes/analysis/active_picture.hpp"
#include "cranes/analysis/shot_scale.hpp"
#include "cranes/synth/views.hpp"

using namespace cranes::analysis;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}
double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

cv::Mat wallpaper(const std::string& name) {
  return cv::imread("/usr/share/wallpapers/" + name + "/contents/images/1920x1080.jpg", cv::IMREAD_GRAYSCALE);
}
const std::vector<std::string> kWallpapers = {"Path",        "Autumn",       "Kite",       "EveningGlow",
                                              "FallenLeaf",  "Grey",         "BytheWater", "ColdRipple",
                                              "DarkestHour", "OneStandsOut", "PastelHills"};

// ---- Active picture ----

struct Sequence {
  std::string name;
  cv::Size frame;
  cv::Rect truth;
  double gain = 1.0;       // < 1: a night scene
  bool dark_tops = false;  // black skies down to a different line in most frames, fades to black between them
};

cv::Mat key_frame(const std::vector<cv::Mat>& photos, int i, const Sequence& s, double noise_sd,
                  int jpeg_quality) {
  const cv::Mat& src = photos[i % photos.size()];
  const int cw = src.cols * 3 / 4, ch = src.rows * 3 / 4;
  const cv::Rect crop((i * 97) % (src.cols - cw), (i * 53) % (src.rows - ch), cw, ch);
  cv::Mat out(s.frame, CV_8UC1, cv::Scalar(0));
  if (s.dark_tops && i % 5 == 4) return out + 2;
  cv::Mat pic;
  cv::resize(src(crop), pic, s.truth.size(), 0, 0, cv::INTER_AREA);
  pic.convertTo(out(s.truth), CV_8U, s.gain);
  if (s.dark_tops && i % 3 != 0) out(cv::Rect(0, 0, s.frame.width, 60 + 25 * (i % 4))).setTo(cv::Scalar(1));
  cv::Mat noise(s.frame, CV_16SC1), noisy;
  cv::randn(noise, 0, noise_sd);
  out.convertTo(noisy, CV_16SC1);
  noisy += noise;
  noisy.convertTo(out, CV_8U);
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", out, jpeg, {cv::IMWRITE_JPEG_QUALITY, jpeg_quality});
  return cv::imdecode(jpeg, cv::IMREAD_GRAYSCALE);
}

void active_picture_table() {
  std::vector<cv::Mat> photos;
  for (const auto& n : kWallpapers) {
    cv::Mat m = wallpaper(n);
    if (!m.empty()) photos.push_back(m);
  }
  if (photos.empty()) {
    std::printf("no wallpapers installed (plasma-workspace-wallpapers)\n");
    return;
  }
  const std::vector<Sequence> sequences = {
      {"2.39 in 16:9 (1920x1080)", {1920, 1080}, {0, 138, 1920, 803}},
      {"2.35 in 16:9 (1280x720)", {1280, 720}, {0, 88, 1280, 544}},
      {"1.85 in 16:9 (1920x1080)", {1920, 1080}, {0, 21, 1920, 1038}},
      {"2.35 in 4:3 (1440x1080)", {1440, 1080}, {0, 233, 1440, 613}},
      {"1.66 in 4:3 (640x480)", {640, 480}, {0, 47, 640, 386}},
      {"4:3 in 16:9 (1920x1080)", {1920, 1080}, {240, 0, 1440, 1080}},
      {"1.37 in 16:9 (1280x720)", {1280, 720}, {145, 0, 990, 720}},
      {"windowbox (1280x720)", {1280, 720}, {100, 60, 1080, 600}},
      {"2.39 in 16:9, night", {1920, 1080}, {0, 138, 1920, 803}, 0.35},
      {"no bars (1920x1080)", {1920, 1080}, {0, 0, 1920, 1080}},
      {"no bars, night (1280x720)", {1280, 720}, {0, 0, 1280, 720}, 0.35},
      {"no bars, night + black skies + fades", {1280, 720}, {0, 0, 1280, 720}, 0.35, true},
  };
  std::printf("## Active picture: %zu key frames of wallpapers per sequence\n\n", size_t{16});
  std::printf(
      "| sequence | noise SD | JPEG q | truth (x,y,w,h) | found | max edge error px | name | bars |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  int within = 0, total = 0;
  std::vector<double> add_ms;
  for (const auto& s : sequences) {
    for (const auto& [sd, q] : std::vector<std::pair<double, int>>{{3, 80}, {8, 40}}) {
      ActivePicture ap;
      for (int i = 0; i < 16; ++i) {
        const cv::Mat f = key_frame(photos, i, s, sd, q);
        const auto t0 = Clock::now();
        ap.add(f);
        if (f.cols == 1920) add_ms.push_back(ms_since(t0));
      }
      const auto r = ap.result();
      const int err =
          std::max({std::abs(r.area.x - s.truth.x), std::abs(r.area.y - s.truth.y),
                    std::abs(r.area.br().x - s.truth.br().x), std::abs(r.area.br().y - s.truth.br().y)});
      ++total;
      within += err <= 2;
      std::printf("| %s | %.0f | %d | %d,%d,%d,%d | %d,%d,%d,%d | %d | %s | %s%s |\n", s.name.c_str(), sd, q,
                  s.truth.x, s.truth.y, s.truth.width, s.truth.height, r.area.x, r.area.y, r.area.width,
                  r.area.height, err, r.name.empty() ? "-" : r.name.c_str(), r.letterbox ? "letterbox " : "",
                  r.pillarbox ? "pillarbox" : (r.letterbox ? "" : "none"));
    }
  }
  std::printf("\nWithin 2 px: %d of %d sequences. ActivePicture::add on 1920x1080: median %.3f ms.\n\n",
              within, total, median(add_ms));
}

// ---- Shot scale ----

struct Person {
  std::string name;
  std::string file;
  cv::Rect crop;
  cv::Point2d anchor;  // face centre, or feet
  double length;  // face box height (LBP frontal on the full photo), or head-to-feet height, photo pixels
  bool figure;
};

const std::string kDoc = "/usr/share/doc/opencv-doc/";
const std::vector<Person> kPeople = {
    {"face_swapped face", kDoc + "opencv4/html/face_swapped.jpg", {0, 0, 320, 320}, {155, 136}, 130, false},
    {"basketball1 face", kDoc + "examples/data/basketball1.png", {0, 40, 230, 280}, {92, 111}, 40, false},
    {"basketball1 figure", kDoc + "examples/data/basketball1.png", {0, 40, 230, 440}, {95, 472}, 390, true},
    {"basketball2 figure", kDoc + "examples/data/basketball2.png", {0, 40, 230, 440}, {95, 472}, 390, true},
};

cv::Mat compose(const cv::Mat& bg, const cv::Mat& photo, const Person& p, double fraction, cv::Point2d at) {
  return cranes::synth::composed_view(bg, cv::Size(1280, 720), photo, p.crop, p.anchor, p.length, fraction,
                                      at);
}

void shot_scale_table() {
  const ScaleDetector detector;
  const std::vector<std::string> labels = {"ECU", "CU", "MCU", "MS", "MLS", "LS", "ELS", "unknown"};
  std::map<std::string, std::map<std::string, int>> confusion;
  std::vector<double> call_ms;
  std::map<std::string, std::pair<int, int>> per_source;  // right, total
  std::vector<double> face_err, figure_err;
  const std::vector<std::string> backgrounds = {"Path", "Autumn", "Kite", "EveningGlow"};
  std::vector<cv::Mat> bgs;
  for (const auto& b : backgrounds) bgs.push_back(wallpaper(b));

  auto record = [&](const std::string& source, const std::string& truth, const ScaleObservation& o) {
    ++confusion[truth][cranes::film::word(o.scale)];
    auto& ps = per_source[source + " (" + truth + ")"];
    ps.first += cranes::film::word(o.scale) == truth;
    ++ps.second;
  };
  for (const auto& p : kPeople) {
    const cv::Mat photo = cv::imread(p.file, cv::IMREAD_GRAYSCALE);
    if (photo.empty()) continue;
    const std::vector<double> fractions =
        p.figure ? std::vector<double>{0.95, 0.8, 0.65, 0.55, 0.45, 0.35, 0.25, 0.15, 0.07}
                 : std::vector<double>{0.7, 0.55, 0.4, 0.3, 0.22, 0.17, 0.13, 0.1};
    for (double f : fractions) {
      const std::string truth = cranes::film::word(p.figure ? scale_from(0, f) : scale_from(f, 0));
      for (size_t b = 0; b < bgs.size(); ++b) {
        // Faces around the upper third, figures standing on the lower part of the frame.
        const cv::Point2d at = p.figure ? cv::Point2d(0.3 + 0.13 * b, std::min(0.97, 0.75 + f * 0.25))
                                        : cv::Point2d(0.35 + 0.1 * b, std::clamp(0.3 + f * 0.3, 0.3, 0.5));
        const cv::Mat pic = compose(bgs[b], photo, p, f, at);
        const auto t0 = Clock::now();
        const auto o = detector.observe(pic);
        call_ms.push_back(ms_since(t0));
        record(p.name, truth, o);
        if (!p.figure && o.face_height > 0) face_err.push_back(std::abs(o.face_height / f - 1));
        if (p.figure && o.figure_height > 0) figure_err.push_back(std::abs(o.figure_height / f - 1));
      }
    }
  }
  for (const auto& n : kWallpapers) {
    const cv::Mat grey = wallpaper(n);
    if (grey.empty()) continue;
    cv::Mat pic;
    cv::resize(grey, pic, {1280, 720}, 0, 0, cv::INTER_AREA);
    const auto t0 = Clock::now();
    const auto o = detector.observe(pic);
    call_ms.push_back(ms_since(t0));
    record("landscape", "unknown", o);
  }

  std::printf(
      "## Shot scale: compositions on 1280x720 wallpapers (rows: truth, columns: found)\n\n| truth |");
  for (const auto& l : labels) std::printf(" %s |", l.c_str());
  std::printf(" accuracy |\n|---|");
  for (size_t i = 0; i <= labels.size(); ++i) std::printf("---|");
  std::printf("\n");
  int right = 0, total = 0, near = 0;
  for (const auto& t : labels) {
    if (!confusion.count(t)) continue;
    int row = 0;
    std::printf("| %s |", t.c_str());
    for (const auto& l : labels) {
      const int c = confusion[t].count(l) ? confusion[t][l] : 0;
      row += c;
      std::printf(" %d |", c);
    }
    const int ok = confusion[t].count(t) ? confusion[t][t] : 0;
    right += ok;
    total += row;
    const auto rank = [&](const std::string& s) {
      return std::find(labels.begin(), labels.end(), s) - labels.begin();
    };
    for (const auto& [l, c] : confusion[t])
      if (l != "unknown" && t != "unknown" && std::abs(rank(l) - rank(t)) <= 1) near += c;
    std::printf(" %.2f |\n", row ? static_cast<double>(ok) / row : 0.0);
  }
  std::printf("\nExact: %d of %d (%.2f). Within one class (people only, misses excluded): %d.\n\n", right,
              total, total ? static_cast<double>(right) / total : 0.0, near);
  std::printf("| source (truth) | right / total |\n|---|---|\n");
  for (const auto& [k, v] : per_source) std::printf("| %s | %d / %d |\n", k.c_str(), v.first, v.second);
  std::printf("\nMedian relative error of the measured height: face %.3f (n=%zu), figure %.3f (n=%zu).\n",
              median(face_err), face_err.size(), median(figure_err), figure_err.size());
  std::vector<double> sorted = call_ms;
  std::sort(sorted.begin(), sorted.end());
  std::printf(
      "ScaleDetector::observe on 1280x720: median %.1f ms, 90th percentile %.1f ms, max %.1f ms (n=%zu).\n",
      median(call_ms), sorted.empty() ? 0 : sorted[sorted.size() * 9 / 10],
      sorted.empty() ? 0 : sorted.back(), sorted.size());
}

}  // namespace

int main() {
  cv::setNumThreads(1);  // as in the analysis pass
  active_picture_table();
  shot_scale_table();
  return 0;
}
