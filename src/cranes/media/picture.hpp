// SPDX-License-Identifier: MIT
// Still pictures (JPEG, PNG, WebP, TIFF, ...: whatever FFmpeg decodes) read through the same decoder as the
// films, so that a command that never touches a photo does not load an image library at start-up.
#pragma once

#include <filesystem>
#include <opencv2/core.hpp>

namespace cranes::media {

/// The picture as full-size 8-bit BGR upright, as a viewer shows it: a rotation in the container and the EXIF
/// orientation tag of a photo (a phone's portrait JPEG is stored sideways) are applied. With `deep`, a
/// picture of more than 8 bits a sample (16-bit PNG or TIFF) comes as 16-bit BGR (CV_16UC3). Throws
/// cranes::Error naming the file when it holds no decodable picture.
cv::Mat read_picture(const std::filesystem::path& path, bool deep = false);

/// `picture` turned and mirrored as EXIF orientation `tag` (1..8) says it is to be viewed; other values leave
/// it as it is.
cv::Mat apply_exif_orientation(const cv::Mat& picture, int tag);

}  // namespace cranes::media
