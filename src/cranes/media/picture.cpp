// SPDX-License-Identifier: MIT
#include "cranes/media/picture.hpp"

#include "cranes/core/error.hpp"
#include "cranes/media/frame_source.hpp"

namespace cranes::media {

cv::Mat read_picture(const std::filesystem::path& path) {
  FrameSourceOptions options;
  options.grey_width = 0;
  options.full_frame = true;
  options.threads = 1;  // one picture: no frames to overlap
  FrameSource source(path, options);
  Frame frame;
  if (!source.next(frame) || frame.full.empty())
    throw Error(path.string(), "no picture could be decoded", Error::Kind::Decode);
  return frame.full;
}

}  // namespace cranes::media
