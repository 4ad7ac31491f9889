// SPDX-License-Identifier: MIT
#include "cranes/analysis/framing.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "cranes/analysis/active_picture.hpp"
#include "cranes/analysis/frame_context.hpp"
#include "cranes/analysis/line_geometry.hpp"
#include "cranes/analysis/shot_scale.hpp"
#include "cranes/core/geometry.hpp"
#include "cranes/core/quantile.hpp"
#include "cranes/core/spill.hpp"
#include "cranes/media/downscale.hpp"

namespace cranes::analysis {

namespace {

// The analyzer's options, with their defaults; the table below fills them from the command line.
struct FramingOptions {
  double period_s = 1.0;
  double dutch_min_deg = 5.0;
  double fov_deg = kDefaultFovDeg;  // the pass's assumed lens (pass_params), for the line geometry
};
constexpr FramingOptions kDefaults{};
using O = FramingOptions;
constexpr OptionSpec<O> kOptions[] = {
    {{"key-period",
      "Seconds between the key frames on which framing (bars, Dutch angle, camera angle, shot scale) "
      "is measured",
      "s", kDefaults.period_s, 0.1, 30.0},
     &O::period_s},
    {{"dutch-min", "A shot is Dutch when its roll is at least this on key frames more than a second apart",
      "deg", kDefaults.dutch_min_deg, 0.5, 45.0},
     &O::dutch_min_deg},
};
constexpr auto kParams = param_specs(kOptions);

// What the shot's framing needs of one key frame, as plain data (a long film's go to disk).
struct KeyFrame {
  int64_t index = 0;
  double time_s = 0;
  bool has_dutch = false;
  double dutch_deg = 0;  ///< the lines' roll, when has_dutch
  double dutch_confidence = 0;
  film::CameraAngle camera_angle = film::CameraAngle::Unknown;
  ScaleObservation scale;
  bool scale_looked = false;  ///< the people detectors ran on this key frame
};

// Line angles and tracked roll agree within this.
constexpr double kAgreeDeg = 5.0;

double wrap180(double deg) {
  deg = std::fmod(deg + 180.0, 360.0);
  if (deg < 0) deg += 360.0;
  return deg - 180.0;
}

// The median of angles, taken about their circular mean so a set around +-180 does not split.
double circular_median(const std::vector<double>& deg) {
  double sx = 0, sy = 0;
  for (double d : deg) {
    sx += std::cos(d * CV_PI / 180.0);
    sy += std::sin(d * CV_PI / 180.0);
  }
  const double mean = std::atan2(sy, sx) * 180.0 / CV_PI;
  std::vector<double> around;
  for (double d : deg) around.push_back(wrap180(d - mean));
  return wrap180(mean + median(around));
}

class FramingAnalyzer final : public Analyzer {
 public:
  explicit FramingAnalyzer(const ParamSet& p)
      : m_o(options_from(p, kOptions, FramingOptions{.fov_deg = p.get("fov")})) {}

  std::string_view name() const override { return "framing"; }
  Needs needs() const override {
    Needs n;
    n.luma_period_s = m_o.period_s;
    n.tracker_fov_deg = m_o.fov_deg;  // the roll between key frames
    return n;
  }

  void begin(const media::VideoInfo& info, cv::Size, PassEvents& events) override {
    m_events = &events;
    m_sar = info.sar.valid() && info.sar.num > 0 ? info.sar.to_double() : 1.0;
  }

  void process(const media::Frame& frame, FrameContext& ctx) override {
    const FrameMotion* m = ctx.motion();
    m_roll.push_back(m && m->ok ? m->roll_deg : 0.f);
    if (frame.luma.empty()) return;
    m_active.add(frame.luma);
    cv::Rect area = m_active.current() & cv::Rect(0, 0, frame.luma.cols, frame.luma.rows);
    if (area.area() <= 0) area = cv::Rect(0, 0, frame.luma.cols, frame.luma.rows);
    cv::Mat picture = frame.luma(area);
    // Square pixels for the geometry: anamorphic or odd sample aspect ratios would bend every angle.
    if (std::abs(m_sar - 1.0) > 0.01) {
      cv::Mat square;
      cv::resize(picture, square,
                 cv::Size(std::max(1, static_cast<int>(std::lround(picture.cols * m_sar))), picture.rows), 0,
                 0, cv::INTER_AREA);
      picture = square;
    }
    // Halved towards the working sizes: the line and people detectors shrink it the rest of the way
    // themselves, from far fewer pixels than full size.
    picture = media::halve_while(picture, cv::Size(kLineWorkingWidth, ScaleDetector::kWorkingHeight),
                                 m_half_a, m_half_b);
    KeyFrame k;
    k.index = frame.index;
    k.time_s = frame.time_s;
    const LineGeometry lines = measure_lines(picture, m_o.fov_deg);
    k.has_dutch = lines.dutch_deg.has_value();
    k.dutch_deg = lines.dutch_deg.value_or(0.0);
    k.dutch_confidence = lines.dutch_confidence;
    k.camera_angle = lines.camera_angle;
    // The people detectors cost twice the line detector. Where the last look found nobody, look every other
    // key frame: a person who walks in is found a key period later, and stretches of landscape cost half.
    const bool nobody = !m_keys.empty() && m_last_key.scale_looked && m_last_key.scale.faces == 0 &&
                        m_last_key.scale.figures == 0;
    if (!nobody) {
      k.scale = m_scale.observe(picture);
      k.scale_looked = true;
    }
    m_keys.push_back(k);
    m_last_key = k;
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

    // The first key frame at or after `frame` (the key frames are in frame order).
    auto first_key = [&](int64_t frame) {
      int64_t lo = 0, hi = m_keys.size();
      while (lo < hi) {
        const int64_t mid = lo + (hi - lo) / 2;
        if (m_keys.at(mid).index < frame)
          lo = mid + 1;
        else
          hi = mid;
      }
      return lo;
    };
    for (auto& shot : film.shots) {
      const int64_t from = first_key(shot.start_frame);
      const std::vector<KeyFrame> key_frames = m_keys.read(from, first_key(shot.end_frame) - from);
      std::vector<const KeyFrame*> keys;
      for (const KeyFrame& k : key_frames) keys.push_back(&k);
      shot.camera_angle = film::CameraAngle::Unknown;
      shot.scale = film::ScaleCall(film::ShotScale::Unknown);
      if (keys.empty()) continue;
      dutch_of_shot(shot, keys);
      // Camera angle: the most common call among the key frames that make one.
      // Ties go to the call whose word sorts first.
      std::map<std::string_view, std::pair<film::CameraAngle, int>> calls;
      for (const KeyFrame* k : keys)
        if (k->camera_angle != film::CameraAngle::Unknown) {
          auto& c = calls[token_of(k->camera_angle)];
          c = {k->camera_angle, c.second + 1};
        }
      int best = 0;
      for (const auto& [word, call] : calls)
        if (call.second > best) {
          best = call.second;
          shot.camera_angle = call.first;
        }
      std::vector<ScaleObservation> scales;
      for (const KeyFrame* k : keys) scales.push_back(k->scale);
      shot.scale = combine_scale(scales);
    }
  }

 private:
  // Dutch angle per shot. Lines give an absolute angle on some key frames; the tracker gives every frame's
  // roll relative to the last. Joined: the roll integrated from the shot's start, shifted by the median
  // difference to the line angles, gives an angle on every frame, so a spinning shot has a continuous angle
  // even where motion blur hides its lines. Without tracked roll (or when it and the lines disagree), the key
  // frames alone.
  void dutch_of_shot(film::Shot& shot, const std::vector<const KeyFrame*>& keys) const {
    const int64_t n = m_roll.size();
    const int64_t a = std::clamp<int64_t>(shot.start_frame, 0, n),
                  b = std::clamp<int64_t>(shot.end_frame, a, n);
    if (b <= a || keys.empty()) return;
    // The camera roll since the shot's first frame, frame by frame in order (read back from the spill).
    auto each_cum = [&](const auto& each) {
      double cum = 0;
      m_roll.for_each(a, b, [&](int64_t f, float roll) {
        if (f > a) cum += roll;
        each(f, cum);
      });
    };
    double lo = 0, hi = 0;
    std::vector<double> key_cum(keys.size(), 0.0);  // at each key frame
    size_t next_key = 0;
    each_cum([&](int64_t f, double cum) {
      lo = std::min(lo, cum);
      hi = std::max(hi, cum);
      for (; next_key < keys.size() && std::clamp<int64_t>(keys[next_key]->index, a, b - 1) <= f; ++next_key)
        key_cum[next_key] = cum;
    });
    std::vector<double> offsets, angles;
    double confidence = 0;
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i]->has_dutch) {
        angles.push_back(keys[i]->dutch_deg);
        offsets.push_back(wrap180(keys[i]->dutch_deg - key_cum[i]));
        confidence += keys[i]->dutch_confidence;
      }
    if (angles.empty()) return;
    const double offset = circular_median(offsets);
    int agreeing = 0;
    for (double o : offsets) agreeing += std::abs(wrap180(o - offset)) <= kAgreeDeg;
    const bool rolls = hi - lo > m_o.dutch_min_deg;
    if (rolls && 2 * agreeing > static_cast<int>(offsets.size())) {
      // Joined: an angle on every frame.
      std::vector<double> key_angles;
      for (double cum : key_cum) key_angles.push_back(wrap180(offset + cum));
      shot.dutch_deg = median(key_angles);
      shot.dutch_confidence =
          confidence / static_cast<double>(keys.size()) * agreeing / static_cast<double>(offsets.size());
      double run_start = -1, longest = 0;
      double next_sample = m_events->times().start(a);
      each_cum([&](int64_t f, double cum) {
        const double t = m_events->times().start(f), angle = wrap180(offset + cum);
        if (t >= next_sample - 1e-9) {
          shot.dutch_track.push_back({t, angle});
          next_sample += 1.0;
        }
        if (std::abs(angle) >= m_o.dutch_min_deg) {
          if (run_start < 0) run_start = t;
          longest = std::max(longest, t - run_start);
        } else {
          run_start = -1;
        }
      });
      shot.dutch = longest >= 1.0 - 1e-6;
      return;
    }
    // Key frames alone: the median angle, Dutch when the roll holds beyond the minimum on key frames more
    // than a second apart.
    if (angles.size() * 2 >= keys.size()) {
      shot.dutch_deg = median(angles);
      shot.dutch_confidence = confidence / static_cast<double>(keys.size());
    }
    double first_tilted = -1, last_tilted = -1;
    for (const KeyFrame* k : keys)
      if (k->has_dutch && std::abs(k->dutch_deg) >= m_o.dutch_min_deg &&
          (!shot.dutch_deg || k->dutch_deg * *shot.dutch_deg > 0)) {
        if (first_tilted < 0) first_tilted = k->time_s;
        last_tilted = k->time_s;
      }
    shot.dutch = shot.dutch_deg && std::abs(*shot.dutch_deg) >= m_o.dutch_min_deg &&
                 last_tilted - first_tilted >= 1.0 - 1e-6;
  }

  const FramingOptions m_o;
  double m_sar = 1.0;
  ActivePicture m_active;
  ScaleDetector m_scale;
  SpillBuffer<KeyFrame> m_keys{4096};
  KeyFrame m_last_key;
  PassEvents* m_events = nullptr;
  cv::Mat m_half_a, m_half_b;  // halvings of the key frame
  SpillBuffer<float> m_roll;   // every frame's camera roll since the previous frame (deg, clockwise > 0)
};

}  // namespace

std::span<const ParamSpec> framing_params() {
  return kParams;
}

namespace {
constexpr std::string_view kAfter[] = {"boundaries"};  // reads the shots
}  // namespace

std::unique_ptr<Analyzer> make_framing_analyzer(const ParamSet& params) {
  return std::make_unique<FramingAnalyzer>(params);
}

namespace {
const Registration kRegistration{
    {"framing", "letterbox/pillarbox bars, Dutch angle, camera angle and shot scale on key frames", kParams,
     &make_framing_analyzer, kAfter}};
}  // namespace

}  // namespace cranes::analysis
