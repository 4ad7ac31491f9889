// SPDX-License-Identifier: MIT
#include "cranes/media/picture.hpp"

#include <fstream>
#include <iterator>
#include <opencv2/core.hpp>
#include <string>

#include "cranes/core/error.hpp"
#include "cranes/media/frame_source.hpp"

namespace cranes::media {

namespace {

// Whether a JPEG's bytes run to its end-of-image marker. FFmpeg decodes a cut-short JPEG without complaint,
// its missing rows left grey: the segments are walked from the start of image (a thumbnail inside APP1 is
// skipped whole with its segment), then each scan's entropy-coded data (where 0xFF is followed by 0x00 or a
// restart marker) up to the marker after it, until EOI. Anything not a JPEG passes.
bool jpeg_complete(const std::string& b) {
  const auto at = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
  if (b.size() < 3 || at(0) != 0xFF || at(1) != 0xD8 || at(2) != 0xFF) return true;
  size_t i = 2;
  while (i + 1 < b.size()) {
    if (at(i) != 0xFF) return false;  // lost: not where a marker must be
    const unsigned char m = at(i + 1);
    if (m == 0xFF) {  // fill bytes before a marker
      ++i;
      continue;
    }
    if (m == 0xD9) return true;                   // EOI
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {  // markers without a length
      i += 2;
      continue;
    }
    if (i + 3 >= b.size()) return false;
    const size_t length = (static_cast<size_t>(at(i + 2)) << 8) | at(i + 3);
    i += 2 + length;
    if (m != 0xDA) continue;  // SOS: entropy-coded data follows, up to the next marker that is not RSTn
    while (i + 1 < b.size()) {
      if (at(i) == 0xFF && at(i + 1) != 0x00 && !(at(i + 1) >= 0xD0 && at(i + 1) <= 0xD7)) break;
      ++i;
    }
  }
  return false;
}

}  // namespace

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
  // Only a JPEG is read a second time, for its end-of-image marker (a 16-bit TIFF can be hundreds of MB).
  std::ifstream f(path, std::ios::binary);
  char magic[3] = {};
  if (f.read(magic, 3) && magic[0] == '\xFF' && magic[1] == '\xD8' && magic[2] == '\xFF') {
    f.seekg(0);
    const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (!jpeg_complete(bytes))
      throw Error(path.string(), "a truncated JPEG: it ends before its end-of-image marker",
                  Error::Kind::Decode);
  }
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
