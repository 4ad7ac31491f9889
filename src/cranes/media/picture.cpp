// SPDX-License-Identifier: MIT
#include "cranes/media/picture.hpp"

#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <string>

// libjpeg needs stdio.h (FILE) before it.
#include <jpeglib.h>

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

// The Orientation tag (0x0112) of an APP1 segment's EXIF data ("Exif\0\0", then a TIFF header and its first
// IFD), or 0 where there is none; every offset is checked against the segment's length.
int exif_orientation(const unsigned char* p, size_t n) {
  if (n < 14 || std::memcmp(p, "Exif\0\0", 6) != 0) return 0;
  p += 6;
  n -= 6;
  const bool little = p[0] == 'I' && p[1] == 'I';
  if (!little && !(p[0] == 'M' && p[1] == 'M')) return 0;
  auto u16 = [&](size_t at) -> uint32_t {
    return little ? p[at] | (p[at + 1] << 8) : (p[at] << 8) | p[at + 1];
  };
  auto u32 = [&](size_t at) -> uint32_t {
    return little ? u16(at) | (u16(at + 2) << 16) : (u16(at) << 16) | u16(at + 2);
  };
  if (u16(2) != 42) return 0;
  const size_t ifd = u32(4);
  if (ifd > n - 2) return 0;
  const size_t entries = u16(ifd);
  for (size_t i = 0; i < entries; ++i) {
    const size_t e = ifd + 2 + 12 * i;
    if (e > n - 12) break;
    if (u16(e) == 0x0112 && u16(e + 2) == 3 /* SHORT */) {
      const uint32_t v = u16(e + 8);
      return v >= 1 && v <= 8 ? static_cast<int>(v) : 0;
    }
  }
  return 0;
}

// Everything the decoding touches lives here, so that a jump back from libjpeg's error finds it as it was.
struct JpegDecode {
  jpeg_decompress_struct d{};
  jpeg_error_mgr mgr{};
  std::jmp_buf back{};
  cv::Mat picture;
  int orientation = 0;
};

// Decodes a JPEG held in memory through libjpeg-turbo (its SIMD decoder straight into BGR: about 40 % less
// time than FFmpeg's decoder and a colour conversion for a 24-megapixel photo). False where libjpeg cannot
// (a CMYK or 12-bit JPEG, one past 134 megapixels, or one it finds broken): FFmpeg then has its turn.
bool decode_jpeg(const std::string& bytes, JpegDecode* s) {
  s->d.err = jpeg_std_error(&s->mgr);
  s->d.client_data = s;
  s->mgr.error_exit = [](j_common_ptr info) {
    std::longjmp(static_cast<JpegDecode*>(info->client_data)->back, 1);
  };
  s->mgr.emit_message = [](j_common_ptr, int) {};  // warnings: corrupt data decodes as FFmpeg's would
  if (setjmp(s->back)) {
    jpeg_destroy_decompress(&s->d);
    return false;
  }
  jpeg_create_decompress(&s->d);
  jpeg_mem_src(&s->d, reinterpret_cast<const unsigned char*>(bytes.data()),
               static_cast<unsigned long>(bytes.size()));
  jpeg_save_markers(&s->d, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&s->d, TRUE);
  for (jpeg_saved_marker_ptr m = s->d.marker_list; m && !s->orientation; m = m->next)
    s->orientation = exif_orientation(m->data, m->data_length);
  const J_COLOR_SPACE in = s->d.jpeg_color_space;
  // A picture past 134 megapixels (2^27) is left to FFmpeg too, with its own limits: a few hundred bytes of
  // header can claim 65535x65535.
  const uint64_t pixels = static_cast<uint64_t>(s->d.image_width) * s->d.image_height;
  if ((in != JCS_YCbCr && in != JCS_GRAYSCALE && in != JCS_RGB) || pixels > (uint64_t{1} << 27)) {
    jpeg_destroy_decompress(&s->d);
    return false;
  }
  s->d.out_color_space = JCS_EXT_BGR;
  jpeg_start_decompress(&s->d);
  s->picture.create(static_cast<int>(s->d.output_height), static_cast<int>(s->d.output_width), CV_8UC3);
  while (s->d.output_scanline < s->d.output_height) {
    JSAMPROW row = s->picture.ptr(static_cast<int>(s->d.output_scanline));
    jpeg_read_scanlines(&s->d, &row, 1);
  }
  jpeg_finish_decompress(&s->d);
  jpeg_destroy_decompress(&s->d);
  return true;
}

}  // namespace

cv::Mat read_picture(const std::filesystem::path& path, bool deep, JpegDecoder jpeg) {
  // A JPEG is read whole: checked for its end-of-image marker, then decoded by libjpeg-turbo.
  {
    std::ifstream f(path, std::ios::binary);
    char magic[3] = {};
    if (f.read(magic, 3) && magic[0] == '\xFF' && magic[1] == '\xD8' && magic[2] == '\xFF') {
      f.seekg(0);
      const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      if (!jpeg_complete(bytes))
        throw Error(path.string(), "a truncated JPEG: it ends before its end-of-image marker",
                    Error::Kind::Decode);
      auto state = std::make_unique<JpegDecode>();
      if (jpeg == JpegDecoder::Fastest && decode_jpeg(bytes, state.get()))
        return apply_exif_orientation(state->picture, state->orientation);
    }
  }
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
