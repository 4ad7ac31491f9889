// SPDX-License-Identifier: MIT
// Still views of real photos with exact ground truth, for measuring still-picture analysis: a camera roll or
// pitch (the photo warped by a rotation about its centre, or H = K R_x K^-1, and cropped to the largest
// centred rectangle of its shape that the warp covers, so no border edge appears), or a person pasted at a
// known size.
#pragma once

#include <opencv2/core.hpp>

namespace cranes::synth {

/// `src` seen through homography `h` (source pixels to view pixels), cropped as above.
cv::Mat cropped_view(const cv::Mat& src, const cv::Matx33d& h);

/// What a camera rolled clockwise by `deg` sees (the content turns counter-clockwise: OpenCV's positive
/// rotation).
cv::Mat rolled_view(const cv::Mat& src, double deg);

/// What a camera pitched up by `deg` (> 0 looks up, content slides down) sees, the photo taken as shot with a
/// `source_hfov_deg` lens; `view_hfov_deg` gets the view's own field of view (the crop narrows it).
cv::Mat pitched_view(const cv::Mat& src, double deg, double source_hfov_deg, double& view_hfov_deg);

/// A `size` window at the centre of `src` resized to twice `size`, turned by `deg` about the centre (OpenCV's
/// positive rotation) and shifted left by `dx` pixels, reflected where it runs off: a frame pair with a known
/// similarity between them, for the frame-pair estimators.
cv::Mat turned_window(const cv::Mat& src, cv::Size size, double deg, double dx);

/// A picture of `size` showing `background` (resized to fill it) with `photo(crop)` pasted on top, scaled so
/// that `length` photo pixels (a face's height, a figure's head-to-feet height) become `fraction` of the
/// picture height, with the photo point `anchor` (face centre, feet) at `at` (fractions of the picture); the
/// frame clips it. Compositions with an exact shot scale.
cv::Mat composed_view(const cv::Mat& background, cv::Size size, const cv::Mat& photo, cv::Rect crop,
                      cv::Point2d anchor, double length, double fraction, cv::Point2d at);

}  // namespace cranes::synth
