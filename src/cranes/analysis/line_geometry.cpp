// SPDX-License-Identifier: MIT
#include "cranes/analysis/line_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "cranes/core/geometry.hpp"

namespace cranes::analysis {

namespace {
// Segments leaning up to kVerticalDeg from upright may be verticals: a 35 degree Dutch angle plus the
// convergence of a camera tilted up or down. The vanishing point they meet at must lie within kVanishingDeg
// of straight up or down from the centre, which keeps out the horizontals of a 35 degree roll (whose
// vanishing points lie along the horizon, 55 degrees from upright). Level lines lean up to kHorizontalDeg.
constexpr double kVerticalDeg = 50.0;
constexpr double kVanishingDeg = 40.0;
constexpr double kHorizontalDeg = 40.0;
// A second family of edges with this share of the verticals' support makes the answer ambiguous.
constexpr double kRivalShare = 0.6;
// The verticals' vanishing point needs this many separate edges, this much length (in picture heights) and
// this share of all the near-upright length.
constexpr int kMinEdges = 3;
constexpr double kMinSupport = 1.5;
constexpr double kMinShare = 0.4;
// A level edge counts within +-kHorizonWindowDeg, when it spans kHorizonMinSpan of the width and holds
// kHorizonMinShare of all near-level length; it contradicts the verticals beyond kAgreeDeg.
constexpr double kHorizonWindowDeg = 1.5;
constexpr double kHorizonMinSpan = 0.5;
constexpr double kHorizonMinShare = 0.5;
constexpr double kAgreeDeg = 4.0;
constexpr double kCollinearPx = 1.5;
// Segments shorter than this share of the diagonal are mostly texture.
constexpr double kMinLengthShare = 0.04;
// The longest verticals hypothesise the vanishing point pairwise; every vertical votes.
constexpr int kHypothesisSegments = 40;

struct Segment {
  cv::Point2d a, b, mid;      // centred on the principal point, in focal lengths
  cv::Vec3d line;             // a x + b y + c = 0 with a^2 + b^2 = 1 (c in focal lengths)
  cv::Point2d dir;            // unit direction
  double length_px = 0;       // at working size
  double vertical_deg = 0;    // the roll this segment implies if it is upright
  double horizontal_deg = 0;  // the roll it implies if it is level
};

// Upright: the downward direction (y grows down) leans right by the roll; level: the right end rises by the
// roll.
double roll_if_vertical(cv::Point2d d) {
  if (d.y < 0) d = -d;
  return std::atan2(d.x, d.y) / kRadPerDeg;
}
double roll_if_horizontal(cv::Point2d d) {
  if (d.x < 0) d = -d;
  return std::atan2(-d.y, d.x) / kRadPerDeg;
}

std::vector<Segment> detect_segments(const cv::Mat& grey, double hfov_deg, cv::Mat& work, double& f_px) {
  work = grey;
  if (grey.cols > kLineWorkingWidth) {
    const int h =
        std::max(1, static_cast<int>(std::lround(grey.rows * double(kLineWorkingWidth) / grey.cols)));
    cv::resize(grey, work, cv::Size(kLineWorkingWidth, h), 0, 0, cv::INTER_AREA);
  }
  f_px = 0.5 * work.cols / std::tan(0.5 * std::clamp(hfov_deg, 1.0, 179.0) * kRadPerDeg);
  // LSD's own 0.8 pre-scale smooths JPEG and film grain; refinement costs time and splits long edges.
  thread_local cv::Ptr<cv::LineSegmentDetector> lsd = cv::createLineSegmentDetector(cv::LSD_REFINE_NONE, 0.8);
  std::vector<cv::Vec4f> raw;
  lsd->detect(work, raw);

  const double min_len = kMinLengthShare * std::hypot(work.cols, work.rows);
  const double cx = 0.5 * work.cols, cy = 0.5 * work.rows;
  std::vector<Segment> out;
  for (const auto& r : raw) {
    const double len = std::hypot(r[2] - r[0], r[3] - r[1]);
    if (len < min_len) continue;
    Segment s;
    s.length_px = len;
    s.a = {(r[0] - cx) / f_px, (r[1] - cy) / f_px};
    s.b = {(r[2] - cx) / f_px, (r[3] - cy) / f_px};
    s.mid = 0.5 * (s.a + s.b);
    s.dir = (s.b - s.a) * (1.0 / cv::norm(s.b - s.a));
    const cv::Vec3d l = cv::Vec3d(s.a.x, s.a.y, 1.0).cross(cv::Vec3d(s.b.x, s.b.y, 1.0));
    s.line = l / std::hypot(l[0], l[1]);
    s.vertical_deg = roll_if_vertical(s.dir);
    s.horizontal_deg = roll_if_horizontal(s.dir);
    out.push_back(s);
  }
  return out;
}

// Whether segment `s` points at the (homogeneous, possibly infinite) point `v`, within an angle that allows
// for one pixel of endpoint error.
bool points_at(const Segment& s, const cv::Vec3d& v) {
  const cv::Point2d e(v[0] - s.mid.x * v[2], v[1] - s.mid.y * v[2]);
  const double en = std::hypot(e.x, e.y);
  if (en < 1e-12) return true;  // the point lies on the segment's midpoint
  const double sin_angle = std::abs(s.dir.x * e.y - s.dir.y * e.x) / en;
  const double tolerance_rad = std::atan2(1.0, s.length_px) + 0.5 * kRadPerDeg;
  return sin_angle <= std::sin(tolerance_rad);
}

// Number of separate edges among `segs` (by their offset across `down`, the vertical direction): pieces of
// one edge agree with every point along it, so agreement only counts across distinct edges.
int distinct_edges(const std::vector<const Segment*>& segs, cv::Point2d down, double min_gap) {
  std::vector<double> offsets;
  for (const Segment* s : segs) offsets.push_back(s->mid.x * down.y - s->mid.y * down.x);
  std::sort(offsets.begin(), offsets.end());
  int n = offsets.empty() ? 0 : 1;
  for (size_t i = 1; i < offsets.size(); ++i)
    if (offsets[i] - offsets[i - 1] > min_gap) ++n;
  return n;
}

// The point all `segs` meet at, least squares on the line equations weighted by length (smallest
// eigenvector).
cv::Vec3d fit_point(const std::vector<const Segment*>& segs) {
  cv::Matx33d m = cv::Matx33d::zeros();
  for (const Segment* s : segs) m += s->length_px * (s->line * s->line.t());
  cv::Mat values, vectors;
  cv::eigen(cv::Mat(m), values, vectors);
  return cv::Vec3d(vectors.at<double>(2, 0), vectors.at<double>(2, 1), vectors.at<double>(2, 2));
}

struct VanishingPoint {
  cv::Vec3d point;
  std::vector<const Segment*> inliers;
  double inlier_px = 0;
  // The best-supported point in another direction (its roll more than kRivalDeg away): a second family of
  // edges, such as the receding horizontals of a building seen from below, that could be the verticals as
  // well.
  double rival_px = 0;
};
constexpr double kRivalDeg = 10.0;

double roll_of_point(const cv::Vec3d& v) {
  return std::hypot(v[0], v[1]) > 1e-9 ? roll_if_vertical({v[0], v[1]}) : 0.0;
}

std::vector<const Segment*> voters(const std::vector<const Segment*>& segs, const cv::Vec3d& v,
                                   double* length_px) {
  std::vector<const Segment*> in;
  double sum = 0;
  for (const Segment* s : segs)
    if (points_at(*s, v)) {
      in.push_back(s);
      sum += s->length_px;
    }
  if (length_px) *length_px = sum;
  return in;
}

// The vertical vanishing point: every pair of the longest verticals proposes one, all verticals vote with
// their length, and the winner is refined on its voters.
VanishingPoint vertical_vanishing_point(const std::vector<const Segment*>& verticals) {
  VanishingPoint best;
  std::vector<std::pair<double, double>> candidates;  // (roll, score) of every hypothesis
  std::vector<const Segment*> longest = verticals;
  std::sort(longest.begin(), longest.end(),
            [](const Segment* a, const Segment* b) { return a->length_px > b->length_px; });
  if (longest.size() > kHypothesisSegments) longest.resize(kHypothesisSegments);
  for (size_t i = 0; i < longest.size(); ++i)
    for (size_t j = i + 1; j < longest.size(); ++j) {
      cv::Vec3d v = longest[i]->line.cross(longest[j]->line);
      const double n = cv::norm(v);
      if (n < 1e-9) continue;
      v /= n;
      // A vertical vanishing point lies towards the top or bottom of the picture.
      if (std::hypot(v[0], v[1]) > 1e-9 && std::abs(roll_if_vertical({v[0], v[1]})) > kVanishingDeg) continue;
      double score = 0;
      auto in = voters(verticals, v, &score);
      candidates.emplace_back(roll_of_point(v), score);
      if (score > best.inlier_px) best = {v, std::move(in), score};
    }
  const double best_roll = roll_of_point(best.point);
  for (const auto& [roll, score] : candidates)
    if (std::abs(roll - best_roll) > kRivalDeg) best.rival_px = std::max(best.rival_px, score);
  for (int iteration = 0; iteration < 2 && best.inliers.size() >= 2; ++iteration) {
    const cv::Vec3d v = fit_point(best.inliers);
    double score = 0;
    auto in = voters(verticals, v, &score);
    if (in.size() < 2) break;
    best.point = v;
    best.inliers = std::move(in);
    best.inlier_px = score;
  }
  return best;
}

struct Horizon {
  double roll_deg = 0;
  double strength = 0;              // 0..1
  const Segment* anchor = nullptr;  // a segment of the longest collinear run
};

// The dominant direction of the near-level edges, when one direction clearly dominates and spans a good part
// of the width: a horizon, a shore, a frontal facade. Receding horizontals converge and spread over many
// directions.
std::optional<Horizon> level_edge(const std::vector<const Segment*>& horizontals, int width_px, double f_px) {
  const double kCollinearFocal = kCollinearPx / f_px;
  double total = 0;
  for (const Segment* s : horizontals) total += s->length_px;
  double best = 0, best_roll = 0;
  for (const Segment* a : horizontals) {
    double sum = 0, weighted = 0;
    for (const Segment* b : horizontals)
      if (std::abs(b->horizontal_deg - a->horizontal_deg) <= kHorizonWindowDeg) {
        sum += b->length_px;
        weighted += b->length_px * b->horizontal_deg;
      }
    if (sum > best) {
      best = sum;
      best_roll = weighted / sum;
    }
  }
  // A horizon is one straight edge, perhaps in pieces: the window's longest run of collinear segments must
  // span the picture (gentle curves and scattered parallel strokes do not).
  double straight = 0;
  const Segment* anchor = nullptr;
  for (const Segment* a : horizontals) {
    if (std::abs(a->horizontal_deg - best_roll) > kHorizonWindowDeg) continue;
    double sum = 0;
    for (const Segment* b : horizontals)
      if (std::abs(b->horizontal_deg - best_roll) <= kHorizonWindowDeg &&
          std::abs(a->line.dot(cv::Vec3d(b->a.x, b->a.y, 1))) <= kCollinearFocal &&
          std::abs(a->line.dot(cv::Vec3d(b->b.x, b->b.y, 1))) <= kCollinearFocal)
        sum += b->length_px;
    if (sum > straight) {
      straight = sum;
      anchor = a;
    }
  }
  if (straight < kHorizonMinSpan * width_px || best < kHorizonMinShare * total) return std::nullopt;
  // Another direction with nearly as much support makes it a texture, not a horizon.
  double rival = 0;
  for (const Segment* a : horizontals) {
    if (std::abs(a->horizontal_deg - best_roll) <= 3 * kHorizonWindowDeg) continue;
    double sum = 0;
    for (const Segment* b : horizontals)
      if (std::abs(b->horizontal_deg - a->horizontal_deg) <= kHorizonWindowDeg) sum += b->length_px;
    rival = std::max(rival, sum);
  }
  if (rival >= kRivalShare * best) return std::nullopt;
  return Horizon{best_roll, std::min(1.0, best / width_px) * (1.0 - rival / best), anchor};
}

// Whether the edge under `s` is straight along the whole of it. LSD takes a gentle curve (a hill, a swoosh of
// light) for one long segment; a true horizon stays on its chord. The edge is found across the segment at
// nine points (strongest gradient across it within +-kEdgeSearchPx) and must not bow away from the chord by
// more than kMaxBowPx in the middle.
constexpr double kEdgeSearchPx = 6.0;
constexpr double kMaxBowPx = 2.0;
constexpr double kBowOverScatter = 2.5;
bool straight_edge(const cv::Mat& work, const Segment& s, double f_px) {
  const cv::Point2d c(0.5 * work.cols, 0.5 * work.rows);
  const cv::Point2d a = s.a * f_px + c, b = s.b * f_px + c;
  const cv::Point2d n(-s.dir.y, s.dir.x);
  cv::Mat img;
  work.convertTo(img, CV_32F);
  cv::GaussianBlur(img, img, cv::Size(0, 0), 1.0);
  auto at = [&](cv::Point2d p) {
    const int x = std::clamp(static_cast<int>(p.x), 0, img.cols - 2),
              y = std::clamp(static_cast<int>(p.y), 0, img.rows - 2);
    const double fx = std::clamp(p.x - x, 0.0, 1.0), fy = std::clamp(p.y - y, 0.0, 1.0);
    return (1 - fy) * ((1 - fx) * img.at<float>(y, x) + fx * img.at<float>(y, x + 1)) +
           fy * ((1 - fx) * img.at<float>(y + 1, x) + fx * img.at<float>(y + 1, x + 1));
  };
  std::vector<double> ts, offsets;
  for (int i = 1; i <= 9; ++i) {
    const double t = i / 10.0;
    const cv::Point2d p = a + (b - a) * t;
    double best = 0, best_off = 0;
    for (double o = -kEdgeSearchPx; o <= kEdgeSearchPx; o += 0.5) {
      const double g = std::abs(at(p + n * (o + 0.5)) - at(p + n * (o - 0.5)));
      if (g > best) {
        best = g;
        best_off = o;
      }
    }
    if (best < 2.0) continue;  // a gap between pieces of the edge
    ts.push_back(t);
    offsets.push_back(best_off);
  }
  if (ts.size() < 5) return true;  // too little edge to judge: leave it to the other tests
  // A parabola through the edge's offsets: its sagitta over the sampled span is the bow. Grain and texture
  // make the offsets scatter; a curve makes them bow consistently, well beyond that scatter.
  const int k = static_cast<int>(ts.size());
  cv::Mat A(k, 3, CV_64F), y(k, 1, CV_64F), p;
  for (int i = 0; i < k; ++i) {
    A.at<double>(i, 0) = 1;
    A.at<double>(i, 1) = ts[static_cast<size_t>(i)];
    A.at<double>(i, 2) = ts[static_cast<size_t>(i)] * ts[static_cast<size_t>(i)];
    y.at<double>(i) = offsets[static_cast<size_t>(i)];
  }
  cv::solve(A, y, p, cv::DECOMP_SVD);
  const double span = ts.back() - ts.front();
  const double sagitta = std::abs(p.at<double>(2)) * span * span / 4.0;
  const double scatter = cv::norm(A * p - y) / std::sqrt(static_cast<double>(k));
  return sagitta <= kMaxBowPx || sagitta <= kBowOverScatter * scatter;
}

}  // namespace

film::CameraAngle camera_angle_of(double pitch_deg) {
  using film::CameraAngle;
  const double a = std::abs(pitch_deg);
  if (a < kLevelPitchDeg) return CameraAngle::Level;
  if (a <= kSteepPitchDeg) return pitch_deg > 0 ? CameraAngle::Low : CameraAngle::High;
  return pitch_deg > 0 ? CameraAngle::WormsEye : CameraAngle::Overhead;
}

LineGeometry measure_lines(const cv::Mat& grey, double hfov_deg) {
  LineGeometry out;
  if (grey.empty() || grey.type() != CV_8UC1) return out;
  cv::Mat work;
  double f_px = 0;
  const std::vector<Segment> segs = detect_segments(grey, hfov_deg, work, f_px);
  const cv::Size size = work.size();
  out.segments = static_cast<int>(segs.size());

  std::vector<const Segment*> verticals, horizontals;
  double vertical_px = 0;
  for (const Segment& s : segs) {
    if (std::abs(s.vertical_deg) <= kVerticalDeg) {
      verticals.push_back(&s);
      vertical_px += s.length_px;
    } else if (std::abs(s.horizontal_deg) <= kHorizontalDeg) {
      horizontals.push_back(&s);
    }
  }
  const std::optional<Horizon> horizon = level_edge(horizontals, size.width, f_px);

  // 1. The vertical vanishing point, when enough separate upright edges agree on it and no other family
  // competes.
  if (verticals.size() >= 3) {
    const VanishingPoint vp = vertical_vanishing_point(verticals);
    const cv::Vec3d& v = vp.point;
    cv::Point2d down(v[0], v[1]);
    const double dn = std::hypot(down.x, down.y);
    const double share = vertical_px > 0 ? vp.inlier_px / vertical_px : 0;
    if (dn > 1e-12) {
      down *= 1.0 / dn;
      if (down.y < 0) down = -down;
      // Edges closer than 2% of the width are taken as one.
      const int edges = distinct_edges(vp.inliers, down, 0.02 * size.width / f_px);
      const double roll = roll_if_vertical(down);
      const bool supported = edges >= kMinEdges && vp.inlier_px >= kMinSupport * size.height &&
                             share >= kMinShare && vp.rival_px < kRivalShare * vp.inlier_px;
      // A long level edge (horizon, a frontal facade) that disagrees means one of the two families is not
      // what it seems: say nothing rather than guess.
      const bool contradicted = horizon && std::abs(horizon->roll_deg - roll) > kAgreeDeg;
      if (supported && !contradicted) {
        // Distance to the vanishing point along `down` (negative: above the picture) gives the pitch.
        const double along = v[0] * down.x + v[1] * down.y;
        double pitch = -std::atan2(v[2], along) / kRadPerDeg;
        if (pitch > 90) pitch -= 180;
        if (pitch < -90) pitch += 180;
        const double strength = std::min(1.0, vp.inlier_px / (3.0 * size.height)) *
                                std::min(1.0, edges / 6.0) * std::min(1.0, share / 0.8) *
                                (1.0 - vp.rival_px / vp.inlier_px);
        out.pitch_deg = pitch;
        out.camera_angle = camera_angle_of(pitch);
        out.angle_confidence = strength;
        // Looking (nearly) straight up or down, the verticals radiate from the centre and roll has no
        // meaning.
        if (std::abs(pitch) <= kSteepPitchDeg) {
          out.dutch_deg = roll;
          out.dutch_confidence = std::min(1.0, strength * (horizon ? 1.5 : 1.0));
          out.source = "vertical_vp";
        }
        return out;
      }
      if (supported || contradicted) return out;
    }
  }
  // 2. No upright edges to speak of: a long, straight level edge alone gives the roll (a sea horizon), not
  // the pitch.
  if (horizon && horizon->anchor && straight_edge(work, *horizon->anchor, f_px)) {
    out.dutch_deg = horizon->roll_deg;
    out.dutch_confidence = 0.5 * horizon->strength;
    out.source = "horizon";
  }
  return out;
}

}  // namespace cranes::analysis
