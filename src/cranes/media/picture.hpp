// SPDX-License-Identifier: MIT
// Still pictures (JPEG, PNG, WebP, TIFF, ...: whatever FFmpeg decodes) read through the same decoder as the
// films, except JPEG, which libjpeg-turbo (already linked to write JPEG) decodes faster; no image library is
// loaded at start-up by a command that never touches a photo.
#pragma once

#include <filesystem>
#include <opencv2/core.hpp>

namespace cranes::media {

/// Which decoder reads a JPEG: libjpeg-turbo (the fastest), or FFmpeg's, as every other picture is read.
enum class JpegDecoder { Fastest, Ffmpeg };

/// The picture as full-size 8-bit BGR upright, as a viewer shows it: a rotation in the container and the EXIF
/// orientation tag of a photo (a phone's portrait JPEG is stored sideways) are applied. With `deep`, a
/// picture of more than 8 bits a sample (16-bit PNG or TIFF) comes as 16-bit BGR (CV_16UC3). Throws
/// cranes::Error naming the file when it holds no decodable picture. The two JPEG decoders agree to a few
/// levels (their chroma upsampling differs), not bit for bit.
cv::Mat read_picture(const std::filesystem::path& path, bool deep = false,
                     JpegDecoder jpeg = JpegDecoder::Fastest);

/// `picture` turned and mirrored as EXIF orientation `tag` (1..8) says it is to be viewed; other values leave
/// it as it is.
cv::Mat apply_exif_orientation(const cv::Mat& picture, int tag);

}  // namespace cranes::media
