// SPDX-License-Identifier: MIT
#include "cranes/analysis/framing.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "cranes/analysis/active_picture.hpp"
#include "cranes/analysis/frame_context.hpp"
#include "cranes/analysis/line_geometry.hpp"
#include "cranes/analysis/shot_scale.hpp"

namespace cranes::analysis {

namespace {

constexpr ParamSpec kParams[] = {
    {"key-period", "Seconds between the key frames on which framing (bars, Dutch angle, camera angle, shot scale) "
                   "is measured", "s", 1.0, 0.1, 30.0},
    {"dutch-min", "A shot is Dutch when its roll is at least this on key frames more than a second apart", "deg",
     5.0, 0.5, 45.0},
};

struct KeyFrame {
  int64_t index = 0;
  double time_s = 0;
  LineGeometry lines;
  ScaleObservation scale;
  bool scale_looked = false;  ///< the people detectors ran on this key frame
};

// The picture reduced by exact 2x box averages (fast, no resampling) while it stays at least `min_w` x `min_h`:
// the line and people detectors shrink it the rest of the way themselves, from far fewer pixels than full size.
cv::Mat halved_to(const cv::Mat& picture, int min_w, int min_h) {
  cv::Mat out = picture;
  while (out.cols >= 2 * min_w && out.rows >= 2 * min_h) {
    cv::Mat half;
    cv::resize(out(cv::Rect(0, 0, out.cols & ~1, out.rows & ~1)), half, cv::Size(out.cols / 2, out.rows / 2), 0, 0,
               cv::INTER_AREA);
    out = half;
  }
  return out;
}

class FramingAnalyzer final : public Analyzer {
 public:
  explicit FramingAnalyzer(const ParamSet& p)
      : m_period_s(p.get("key-period")), m_dutch_min(p.get("dutch-min")), m_fov(p.get("fov")) {}

  std::string_view name() const override { return "framing"; }
  double luma_period_s() const override { return m_period_s; }

  void begin(const media::VideoInfo& info, cv::Size) override {
    m_sar = info.sar.valid() && info.sar.num > 0 ? info.sar.to_double() : 1.0;
  }

  void process(const media::Frame& frame, FrameContext&) override {
    if (frame.luma.empty()) return;
    m_active.add(frame.luma);
    cv::Rect area = m_active.current() & cv::Rect(0, 0, frame.luma.cols, frame.luma.rows);
    if (area.area() <= 0) area = cv::Rect(0, 0, frame.luma.cols, frame.luma.rows);
    cv::Mat picture = frame.luma(area);
    // Square pixels for the geometry: anamorphic or odd sample aspect ratios would bend every angle.
    if (std::abs(m_sar - 1.0) > 0.01) {
      cv::Mat square;
      cv::resize(picture, square, cv::Size(std::max(1, static_cast<int>(std::lround(picture.cols * m_sar))), picture.rows),
                 0, 0, cv::INTER_AREA);
      picture = square;
    }
    picture = halved_to(picture, kLineWorkingWidth, ScaleDetector::kWorkingHeight);
    KeyFrame k;
    k.index = frame.index;
    k.time_s = frame.time_s;
    k.lines = measure_lines(picture, m_fov);
    // The people detectors cost twice the line detector. Where the last look found nobody, look every other key
    // frame: a person who walks in is found a key period later, and stretches of landscape cost half.
    const KeyFrame* last = m_keys.empty() ? nullptr : &m_keys.back();
    const bool nobody = last && last->scale_looked && last->scale.faces == 0 && last->scale.figures == 0;
    if (!nobody) {
      k.scale = m_scale.observe(picture);
      k.scale_looked = true;
    }
    m_keys.push_back(std::move(k));
  }

  void finish(film::Film& film) override {
    const auto r = m_active.result(m_sar);
    film.active.known = r.known;
    film.active.x = r.area.x;
    film.active.y = r.area.y;
    film.active.width = r.area.width;
    film.active.height = r.area.height;
    film.active.aspect = r.aspect;
    film.active.name = r.name;
    film.active.letterbox = r.letterbox;
    film.active.pillarbox = r.pillarbox;

    for (auto& shot : film.shots) {
      std::vector<const KeyFrame*> keys;
      for (const auto& k : m_keys)
        if (k.index >= shot.start_frame && k.index < shot.end_frame) keys.push_back(&k);
      shot.camera_angle = "unknown";
      shot.scale = "unknown";
      if (keys.empty()) continue;
      // Dutch angle: the median of the key frames that have one; Dutch when the roll holds beyond the minimum on
      // key frames more than a second apart.
      std::vector<double> angles;
      double confidence = 0;
      for (const KeyFrame* k : keys)
        if (k->lines.dutch_deg) {
          angles.push_back(*k->lines.dutch_deg);
          confidence += k->lines.dutch_confidence;
        }
      if (!angles.empty() && angles.size() * 2 >= keys.size()) {
        std::vector<double> sorted = angles;
        std::sort(sorted.begin(), sorted.end());
        const size_t m = sorted.size() / 2;
        shot.dutch_deg = sorted.size() % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        shot.dutch_confidence = confidence / static_cast<double>(keys.size());
      }
      double first_tilted = -1, last_tilted = -1;
      for (const KeyFrame* k : keys)
        if (k->lines.dutch_deg && std::abs(*k->lines.dutch_deg) >= m_dutch_min &&
            (!shot.dutch_deg || *k->lines.dutch_deg * *shot.dutch_deg > 0)) {
          if (first_tilted < 0) first_tilted = k->time_s;
          last_tilted = k->time_s;
        }
      shot.dutch = shot.dutch_deg && std::abs(*shot.dutch_deg) >= m_dutch_min && last_tilted - first_tilted >= 1.0 - 1e-6;
      // Camera angle: the most common call among the key frames that make one.
      std::map<std::string, int> calls;
      for (const KeyFrame* k : keys)
        if (k->lines.camera_angle != "unknown") ++calls[k->lines.camera_angle];
      int best = 0;
      for (const auto& [call, n] : calls)
        if (n > best) {
          best = n;
          shot.camera_angle = call;
        }
      std::vector<ScaleObservation> scales;
      for (const KeyFrame* k : keys) scales.push_back(k->scale);
      shot.scale = combine_scale(scales);
    }
  }

 private:
  double m_period_s, m_dutch_min, m_fov;
  double m_sar = 1.0;
  ActivePicture m_active;
  ScaleDetector m_scale;
  std::vector<KeyFrame> m_keys;
};

}  // namespace

std::span<const ParamSpec> framing_params() { return kParams; }

std::unique_ptr<Analyzer> make_framing_analyzer(const ParamSet& params) {
  return std::make_unique<FramingAnalyzer>(params);
}

}  // namespace cranes::analysis
