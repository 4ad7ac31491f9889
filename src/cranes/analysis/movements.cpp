// SPDX-License-Identifier: MIT
#include "cranes/analysis/movements.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "cranes/core/geometry.hpp"
#include "cranes/core/quantile.hpp"

namespace cranes::analysis {

namespace {

constexpr double kCornerRadius = 0.6;  // frame corner distance from the centre, in frame widths (16:9 to 4:3)
constexpr double kRateStep = 1.5;      // a move whose rate changes by this factor is two movements
// Jitter this many times the handheld threshold (a running camera, a 360-degree shutter's blur) moves the
// tracked points off any one plane by more than parallax would: travel is then not told from a turn.
constexpr double kJitterHidesParallax = 4.0;
// Frames each side of a burst where it speeds up and slows down: left out of the intent and the jitter. A
// burst is at least kMinBurstFrames long (one fast frame is a misread, not a whip).
constexpr size_t kWhipRamp = 2, kMinBurstFrames = 3;
// Under jitter, a roll or zoom must be this many times its threshold (pan and tilt: once).
constexpr double kJitteredTurnNeed = 2.5;

enum class Kind { Static, Shake, Pan, Tilt, Roll, Zoom, Unknown };

struct Label {
  Kind kind = Kind::Static;
  bool positive = false;  // pan right, tilt up, roll clockwise, zoom in
  bool whip = false;      // a burst (whip pan or tilt, crash zoom): kept however short
  friend bool operator==(const Label&, const Label&) = default;
};

// Centred moving average over `half` frames each side (fewer at the ends).
std::vector<double> moving_average(const std::vector<double>& v, int half) {
  const int n = static_cast<int>(v.size());
  std::vector<double> prefix(v.size() + 1, 0.0), out(v.size());
  for (int i = 0; i < n; ++i)
    prefix[static_cast<size_t>(i) + 1] = prefix[static_cast<size_t>(i)] + v[static_cast<size_t>(i)];
  for (int i = 0; i < n; ++i) {
    const int a = std::max(0, i - half), b = std::min(n, i + half + 1);
    out[static_cast<size_t>(i)] = (prefix[static_cast<size_t>(b)] - prefix[static_cast<size_t>(a)]) / (b - a);
  }
  return out;
}

// Centred running median over `half` frames each side: keeps the step where a move starts or stops (a moving
// average would smear it into the holds around it) and ignores jitter.
std::vector<double> moving_median(const std::vector<double>& v, int half) {
  const int n = static_cast<int>(v.size());
  std::vector<double> out(v.size()), win;
  for (int i = 0; i < n; ++i) {
    const int a = std::max(0, i - half), b = std::min(n, i + half + 1);
    win.assign(v.begin() + a, v.begin() + b);
    const auto mid = win.begin() + static_cast<std::ptrdiff_t>(win.size() / 2);
    std::nth_element(win.begin(), mid, win.end());
    out[static_cast<size_t>(i)] = *mid;
  }
  return out;
}

// The film's word for a frame-pair kind: travelling turns pan into truck, tilt into pedestal, zoom into
// dolly.
film::MovementLabel directed(Kind k, double value, bool travelling) {
  using film::MovementKind;
  switch (k) {
    case Kind::Pan:
      return film::directed(travelling ? MovementKind::Truck : MovementKind::Pan, value);
    case Kind::Tilt:
      return film::directed(travelling ? MovementKind::Pedestal : MovementKind::Tilt, value);
    case Kind::Roll:
      return film::directed(MovementKind::Roll, value);
    case Kind::Zoom:
      return film::directed(travelling ? MovementKind::Dolly : MovementKind::Zoom, value);
    case Kind::Shake:
      return film::MovementLabel::Shake;
    case Kind::Unknown:
      return film::MovementLabel::Unknown;
    case Kind::Static:
      break;
  }
  return film::MovementLabel::Static;
}

}  // namespace

CameraRates camera_rates(const FrameMotion& m, double dt_s) {
  CameraRates r;
  if (!m.ok || dt_s <= 0) return r;
  r.pan = m.pan_deg / dt_s;
  r.tilt = m.tilt_deg / dt_s;
  r.roll = m.roll_deg / dt_s;
  r.zoom = m.log_scale / dt_s;
  r.shift_x = m.dx / dt_s;
  r.shift_y = m.dy / dt_s;
  return r;
}

double corner_speed(const CameraRates& r) {
  return std::hypot(r.shift_x, r.shift_y) +
         (std::abs(r.roll) / kDegPerRad + std::abs(r.zoom)) * kCornerRadius;
}

namespace {

// One shot's frame-by-frame signals, shared by the stages below.
struct Signals {
  size_t n = 0;
  std::span<const FrameMotion> motion;
  std::span<const double> time_s;
  double end_s = 0;
  std::vector<double> dt;
  std::vector<CameraRates> rates;
  std::vector<bool> valid;
  int half = 1;                                                           // half the intent window, frames
  std::vector<double> pan, tilt, roll, zoom, sx, sy;                      // rates as measured
  std::vector<double> ipan, itilt, iroll, izoom, isx, isy;                // the intent: running medians
  std::vector<double> steady_pan, steady_tilt, steady_roll, steady_zoom;  // the steady part: longer means
  std::vector<double> shake;  // jitter, RMS frame widths per frame
  std::vector<bool> whip;     // frames of a whip pan or tilt, or a crash zoom
  std::vector<Label> burst;   // their labels, one per burst
};

// A run of frames of one label, [a, b).
struct Run {
  size_t a, b;
  Label k;
};

double run_span_s(const Signals& g, const Run& r) {
  return (r.b < g.n ? g.time_s[r.b] : g.end_s) - g.time_s[r.a];
}

std::vector<Run> runs_of(const std::vector<Label>& kind) {
  std::vector<Run> runs;
  for (size_t i = 0; i < kind.size(); ++i) {
    if (runs.empty() || runs.back().k != kind[i])
      runs.push_back({i, i + 1, kind[i]});
    else
      runs.back().b = i + 1;
  }
  return runs;
}

// Stage 1. Frame intervals and rates; frames without an estimate take their neighbours' (the opening frame,
// whose pair crosses the cut, takes the next one's). False when no frame has an estimate.
bool measure_rates(Signals& g) {
  const size_t n = g.n;
  g.dt.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const double next = i + 1 < n ? g.time_s[i + 1] : g.end_s;
    g.dt[i] = next > g.time_s[i] ? next - g.time_s[i] : 1.0 / 25.0;
  }
  g.rates.assign(n, CameraRates{});
  g.valid.assign(n, false);
  size_t valid_count = 0;
  for (size_t i = 1; i < n; ++i) {
    if (!g.motion[i].ok) continue;
    g.rates[i] = camera_rates(g.motion[i],
                              g.time_s[i] - g.time_s[i - 1] > 0 ? g.time_s[i] - g.time_s[i - 1] : g.dt[i]);
    g.valid[i] = true;
    ++valid_count;
  }
  if (valid_count == 0) return false;
  // Fill gaps from the nearest valid frame before (or after, at the start).
  size_t last = n;
  for (size_t i = 0; i < n; ++i) {
    if (g.valid[i])
      last = i;
    else if (last < n)
      g.rates[i] = g.rates[last];
  }
  size_t first_valid = 0;
  while (!g.valid[first_valid]) ++first_valid;
  for (size_t i = 0; i < first_valid; ++i) g.rates[i] = g.rates[first_valid];
  return true;
}

// Stage 2. The smooth intent (running medians over the intent window) and the jitter it does not explain.
void separate_intent(Signals& g, const MovementThresholds& t) {
  const size_t n = g.n;
  double mean_dt = 0;
  for (double d : g.dt) mean_dt += d;
  mean_dt /= static_cast<double>(n);
  g.half = std::max(1, static_cast<int>(std::lround(t.intent_s / mean_dt / 2)));
  auto channel = [&](double CameraRates::*f) {
    std::vector<double> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = g.rates[i].*f;
    return v;
  };
  g.pan = channel(&CameraRates::pan);
  g.tilt = channel(&CameraRates::tilt);
  g.roll = channel(&CameraRates::roll);
  g.zoom = channel(&CameraRates::zoom);
  g.sx = channel(&CameraRates::shift_x);
  g.sy = channel(&CameraRates::shift_y);
  // Bursts: whip pans and tilts (turning faster than the whip rate) and crash zooms, for a few frames at
  // least. The filters below see them, and the frames where they speed up and slow down, as holds, so that a
  // burst neither makes the frames around it a move nor their jitter shake.
  g.whip.assign(n, false);
  g.burst.assign(n, Label{});
  std::vector<double> pan = g.pan, tilt = g.tilt, roll = g.roll, zoom = g.zoom, sx = g.sx, sy = g.sy;
  auto fast = [&](size_t i) {
    return std::max(std::abs(g.pan[i]), std::abs(g.tilt[i])) >= t.whip_deg_s ||
           std::abs(g.zoom[i]) >= t.crash_zoom_per_s;
  };
  for (size_t a = 0; a < n;) {
    if (!fast(a)) {
      ++a;
      continue;
    }
    size_t b = a;
    while (b < n && fast(b)) ++b;
    if (b - a >= kMinBurstFrames) {
      // One label for the whole burst, from its mean rates: a crash zoom when the camera is not also whipping
      // round (a whip's blur unsettles the scale of the fit).
      double mp = 0, mt = 0, mz = 0;
      for (size_t i = a; i < b; ++i) {
        mp += g.pan[i];
        mt += g.tilt[i];
        mz += g.zoom[i];
      }
      const double k = 1.0 / static_cast<double>(b - a);
      mp *= k;
      mt *= k;
      mz *= k;
      const double turn = std::max(std::abs(mp), std::abs(mt)) / t.whip_deg_s;
      Label l{Kind::Zoom, mz > 0, true};
      if (turn >= 0.5 || std::abs(mz) < t.crash_zoom_per_s)
        l = std::abs(mp) >= std::abs(mt) ? Label{Kind::Pan, mp > 0, true} : Label{Kind::Tilt, mt > 0, true};
      for (size_t i = a; i < b; ++i) {
        g.whip[i] = true;
        g.burst[i] = l;
      }
      for (size_t i = a >= kWhipRamp ? a - kWhipRamp : 0; i < std::min(n, b + kWhipRamp); ++i)
        pan[i] = tilt[i] = roll[i] = zoom[i] = sx[i] = sy[i] = 0;
    }
    a = b;
  }
  g.ipan = moving_median(pan, g.half);
  g.itilt = moving_median(tilt, g.half);
  g.iroll = moving_median(roll, g.half);
  g.izoom = moving_median(zoom, g.half);
  g.isx = moving_median(sx, g.half);
  g.isy = moving_median(sy, g.half);
  // The steady part: a running mean over the longer window, in which a sway of a few hertz cancels out.
  const int steady_half = std::max(g.half, static_cast<int>(std::lround(t.steady_s / mean_dt / 2)));
  g.steady_pan = moving_average(pan, steady_half);
  g.steady_tilt = moving_average(tilt, steady_half);
  g.steady_roll = moving_average(roll, steady_half);
  g.steady_zoom = moving_average(zoom, steady_half);
  // Jitter: the part of each frame's shift that the intent does not explain, in frame widths per frame, as an
  // RMS over twice the window. (Roll is left out: a fast spin's rotation is measured less exactly than a
  // shift.)
  std::vector<double> jitter2(n);
  for (size_t i = 0; i < n; ++i) {
    const double jx = (sx[i] - g.isx[i]) * g.dt[i], jy = (sy[i] - g.isy[i]) * g.dt[i];
    // A whip's own frames and the few where it speeds up and slows down are no jitter.
    bool near_whip = false;
    for (size_t j = i >= kWhipRamp ? i - kWhipRamp : 0; j <= std::min(n - 1, i + kWhipRamp); ++j)
      near_whip |= g.whip[j];
    jitter2[i] = g.valid[i] && !near_whip ? jx * jx + jy * jy : 0.0;
  }
  g.shake = moving_average(jitter2, 2 * g.half);
  for (double& v : g.shake) v = std::sqrt(v);
}

// Stage 3. Each frame's label: its strongest intent and direction. Under jitter the steady part decides, so
// that a handheld pan is a pan and a handheld hold is shake.
std::vector<Label> label_frames(const Signals& g, const MovementThresholds& t) {
  std::vector<Label> kind(g.n);
  for (size_t i = 0; i < g.n; ++i) {
    const bool shaky = g.shake[i] > t.shake;
    // Roll and zoom are read from the rotation and scale of the fit, which jitter unsettles more than the
    // shift: under it they must stand out further.
    const double turn_need = shaky ? kJitteredTurnNeed : 1.0;
    const double signed_strength[4] = {(shaky ? g.steady_pan[i] : g.ipan[i]) / t.pan_deg_s,
                                       (shaky ? g.steady_tilt[i] : g.itilt[i]) / t.pan_deg_s,
                                       (shaky ? g.steady_roll[i] : g.iroll[i]) / t.roll_deg_s / turn_need,
                                       (shaky ? g.steady_zoom[i] : g.izoom[i]) / t.zoom_per_s / turn_need};
    int best = 0;
    for (int k = 1; k < 4; ++k)
      if (std::abs(signed_strength[k]) > std::abs(signed_strength[best])) best = k;
    if (g.whip[i]) {
      kind[i] = g.burst[i];
    } else if (std::abs(signed_strength[best]) >= 1.0)
      kind[i] = {static_cast<Kind>(static_cast<int>(Kind::Pan) + best), signed_strength[best] > 0};
    else
      kind[i] = {shaky ? Kind::Shake : Kind::Static, false};
  }
  return kind;
}

// Stage 4. The shortest run under the minimum joins its longer neighbour, until none is left.
void absorb_short_runs(std::vector<Label>& kind, const Signals& g, const MovementThresholds& t) {
  for (;;) {
    const std::vector<Run> runs = runs_of(kind);
    // Bursts stay, however short, and take nothing in; a run between two bursts (or a burst and the shot's
    // edge) has nothing to join and stays too.
    auto joinable = [&](size_t i) { return i < runs.size() && !runs[i].k.whip; };
    size_t shortest = runs.size();
    for (size_t i = 0; i < runs.size(); ++i)
      if (joinable(i) && (joinable(i - 1) || joinable(i + 1)) &&
          (shortest == runs.size() || run_span_s(g, runs[i]) < run_span_s(g, runs[shortest])))
        shortest = i;
    if (shortest == runs.size() || run_span_s(g, runs[shortest]) >= t.min_segment_s) break;
    const Run& r = runs[shortest];
    const Run* left = joinable(shortest - 1) ? &runs[shortest - 1] : nullptr;
    const Run* right = joinable(shortest + 1) ? &runs[shortest + 1] : nullptr;
    const Run* into = !left    ? right
                      : !right ? left
                               : (run_span_s(g, *left) >= run_span_s(g, *right) ? left : right);
    for (size_t i = r.a; i < r.b; ++i) kind[i] = into->k;
  }
}

// Stage 5. Each border between runs moves to where the frames on either side best fit their run's typical
// rates (the median filter decides labels a few frames late or early where a move starts or stops).
void settle_borders(std::vector<Label>& kind, const Signals& g, const MovementThresholds& t) {
  std::vector<Run> runs = runs_of(kind);
  const size_t half = static_cast<size_t>(g.half);
  auto unit = [&](size_t i) {
    return cv::Vec4d(g.pan[i] / t.pan_deg_s, g.tilt[i] / t.pan_deg_s, g.roll[i] / t.roll_deg_s,
                     g.zoom[i] / t.zoom_per_s);
  };
  auto centre = [&](const Run& r) {
    cv::Vec4d c;
    for (int k = 0; k < 4; ++k) {
      std::vector<double> v;
      for (size_t i = r.a; i < r.b; ++i) v.push_back(unit(i)[k]);
      c[k] = nearest_rank(v, 0.5);
    }
    return c;
  };
  for (size_t j = 0; j + 1 < runs.size(); ++j) {
    Run& x = runs[j];
    Run& y = runs[j + 1];
    if (x.k.whip || y.k.whip) continue;  // a whip's frames are its own, told frame by frame
    const cv::Vec4d cx = centre(x), cy = centre(y);
    const size_t lo = std::max(x.a + 1, y.a > half + 2 ? y.a - half - 2 : 0);
    const size_t hi = std::min(y.b - 1, y.a + half + 2);
    size_t best = y.a;
    double best_cost = 1e300;
    for (size_t k = lo; k <= hi; ++k) {
      double cost = 0;
      for (size_t i = lo; i < k; ++i) cost += cv::norm(unit(i) - cx, cv::NORM_L2SQR);
      for (size_t i = k; i <= hi; ++i) cost += cv::norm(unit(i) - cy, cv::NORM_L2SQR);
      if (cost < best_cost) {
        best_cost = cost;
        best = k;
      }
    }
    for (size_t i = x.a; i < best; ++i) kind[i] = x.k;
    for (size_t i = best; i < y.b; ++i) kind[i] = y.k;
    x.b = best;
    y.a = best;
  }
}

// Stage 6. A run whose rate changes markedly is split in two (recursively).
std::vector<Run> split_rate_steps(const std::vector<Label>& kind, const Signals& g,
                                  const MovementThresholds& t) {
  const size_t n = g.n;
  const std::span<const double> time_s = g.time_s;
  const double end_s = g.end_s;
  const std::vector<double>&pan = g.pan, &tilt = g.tilt, &roll = g.roll, &zoom = g.zoom;
  auto span_s = [&](const Run& r) { return run_span_s(g, r); };
  // A move whose rate changes markedly (a spin speeding up from 90 to 360 deg/s) is split where the means
  // before and after differ most, while both sides differ by more than kRateStep and last the minimum.
  auto rate_of = [&](Kind k) -> const std::vector<double>& {
    return k == Kind::Pan ? pan : k == Kind::Tilt ? tilt : k == Kind::Roll ? roll : zoom;
  };
  std::vector<Run> runs;
  std::vector<Run> todo = runs_of(kind);
  std::reverse(todo.begin(), todo.end());
  while (!todo.empty()) {
    const Run r = todo.back();
    todo.pop_back();
    const bool moving = !r.k.whip && (r.k.kind == Kind::Pan || r.k.kind == Kind::Tilt ||
                                      r.k.kind == Kind::Roll || r.k.kind == Kind::Zoom);
    size_t best = 0;
    double best_step = 0;
    // Under jitter the means are of signed rates (the sway cancels) over sides of twice the steady window.
    double jitter = 0;
    for (size_t i = r.a; i < r.b; ++i) jitter += g.shake[i];
    const bool shaky = jitter / static_cast<double>(r.b - r.a) > t.shake;
    const double min_side = shaky ? std::max(t.min_segment_s, 2 * t.steady_s) : t.min_segment_s;
    if (moving && span_s(r) >= 2 * min_side) {
      const std::vector<double>& v = rate_of(r.k.kind);
      std::vector<double> prefix(r.b - r.a + 1, 0.0);
      for (size_t i = r.a; i < r.b; ++i)
        prefix[i - r.a + 1] = prefix[i - r.a] + (shaky ? v[i] : std::abs(v[i]));
      for (size_t k = r.a + 1; k < r.b; ++k) {
        if (time_s[k] - time_s[r.a] < min_side || (r.b < n ? time_s[r.b] : end_s) - time_s[k] < min_side)
          continue;
        const double left = std::abs(prefix[k - r.a] / static_cast<double>(k - r.a));
        const double right = std::abs((prefix[r.b - r.a] - prefix[k - r.a]) / static_cast<double>(r.b - k));
        const double step = std::abs(std::log(std::max(1e-9, left) / std::max(1e-9, right)));
        if (step > best_step) {
          best_step = step;
          best = k;
        }
      }
    }
    if (best_step > std::log(kRateStep)) {
      todo.push_back({best, r.b, r.k});
      todo.push_back({r.a, best, r.k});
    } else {
      runs.push_back(r);
    }
  }

  return runs;
}

// Stage 7. Each run becomes a Movement: its label (travelling or turning, an arc), rates, totals, jitter and
// the weaker movements beside it.
void describe_runs(const std::vector<Run>& runs, const std::vector<Label>& own, const Signals& g,
                   int64_t first_frame, const MovementThresholds& t, std::vector<film::Movement>& out) {
  const size_t n = g.n;
  const std::span<const double> time_s = g.time_s;
  const double end_s = g.end_s;
  const std::span<const FrameMotion> motion = g.motion;
  const std::vector<double>&pan = g.pan, &tilt = g.tilt, &roll = g.roll, &zoom = g.zoom, &sx = g.sx,
        &sy = g.sy;
  const std::vector<double>&dt = g.dt, &shake = g.shake;
  const std::vector<CameraRates>& rates = g.rates;
  const std::vector<bool>& valid = g.valid;
  for (const Run& r : runs) {
    film::Movement m;
    m.start_frame = first_frame + static_cast<int64_t>(r.a);
    m.end_frame = first_frame + static_cast<int64_t>(r.b);
    m.start_s = time_s[r.a];
    m.end_s = r.b < n ? time_s[r.b] : end_s;
    double sum_pan = 0, sum_tilt = 0, sum_roll = 0, sum_zoom = 0, sum_sx = 0, sum_sy = 0, sum_t = 0;
    double sum_shake = 0, sum_energy = 0, agree = 0;
    size_t count = 0, counted_valid = 0;
    std::vector<double> parallax, held;
    for (size_t i = r.a; i < r.b; ++i) {
      ++count;
      if (own[i] == r.k) agree += 1;
      sum_shake += shake[i];
      if (!valid[i]) continue;
      ++counted_valid;
      sum_pan += pan[i] * dt[i];
      sum_tilt += tilt[i] * dt[i];
      sum_roll += roll[i] * dt[i];
      sum_zoom += zoom[i] * dt[i];
      sum_sx += sx[i] * dt[i];
      sum_sy += sy[i] * dt[i];
      sum_t += dt[i];
      sum_energy += corner_speed(rates[i]) * dt[i];
      if (motion[i].parallax > 0) parallax.push_back(motion[i].parallax);
      if (motion[i].parallax > t.parallax)
        held.push_back(motion[i].held);  // held points of a travelling window
    }
    const double span = std::max(1e-9, sum_t);
    const double mean_pan = sum_pan / span, mean_tilt = sum_tilt / span, mean_roll = sum_roll / span,
                 mean_zoom = sum_zoom / span;
    // Parallax shows only while near things are in view: a dolly past a doorway shows it until the doorway
    // has passed, a zoom never does. The strongest third of the windows is the evidence.
    m.shake = sum_shake / static_cast<double>(count);
    m.whip = r.k.whip;
    if (m.whip) {  // a burst's own jitter cannot be told: the camera's around it
      const size_t before = r.a > kWhipRamp + 1 ? r.a - kWhipRamp - 1 : 0;
      const size_t after = std::min(n - 1, r.b + kWhipRamp);
      m.shake = std::max(shake[before], shake[after]);
    }
    const bool travelling = !m.whip && parallax.size() >= 2 &&
                            nearest_rank(parallax, 2.0 / 3.0) > t.parallax &&
                            m.shake <= kJitterHidesParallax * t.shake;
    // An arc: the camera travels round a subject while turning to keep it, so the subject holds still while
    // everything behind it slides the other way (a truck moves near things faster, never holds them).
    const bool arcing = travelling && held.size() >= 2 && nearest_rank(held, 0.5) >= t.arc_held;
    m.handheld = m.shake > t.shake;
    m.energy = sum_energy / span;
    m.confidence =
        agree / static_cast<double>(count) * static_cast<double>(counted_valid) / static_cast<double>(count);
    // A run whose own rates fall short of the threshold (after its borders moved) is no movement.
    Kind k = r.k.kind;
    const double own_strength = k == Kind::Pan    ? mean_pan / t.pan_deg_s
                                : k == Kind::Tilt ? mean_tilt / t.pan_deg_s
                                : k == Kind::Roll ? mean_roll / t.roll_deg_s
                                : k == Kind::Zoom ? mean_zoom / t.zoom_per_s
                                                  : 1.0;
    if (std::abs(own_strength) < 0.75) k = m.handheld ? Kind::Shake : Kind::Static;
    // Pan and tilt: degrees turned, or frame widths travelled when the move shows parallax (truck, pedestal).
    auto travel = [&](double sum_shift) {
      m.rate_width_per_s = std::abs(sum_shift / span);
      m.rate = m.rate_width_per_s;
      m.rate_unit = film::RateUnit::WidthPerS;
      m.total = std::abs(sum_shift);
    };
    auto turn_or_travel = [&](Kind kind, double mean_turn, double sum_turn, double sum_shift) {
      m.label = directed(kind, mean_turn, travelling);
      travel(sum_shift);
      if (travelling) return;
      m.rate = std::abs(mean_turn);
      m.rate_unit = film::RateUnit::DegPerS;
      m.total = std::abs(sum_turn);
    };
    switch (k) {
      case Kind::Pan:
        turn_or_travel(Kind::Pan, mean_pan, sum_pan, sum_sx);
        break;
      case Kind::Tilt:
        turn_or_travel(Kind::Tilt, mean_tilt, sum_tilt, sum_sy);
        break;
      case Kind::Roll:
        m.label = directed(Kind::Roll, mean_roll, false);
        m.rate = std::abs(mean_roll);
        m.rate_unit = film::RateUnit::DegPerS;
        m.total = std::abs(sum_roll);
        break;
      case Kind::Zoom:
        m.label = directed(Kind::Zoom, mean_zoom, travelling);
        m.rate = std::exp(mean_zoom);
        m.rate_unit = film::RateUnit::ScalePerS;
        m.total = std::exp(sum_zoom);
        break;
      default:
        m.label = directed(k, 0, false);
        m.handheld = k == Kind::Shake;
        break;
    }
    // An arc slides the background the other way from the camera's travel (content sliding right: the camera
    // travels right round the subject). Frame to frame, the held subject and the sliding background can read
    // as a zoom as well as a pan; the windows' held points decide.
    if (arcing && (k == Kind::Pan || k == Kind::Zoom)) {
      m.label = film::directed(film::MovementKind::Arc, sum_sx);
      travel(sum_sx);
    }
    // Weaker movements at the same time, by the same thresholds.
    const std::pair<Kind, double> others[4] = {{Kind::Pan, mean_pan / t.pan_deg_s},
                                               {Kind::Tilt, mean_tilt / t.pan_deg_s},
                                               {Kind::Roll, mean_roll / t.roll_deg_s},
                                               {Kind::Zoom, mean_zoom / t.zoom_per_s}};
    for (const auto& [other, strength] : others)
      if (other != k && std::abs(strength) >= 1.0 && (k != Kind::Shake || std::abs(strength) >= 2.5))
        m.also.push_back(directed(other, strength, travelling));
    out.push_back(std::move(m));
  }
}

}  // namespace

std::vector<film::Movement> segment_movements(std::span<const FrameMotion> motion,
                                              std::span<const double> time_s, int64_t first_frame,
                                              double end_s, const MovementThresholds& t) {
  std::vector<film::Movement> out;
  Signals g;
  g.n = std::min(motion.size(), time_s.size());
  if (g.n == 0) return out;
  g.motion = motion.first(g.n);
  g.time_s = time_s.first(g.n);
  g.end_s = end_s;
  if (!measure_rates(g)) {
    film::Movement m;
    m.start_frame = first_frame;
    m.end_frame = first_frame + static_cast<int64_t>(g.n);
    m.start_s = time_s[0];
    m.end_s = end_s;
    m.label = film::MovementLabel::Unknown;
    out.push_back(m);
    return out;
  }
  separate_intent(g, t);
  std::vector<Label> kind = label_frames(g, t);
  const std::vector<Label> own = kind;
  absorb_short_runs(kind, g, t);
  settle_borders(kind, g, t);
  describe_runs(split_rate_steps(kind, g, t), own, g, first_frame, t, out);
  return out;
}

namespace {

// Two parts of one movement cut apart at a window's edge, as one: rates averaged over their time, totals
// added (scale factors multiplied), jitter, energy and confidence averaged.
film::Movement joined(const film::Movement& a, const film::Movement& b, const MovementThresholds& t) {
  film::Movement m = a;
  m.end_frame = b.end_frame;
  m.end_s = b.end_s;
  const double wa = std::max(0.0, a.end_s - a.start_s), wb = std::max(0.0, b.end_s - b.start_s);
  const double w = wa + wb > 0 ? wa + wb : 1.0;
  const double ka = wa + wb > 0 ? wa / w : 0.5, kb = wa + wb > 0 ? wb / w : 0.5;
  auto mean = [&](double x, double y) { return ka * x + kb * y; };
  if (a.rate_unit == film::RateUnit::ScalePerS && a.rate > 0 && b.rate > 0) {
    m.rate = std::exp(mean(std::log(a.rate), std::log(b.rate)));
    m.total = a.total * b.total;
  } else {
    m.rate = mean(a.rate, b.rate);
    m.total = a.total + b.total;
  }
  m.rate_width_per_s = mean(a.rate_width_per_s, b.rate_width_per_s);
  m.shake = mean(a.shake, b.shake);
  m.energy = mean(a.energy, b.energy);
  m.confidence = mean(a.confidence, b.confidence);
  m.handheld = m.label == film::MovementLabel::Shake || m.shake > t.shake;
  for (film::MovementLabel l : b.also)
    if (std::find(m.also.begin(), m.also.end(), l) == m.also.end()) m.also.push_back(l);
  return m;
}

}  // namespace

MovementStream::MovementStream(const MovementThresholds& t, int64_t first_frame, int64_t piece)
    : m_t(t), m_shot_first(first_frame), m_first(first_frame), m_piece(std::max<int64_t>(16, piece)) {}

void MovementStream::add(const FrameMotion& motion, double time_s) {
  m_motion.push_back(motion);
  m_time.push_back(time_s);
  // One frame past the window: its start is where the window ends.
  if (static_cast<int64_t>(m_motion.size()) > 2 * m_piece) segment_window();
}

void MovementStream::segment_window() {
  const auto window = static_cast<size_t>(2 * m_piece);
  std::vector<film::Movement> moves = segment_movements(
      std::span(m_motion).first(window), std::span(m_time).first(window), m_first, m_time[window], m_t);
  const int64_t mark = m_first + 3 * m_piece / 2;
  size_t k = 0;
  while (k < moves.size() && moves[k].end_frame <= mark) ++k;
  int64_t cut = k < moves.size() ? moves[k].start_frame : moves.back().end_frame;
  bool cut_inside = false;
  if (cut <= m_first) {
    // One movement runs from the window's start past the mark: cut it at `piece` frames.
    const auto part = static_cast<size_t>(m_piece);
    moves = segment_movements(std::span(m_motion).first(part), std::span(m_time).first(part), m_first,
                              m_time[part], m_t);
    cut = m_first + m_piece;
    cut_inside = true;
  } else {
    moves.resize(k);
  }
  keep(std::move(moves), cut_inside);
  const auto drop = static_cast<std::ptrdiff_t>(cut - m_first);
  m_motion.erase(m_motion.begin(), m_motion.begin() + drop);
  m_time.erase(m_time.begin(), m_time.begin() + drop);
  m_first = cut;
}

void MovementStream::keep(std::vector<film::Movement> moves, bool cut_inside) {
  for (size_t i = 0; i < moves.size(); ++i) {
    film::Movement& m = moves[i];
    if (i == 0 && m_join && !m_done.empty() && m_done.back().label == m.label && m_done.back().whip == m.whip)
      m_done.back() = joined(m_done.back(), m, m_t);
    else
      m_done.push_back(std::move(m));
  }
  m_join = cut_inside;
}

std::vector<film::Movement> MovementStream::finish(double end_s) {
  if (!m_motion.empty()) keep(segment_movements(m_motion, m_time, m_first, end_s, m_t), false);
  m_motion.clear();
  m_time.clear();
  return std::move(m_done);
}

}  // namespace cranes::analysis
