// SPDX-License-Identifier: MIT
// Still pictures (JPEG, PNG, WebP, TIFF, ...: whatever FFmpeg decodes) read through the same decoder as the
// films, so that a command that never touches a photo does not load an image library at start-up.
#pragma once

#include <filesystem>
#include <opencv2/core.hpp>

namespace cranes::media {

/// The picture as full-size 8-bit BGR in display orientation (a rotation in the container is applied; EXIF
/// orientation tags of JPEG files are not). Throws cranes::Error naming the file when it holds no decodable
/// picture.
cv::Mat read_picture(const std::filesystem::path& path);

}  // namespace cranes::media
