// SPDX-License-Identifier: MIT
// Shot scale from faces, then figures. LBP cascades rather than Haar: on the same 240-line picture they find
// the same faces with boxes of the same size at a quarter of the time (frontalface_alt2 ~19 ms, lbp ~5 ms).
// HOG, the slowest step, runs only when no face of medium-shot size or larger decided the scale.
#include "cranes/analysis/shot_scale.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "cranes/core/error.hpp"

namespace cranes::analysis {
namespace {

using film::ShotScale;
// The scales in order, closest first (the enum's order; Unknown follows them).
constexpr int kScaleCount = static_cast<int>(ShotScale::Unknown);

void load(cv::CascadeClassifier& c, const std::filesystem::path& file) {
  bool ok = false;
  try {
    ok = std::filesystem::exists(file) && c.load(file.string());
  } catch (const cv::Exception&) {
    ok = false;
  }
  if (!ok || c.empty()) throw Error(file.string(), "cannot load the cascade (is opencv-data installed?)");
}

cv::Mat resized_to_height(const cv::Mat& grey, int height) {
  if (grey.rows <= height) return grey;
  const int width =
      std::max(1, static_cast<int>(std::lround(grey.cols * static_cast<double>(height) / grey.rows)));
  cv::Mat out;
  cv::resize(grey, out, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  return out;
}

}  // namespace

film::ShotScale scale_from(double face_height, double figure_height, bool face_cut) {
  using D = ScaleDetector;
  if (face_height > 0) {
    // A face cut by the frame edge is at least as big as it looks: count it one class closer.
    if (face_height > D::kEcuFace || (face_cut && face_height > D::kCuFace)) return ShotScale::ECU;
    if (face_height > D::kCuFace || (face_cut && face_height > D::kMcuFace)) return ShotScale::CU;
    if (face_height > D::kMcuFace) return ShotScale::MCU;
    if (face_height > D::kMsFace) return ShotScale::MS;
    // Smaller faces stand for a figure about kFaceToFigure times their height, unless a figure was measured.
    if (figure_height <= 0) figure_height = face_height * D::kFaceToFigure;
  }
  if (figure_height <= 0) return ShotScale::Unknown;
  if (figure_height >= D::kMlsFigure) return ShotScale::MLS;
  if (figure_height >= D::kLsFigure) return ShotScale::LS;
  return ShotScale::ELS;
}

ScaleDetector::ScaleDetector() : ScaleDetector("/usr/share/opencv4") {}

ScaleDetector::ScaleDetector(const std::string& opencv_data_dir) {
  const std::filesystem::path dir(opencv_data_dir);
  load(m_frontal, dir / "lbpcascades/lbpcascade_frontalface.xml");
  load(m_profile, dir / "lbpcascades/lbpcascade_profileface.xml");
  m_hog.setSVMDetector(cv::HOGDescriptor::getDefaultPeopleDetector());
}

ScaleObservation ScaleDetector::observe(const cv::Mat& input) const {
  ScaleObservation obs;
  if (input.empty() || input.depth() != CV_8U) return obs;
  cv::Mat grey = input;
  if (input.channels() == 3)
    cv::cvtColor(input, grey, cv::COLOR_BGR2GRAY);
  else if (input.channels() != 1)
    return obs;
  if (grey.rows < kMinFacePx || grey.cols < kMinFacePx) return obs;

  // Equalised: films are often dark or low in contrast, and the cascades were trained on well-exposed faces.
  cv::Mat work;
  cv::equalizeHist(resized_to_height(grey, kWorkingHeight), work);
  const cv::Size min_face(kMinFacePx, kMinFacePx);

  std::vector<cv::Rect> faces;
  m_frontal.detectMultiScale(work, faces, kCascadeStep, 3, 0, min_face);
  double height = work.rows;
  double confidence = 0.8;
  if (faces.empty()) {
    // The profile cascade knows one side only: run it on the mirror image too.
    const cv::Mat small = resized_to_height(work, kProfileHeight);
    m_profile.detectMultiScale(small, faces, kCascadeStep, 3, 0, min_face);
    cv::Mat mirrored;
    cv::flip(small, mirrored, 1);
    std::vector<cv::Rect> more;
    m_profile.detectMultiScale(mirrored, more, kCascadeStep, 3, 0, min_face);
    faces.insert(faces.end(), more.begin(), more.end());
    height = small.rows;
    confidence = 0.6;
  }
  obs.faces = static_cast<int>(faces.size());
  bool cut = false;
  for (const auto& f : faces) {
    const double h = f.height / height;
    if (h > obs.face_height) {
      obs.face_height = h;
      cut = f.y <= 1 || f.br().y >= height - 1;
    }
  }

  if (obs.face_height <= kMsFace) {
    // People: padded by a sixth of the height above and below (replicated edges) so that a person as tall as
    // the picture still fits the 64x128 window with its margins.
    const cv::Mat small = resized_to_height(grey, kHogHeight);
    const int pad = small.rows / 6;
    cv::Mat padded;
    cv::copyMakeBorder(small, padded, pad, pad, 0, 0, cv::BORDER_REPLICATE);
    std::vector<cv::Rect> people;
    std::vector<double> weights;
    m_hog.detectMultiScale(padded, people, weights, 0, cv::Size(8, 8), cv::Size(), kHogStep);
    double best_weight = 0;
    for (size_t i = 0; i < people.size(); ++i) {
      if (weights[i] < kHogMinWeight) continue;
      ++obs.figures;
      const double h = std::min(1.0, people[i].height * kHogBoxToFigure / small.rows);
      if (h > obs.figure_height) {
        obs.figure_height = h;
        best_weight = weights[i];
      }
    }
    if (obs.face_height <= 0 && obs.figure_height > 0)
      confidence = std::clamp(0.3 + 0.3 * best_weight, 0.3, 0.9);
  }

  obs.scale = scale_from(obs.face_height, obs.figure_height, cut);
  obs.confidence = obs.scale == ShotScale::Unknown ? 0 : confidence;
  return obs;
}

film::ScaleCall combine_scale(std::span<const ScaleObservation> observations) {
  std::array<int, kScaleCount> count{};
  int found = 0;
  for (const auto& o : observations) {
    const int r = static_cast<int>(o.scale);
    if (o.scale == ShotScale::Unknown) continue;
    ++count[r];
    ++found;
  }
  if (found == 0) return ShotScale::Unknown;
  // A scale seen once among many is more likely a detector's slip than a move of the camera.
  int closest = -1, widest = -1, most = 0;
  for (int r = 0; r < kScaleCount; ++r) {
    if (count[r] > count[most]) most = r;
    if ((found <= 2 && count[r] > 0) || (count[r] >= 2 && 5 * count[r] >= found)) {
      if (closest < 0) closest = r;
      widest = r;
    }
  }
  if (closest < 0 || closest == widest) return static_cast<ShotScale>(closest < 0 ? most : closest);
  return film::ScaleCall(static_cast<ShotScale>(closest), static_cast<ShotScale>(widest));
}

}  // namespace cranes::analysis
