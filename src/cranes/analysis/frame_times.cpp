// SPDX-License-Identifier: MIT
#include "cranes/analysis/frame_times.hpp"

#include <algorithm>
#include <cmath>

namespace cranes::analysis {

namespace {
// A regular run shorter than this when it breaks costs more as a run than as values.
constexpr int64_t kShortestRun = 4;
}  // namespace

void FrameTimes::make_irregular_tail() {
  // The last run is regular and short: its frames become values, joined to an irregular run before it.
  const Run r = m_runs.back();
  const int64_t n = count(m_runs.size() - 1);
  m_runs.pop_back();
  const bool join = !m_runs.empty() && m_runs.back().value >= 0;
  if (!join) m_runs.push_back({r.first, 0, 0, static_cast<int64_t>(m_values.size())});
  for (int64_t k = 0; k < n; ++k) m_values.push_back(static_cast<double>(r.tick + k * r.step) * m_tick);
}

void FrameTimes::push(double start_s, double end_s) {
  m_end = std::max(m_end, end_s);
  const int64_t i = m_size++;
  // A whole number of ticks that gives back exactly this time?
  bool whole = false;
  int64_t tick = 0;
  if (m_tick > 0 && std::isfinite(start_s) && std::abs(start_s / m_tick) < 4e18) {
    tick = std::llround(start_s / m_tick);
    whole = static_cast<double>(tick) * m_tick == start_s;
  }
  if (!m_runs.empty() && m_runs.back().value < 0 && whole) {
    Run& r = m_runs.back();
    const int64_t n = i - r.first;  // frames the run holds before this one
    if (n == 1 && tick != r.tick) {
      r.step = tick - r.tick;
      return;
    }
    if (n > 1 && r.tick + n * r.step == tick) return;
  }
  // This frame starts a new run. A short regular run before it is cheaper as values.
  if (!m_runs.empty() && m_runs.back().value < 0 && count(m_runs.size() - 1) - 1 < kShortestRun) {
    --m_size;  // count() must not see this frame yet
    make_irregular_tail();
    ++m_size;
  }
  if (whole) {
    m_runs.push_back({i, tick, 0, -1});
    return;
  }
  if (m_runs.empty() || m_runs.back().value < 0)
    m_runs.push_back({i, 0, 0, static_cast<int64_t>(m_values.size())});
  m_values.push_back(start_s);
}

double FrameTimes::start(int64_t i) const {
  i = std::clamp<int64_t>(i, 0, std::max<int64_t>(0, m_size - 1));
  if (m_runs.empty()) return 0.0;
  auto it =
      std::upper_bound(m_runs.begin(), m_runs.end(), i, [](int64_t f, const Run& r) { return f < r.first; });
  const Run& r = *(it - 1);
  const int64_t k = i - r.first;
  if (r.value >= 0) return m_values[static_cast<size_t>(r.value + k)];
  return static_cast<double>(r.tick + k * r.step) * m_tick;
}

std::vector<double> FrameTimes::starts(int64_t a, int64_t b) const {
  std::vector<double> out;
  a = std::max<int64_t>(0, a);
  b = std::min(b, m_size);
  if (b > a) out.reserve(static_cast<size_t>(b - a));
  for (int64_t i = a; i < b; ++i) out.push_back(start(i));
  return out;
}

}  // namespace cranes::analysis
