// SPDX-License-Identifier: MIT
#include "cranes/media/picture.hpp"

#include <opencv2/core.hpp>

#include "cranes/core/error.hpp"
#include "cranes/media/frame_source.hpp"

namespace cranes::media {

cv::Mat read_picture(const std::filesystem::path& path, bool deep) {
  FrameSourceOptions options;
  options.grey_width = 0;
  options.full_frame = true;
  options.full_frame_deep = deep;
  options.threads = 1;  // one picture: no frames to overlap
  FrameSource source(path, options);
  Frame frame;
  if (!source.next(frame) || frame.full.empty())
    throw Error(path.string(), "no picture could be decoded", Error::Kind::Decode);
  return apply_exif_orientation(frame.full, frame.exif_orientation);
}

cv::Mat apply_exif_orientation(const cv::Mat& picture, int tag) {
  // EXIF 2.3, tag 0x0112: where the stored picture's first row and column are to be seen.
  cv::Mat out;
  switch (tag) {
    case 2:
      cv::flip(picture, out, 1);
      break;  // mirrored left-right
    case 3:
      cv::rotate(picture, out, cv::ROTATE_180);
      break;  // upside down
    case 4:
      cv::flip(picture, out, 0);
      break;  // mirrored top-bottom
    case 5:
      cv::transpose(picture, out);
      break;  // mirrored, a quarter turn
    case 6:
      cv::rotate(picture, out, cv::ROTATE_90_CLOCKWISE);
      break;  // a quarter turn clockwise
    case 7:
      cv::flip(picture.t(), out, -1);
      break;  // mirrored, the other quarter
    case 8:
      cv::rotate(picture, out, cv::ROTATE_90_COUNTERCLOCKWISE);
      break;  // a quarter turn back
    default:
      return picture;
  }
  return out;
}

}  // namespace cranes::media
