// SPDX-License-Identifier: MIT
#include "cranes/media/frame_reader.hpp"

#include <algorithm>

#include "cranes/core/error.hpp"
#include "cranes/media/frame_source.hpp"

namespace cranes::media {

void read_frames(const std::filesystem::path& path, std::vector<int64_t> frames,
                 const std::function<void(int64_t, const cv::Mat&)>& take,
                 const std::function<void(double)>& progress) {
  std::sort(frames.begin(), frames.end());
  frames.erase(std::unique(frames.begin(), frames.end()), frames.end());
  if (frames.empty()) return;
  FrameSourceOptions o;
  o.grey_width = 0;
  o.keep_picture = true;
  FrameSource source(path, o);
  Frame f;
  size_t next = 0;
  while (next < frames.size() && source.next(f)) {
    if (f.index == frames[next]) {
      take(f.index, f.picture->bgr());
      ++next;
      if (progress) progress(static_cast<double>(next) / static_cast<double>(frames.size()));
    }
  }
  if (next < frames.size())
    throw Error(path.string(),
                "ends at frame " + std::to_string(source.frames_decoded()) + ", before frame " +
                    std::to_string(frames[next]) + " of the analysis (is it the film that was analysed?)",
                Error::Kind::Decode);
}

}  // namespace cranes::media
