// SPDX-License-Identifier: MIT
// Active picture: per frame, the number of black lines at each edge (a line is black while almost none of its
// sub-sampled pixels is above kBlackLevel) and whether a sharp picture edge follows them. A bar is the run of
// lines black in every frame, kept only when enough frames show the picture starting right after it: a dark
// scene's black edge moves or fades out gradually, a bar's does not.
#include "cranes/analysis/active_picture.hpp"

#include <algorithm>
#include <cmath>

namespace cranes::analysis {
namespace {

struct Named {
  const char* name;
  double aspect;
};
constexpr Named kNames[] = {{"1.33", 4.0 / 3.0},  {"1.37", 1.375}, {"1.66", 1.66},
                            {"1.78", 16.0 / 9.0}, {"1.85", 1.85},  {"2.00", 2.0},
                            {"2.20", 2.2},        {"2.35", 2.35},  {"2.39", 2.39}};

// About 256 samples along a line are plenty to tell black from picture and keep an add() well under 1 ms at
// 1080p.
int sample_step(int length) {
  return std::max(1, length / 256);
}

// Leading black lines: `count[i]` bright samples of `samples` on the i-th line from the edge, lines [0,
// band).
int black_extent(const int* count, int band, int samples) {
  const int allowed = static_cast<int>(ActivePicture::kBarMaxBright * samples);
  int e = 0;
  while (e < band && count[e] <= allowed) ++e;
  return e;
}

// A sharp picture edge within a line or two after the black run (compression smears an edge over one or two
// lines): enough bright samples there, and most of the rise in brightness from the last black line to the
// picture a few lines further in happens at once. A dark scene's black sky fades into the picture over many
// lines.
bool picture_edge(const int* bright, const int* sum, int start, int lines, int samples) {
  if (start <= 0 || start + 1 >= lines || samples <= 0) return false;
  const int needed = std::max(1, static_cast<int>(std::ceil(ActivePicture::kEdgeMinBright * samples)));
  bool enough = false;
  for (int i = start; i < std::min(start + 3, lines); ++i) enough |= bright[i] >= needed;
  if (!enough) return false;
  const double base = sum[start - 1];
  const double near = std::max(sum[start], sum[start + 1]) - base;
  const double far = sum[std::min(start + 8, lines - 1)] - base;
  return near >= ActivePicture::kEdgeSharpness * far;
}

}  // namespace

void ActivePicture::reset(cv::Size size) {
  m_size = size;
  m_frames = 0;
  m_content_frames = 0;
  const int band_rows = static_cast<int>(size.height * kMaxBarFraction);
  const int band_cols = static_cast<int>(size.width * kMaxBarFraction);
  for (int s = 0; s < 4; ++s) {
    const int band = s < 2 ? band_rows : band_cols;
    m_sides[s].min_extent = band;
    m_sides[s].edge_frames.assign(band + 1, 0);
  }
}

void ActivePicture::add(const cv::Mat& luma) {
  if (luma.empty() || luma.type() != CV_8UC1) return;
  if (luma.size() != m_size) reset(luma.size());
  ++m_frames;
  const int W = luma.cols, H = luma.rows;
  const int band_rows = static_cast<int>(H * kMaxBarFraction);
  const int band_cols = static_cast<int>(W * kMaxBarFraction);
  // Lines [0, n) from each edge are measured: the band plus the lines where an edge after a full band may
  // lie.
  const int n_rows = std::min(H, band_rows + 10), n_cols = std::min(W, band_cols + 10);
  const int sx = sample_step(W), sy = sample_step(H);
  const int mid_x0 = W / 4, mid_x1 = W - W / 4, mid_y0 = H / 4, mid_y1 = H - H / 4;

  // Rows: bright samples across the whole width (bar test) and across the middle half (edge test, clear of
  // pillarbox bars). Index i counts from the top edge for the top side, from the bottom edge for the bottom
  // one.
  m_count_rows.assign(2 * n_rows, 0);
  m_edge_rows.assign(2 * n_rows, 0);
  m_sum_rows.assign(2 * n_rows, 0);
  int row_samples = 0, row_mid_samples = 0;
  for (int x = sx / 2; x < W; x += sx) {
    ++row_samples;
    row_mid_samples += x >= mid_x0 && x < mid_x1;
  }
  for (int side = 0; side < 2; ++side) {
    for (int i = 0; i < n_rows; ++i) {
      const uint8_t* p = luma.ptr<uint8_t>(side == 0 ? i : H - 1 - i);
      int all = 0, mid = 0, sum = 0;
      for (int x = sx / 2; x < W; x += sx) {
        const int bright = p[x] > kBlackLevel;
        const int in_mid = (x >= mid_x0) & (x < mid_x1);
        all += bright;
        mid += bright & in_mid;
        sum += p[x] * in_mid;
      }
      m_count_rows[side * n_rows + i] = all;
      m_edge_rows[side * n_rows + i] = mid;
      m_sum_rows[side * n_rows + i] = sum;
    }
  }
  // Columns: walk the sampled rows once, row-major, counting into the left and right bands.
  m_count_cols.assign(2 * n_cols, 0);
  m_edge_cols.assign(2 * n_cols, 0);
  m_sum_cols.assign(2 * n_cols, 0);
  int col_samples = 0, col_mid_samples = 0;
  for (int y = sy / 2; y < H; y += sy) {
    ++col_samples;
    const bool mid = y >= mid_y0 && y < mid_y1;
    col_mid_samples += mid;
    const uint8_t* p = luma.ptr<uint8_t>(y);
    for (int i = 0; i < n_cols; ++i) {
      const int l = p[i] > kBlackLevel, r = p[W - 1 - i] > kBlackLevel;
      m_count_cols[i] += l;
      m_count_cols[n_cols + i] += r;
      if (mid) {
        m_edge_cols[i] += l;
        m_edge_cols[n_cols + i] += r;
        m_sum_cols[i] += p[i];
        m_sum_cols[n_cols + i] += p[W - 1 - i];
      }
    }
  }

  bool content = false;
  for (int s = 0; s < 4; ++s) {
    const bool rows = s < 2;
    const int n = rows ? n_rows : n_cols, band = rows ? band_rows : band_cols;
    const int off = (s % 2) * n;
    const int* count = (rows ? m_count_rows.data() : m_count_cols.data()) + off;
    const int* edge = (rows ? m_edge_rows.data() : m_edge_cols.data()) + off;
    const int* sum = (rows ? m_sum_rows.data() : m_sum_cols.data()) + off;
    const int e = black_extent(count, band, rows ? row_samples : col_samples);
    SideState& st = m_sides[s];
    st.min_extent = std::min(st.min_extent, e);
    if (e < band) {
      content = true;
      if (picture_edge(edge, sum, e, n, rows ? row_mid_samples : col_mid_samples)) ++st.edge_frames[e];
    }
  }
  m_content_frames += content;
}

int ActivePicture::bar(const SideState& s) const {
  const int band = static_cast<int>(s.edge_frames.size()) - 1;
  const int b = s.min_extent;
  if (b <= 0 || b >= band) return 0;
  // The edge frames within a few lines of the always-black run: compression noise in one frame may shorten
  // the run by a line or two, so the bar is where most frames put its edge, not the shortest run.
  int support = 0, best = b;
  for (int e = b; e <= std::min(band - 1, b + 4); ++e) {
    support += s.edge_frames[e];
    if (s.edge_frames[e] > s.edge_frames[best]) best = e;
  }
  const int needed = std::max(kMinEdgeFrames, static_cast<int>(std::ceil(kMinEdgeShare * m_content_frames)));
  return support >= needed ? best : 0;
}

ActivePicture::Result ActivePicture::result(double sample_aspect_ratio) const {
  Result r;
  r.frames = m_frames;
  r.area = cv::Rect(0, 0, m_size.width, m_size.height);
  r.known = m_content_frames >= kMinEdgeFrames;
  if (r.known) {
    const int top = bar(m_sides[Top]), bottom = bar(m_sides[Bottom]);
    const int left = bar(m_sides[Left]), right = bar(m_sides[Right]);
    const int w = m_size.width - left - right, h = m_size.height - top - bottom;
    if (w > 0 && h > 0) {
      r.area = cv::Rect(left, top, w, h);
      r.letterbox = std::min(top, bottom) >= kMinBarFraction * m_size.height;
      r.pillarbox = std::min(left, right) >= kMinBarFraction * m_size.width;
    }
  }
  if (r.area.height > 0 && r.area.width > 0) {
    r.aspect = r.area.width * (sample_aspect_ratio > 0 ? sample_aspect_ratio : 1.0) / r.area.height;
    double best = kNameTolerance;
    for (const auto& n : kNames) {
      const double d = std::abs(r.aspect / n.aspect - 1.0);
      if (d <= best) {
        best = d;
        r.name = n.name;
      }
    }
  }
  return r;
}

cv::Rect ActivePicture::current() const {
  return result().area;
}

}  // namespace cranes::analysis
