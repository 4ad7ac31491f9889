// SPDX-License-Identifier: MIT
#include "cranes/synth/views.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace cranes::synth {

cv::Mat cropped_view(const cv::Mat& src, const cv::Matx33d& h) {
  cv::Mat warped;
  cv::warpPerspective(src, warped, cv::Mat(h), src.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
  std::vector<cv::Point2f> corners = {{0, 0},
                                      {float(src.cols), 0},
                                      {float(src.cols), float(src.rows)},
                                      {0, float(src.rows)}},
                           quad;
  cv::perspectiveTransform(corners, quad, cv::Mat(h));
  // The largest centred scale of the frame whose four corners all lie inside the warped picture, by
  // bisection.
  const double cx = 0.5 * src.cols, cy = 0.5 * src.rows;
  double lo = 0, hi = 1;
  for (int i = 0; i < 30; ++i) {
    const double s = 0.5 * (lo + hi);
    bool inside = true;
    for (int sx : {-1, 1})
      for (int sy : {-1, 1})
        inside =
            inside && cv::pointPolygonTest(
                          quad, cv::Point2f(float(cx + sx * s * cx), float(cy + sy * s * cy)), false) > 0;
    (inside ? lo : hi) = s;
  }
  // Two pixels in from each edge, so interpolation with the black border leaves no line.
  const int w = std::max(8, static_cast<int>(2 * lo * cx) - 4),
            hgt = std::max(8, static_cast<int>(2 * lo * cy) - 4);
  return warped(cv::Rect(int(cx - w / 2), int(cy - hgt / 2), w, hgt)).clone();
}

cv::Mat rolled_view(const cv::Mat& src, double deg) {
  const cv::Mat r = cv::getRotationMatrix2D(cv::Point2f(0.5f * src.cols, 0.5f * src.rows), deg, 1.0);
  cv::Matx33d h = cv::Matx33d::eye();
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) h(i, j) = r.at<double>(i, j);
  return cropped_view(src, h);
}

cv::Mat turned_window(const cv::Mat& src, cv::Size size, double deg, double dx) {
  cv::Mat twice;
  cv::resize(src, twice, cv::Size(2 * size.width, 2 * size.height), 0, 0, cv::INTER_AREA);
  cv::Matx23d m = cv::getRotationMatrix2D(
      cv::Point2f(static_cast<float>(size.width), static_cast<float>(size.height)), deg, 1.0);
  m(0, 2) += -0.5 * size.width - dx;
  m(1, 2) += -0.5 * size.height;
  cv::Mat out;
  cv::warpAffine(twice, out, m, size, cv::INTER_LINEAR, cv::BORDER_REFLECT);
  return out;
}

cv::Mat pitched_view(const cv::Mat& src, double deg, double source_hfov_deg, double& view_hfov_deg) {
  const double f = 0.5 * src.cols / std::tan(0.5 * source_hfov_deg * CV_PI / 180), t = deg * CV_PI / 180;
  const cv::Matx33d k(f, 0, 0.5 * src.cols, 0, f, 0.5 * src.rows, 0, 0, 1);
  // Columns: the new camera's axes in the old camera's frame; points map by the transpose.
  const cv::Matx33d r(1, 0, 0, 0, std::cos(t), -std::sin(t), 0, std::sin(t), std::cos(t));
  const cv::Mat v = cropped_view(src, k * r.t() * k.inv());
  view_hfov_deg = 2 * std::atan(0.5 * v.cols / f) * 180 / CV_PI;
  return v;
}

cv::Mat composed_view(const cv::Mat& background, cv::Size size, const cv::Mat& photo, cv::Rect crop,
                      cv::Point2d anchor, double length, double fraction, cv::Point2d at) {
  cv::Mat pic;
  cv::resize(background, pic, size, 0, 0, cv::INTER_AREA);
  if (photo.empty()) return pic;
  const double s = fraction * size.height / length;
  cv::Mat patch;
  cv::resize(photo(crop), patch, cv::Size(), s, s, s < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  const cv::Point origin(static_cast<int>(std::lround(at.x * size.width - (anchor.x - crop.x) * s)),
                         static_cast<int>(std::lround(at.y * size.height - (anchor.y - crop.y) * s)));
  const cv::Rect dst = cv::Rect(origin, patch.size()) & cv::Rect({}, size);
  if (dst.area() > 0) patch(dst - origin).copyTo(pic(dst));
  return pic;
}

}  // namespace cranes::synth
