// SPDX-License-Identifier: MIT
// Cinemetrics figures from shot lengths. Brisson's sections: each shot is spread over the sections its
// [start, end) interval overlaps, weighted by overlap / length, so the fractional counts of all sections sum
// to the shot count and a long take straddling a border lengthens the ASL of both sides
// (cinemetrics.lv/lab.php?ID=119).
#include "cranes/film/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cranes/core/quantile.hpp"

namespace cranes::film {

const std::vector<double>& histogram_edges_s() {
  static const std::vector<double> edges = {0,  1,  2,  3,  4,  5,  6,  7,   8,   9,
                                            10, 15, 20, 30, 45, 60, 90, 120, 180, 300};
  return edges;
}

namespace {

double clean_length(double s) {
  return std::isfinite(s) && s > 0 ? s : 0.0;
}

std::vector<Section> brisson_sections(const std::vector<Shot>& shots, int count) {
  std::vector<Section> out;
  if (count <= 0) return out;
  double begin = shots.front().start_s, end = shots.front().end_s;
  for (const auto& s : shots) {
    if (std::isfinite(s.start_s)) begin = std::min(begin, s.start_s);
    if (std::isfinite(s.end_s)) end = std::max(end, s.end_s);
  }
  const double span = end - begin;
  if (!(span > 0) || !std::isfinite(span)) return out;
  const double width = span / count;
  out.resize(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    out[i].start_s = begin + width * i;
    out[i].end_s = i + 1 == count ? end : begin + width * (i + 1);
  }
  auto section_of = [&](double t) {
    const double k = std::floor((t - begin) / width);
    return static_cast<int>(std::clamp(k, 0.0, static_cast<double>(count - 1)));
  };
  for (const auto& s : shots) {
    if (!std::isfinite(s.start_s) || !std::isfinite(s.end_s)) continue;
    const double a = s.start_s, b = s.end_s, len = b - a;
    if (!(len > 0)) {
      out[section_of(a)].shots += 1.0;
      continue;
    }
    const int first = section_of(a), last = section_of(b);
    double assigned = 0.0;
    for (int i = first; i <= last; ++i) {
      const double overlap = std::min(b, out[i].end_s) - std::max(a, out[i].start_s);
      if (overlap > 0) {
        out[i].shots += overlap / len;
        assigned += overlap / len;
      }
    }
    // Rounding at the borders must not lose part of a shot: the counts of all sections sum to the shot count.
    if (assigned > 0) out[last].shots += 1.0 - assigned;
  }
  for (auto& x : out) {
    if (x.shots < 1e-12) x.shots = 0.0;
    x.asl_s = x.shots > 0 ? (x.end_s - x.start_s) / x.shots : 0.0;
  }
  return out;
}

std::vector<HistogramBin> distribution(const std::vector<double>& lengths, double max_s) {
  const auto& e = histogram_edges_s();
  std::vector<HistogramBin> bins;
  for (size_t i = 0; i + 1 < e.size(); ++i) {
    bins.push_back({e[i], e[i + 1], 0});
    if (max_s < e[i + 1]) break;
  }
  if (max_s >= e.back()) bins.push_back({e.back(), std::floor(max_s) + 1.0, 0});
  for (double len : lengths) {
    auto it = std::upper_bound(bins.begin(), bins.end(), len,
                               [](double v, const HistogramBin& b) { return v < b.to_s; });
    if (it == bins.end()) --it;
    ++it->count;
  }
  return bins;
}

}  // namespace

Stats compute_stats(const std::vector<Shot>& shots, int sections, int longest) {
  Stats st;
  if (shots.empty()) return st;
  std::vector<double> lengths;
  lengths.reserve(shots.size());
  for (const auto& s : shots) lengths.push_back(clean_length(s.length_s));

  const double n = static_cast<double>(lengths.size());
  st.shots = static_cast<int>(lengths.size());
  st.length_s = std::accumulate(lengths.begin(), lengths.end(), 0.0);
  st.asl_s = st.length_s / n;
  st.msl_s = median(lengths);
  double ss = 0.0;
  for (double x : lengths) ss += (x - st.asl_s) * (x - st.asl_s);
  st.stdev_s = std::sqrt(ss / n);
  st.msl_asl = st.asl_s > 0 ? st.msl_s / st.asl_s : 0.0;
  st.cv = st.asl_s > 0 ? st.stdev_s / st.asl_s : 0.0;
  const auto [mn, mx] = std::minmax_element(lengths.begin(), lengths.end());
  st.min_s = *mn;
  st.max_s = *mx;

  std::vector<size_t> order(shots.size());
  std::iota(order.begin(), order.end(), size_t{0});
  const size_t keep = std::min(order.size(), static_cast<size_t>(std::max(longest, 0)));
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    [&](size_t a, size_t b) {
                      if (lengths[a] != lengths[b]) return lengths[a] > lengths[b];
                      return shots[a].index < shots[b].index;
                    });
  for (size_t k = 0; k < keep; ++k) {
    const Shot& s = shots[order[k]];
    st.longest.push_back({s.index, s.start_s, lengths[order[k]]});
  }

  st.sections = brisson_sections(shots, sections);
  st.distribution = distribution(lengths, st.max_s);
  return st;
}

}  // namespace cranes::film
