// SPDX-License-Identifier: MIT
// Fuzz target: probe and decode of arbitrary bytes, through the very calls `cranes analyze` makes (probe,
// then FrameSource with the grey and colour proxies, key-frame luma and a picture converted to full colour),
// on at most 24 frames an input; a JPEG is also read as a photo. The bytes go to a file in memory (/dev/shm
// when there is one) rather than through a custom AVIOContext, so that the checks a user's file meets
// (open_input's) are fuzzed too. Whatever the bytes, the result is frames or a cranes::Error: never another
// exception, a crash or a hang.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "cranes/core/error.hpp"
#include "cranes/media/frame_source.hpp"
#include "cranes/media/picture.hpp"
#include "cranes/media/probe.hpp"

namespace {

const std::filesystem::path& scratch() {
  static const std::filesystem::path path = [] {
    std::error_code ec;
    const std::filesystem::path dir =
        std::filesystem::is_directory("/dev/shm", ec) ? "/dev/shm" : std::filesystem::temp_directory_path();
    return dir / ("cranes-fuzz-decode-" + std::to_string(::getpid()) + ".bin");
  }();
  static const bool cleaned = [] {
    std::atexit([] { std::filesystem::remove(scratch()); });
    return true;
  }();
  (void)cleaned;
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  {
    std::ofstream out(scratch(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const cranes::media::VideoInfo info = cranes::media::probe(scratch());
    if (info.width <= 0 || info.height <= 0) std::abort();  // probe promises a picture size
    cranes::media::FrameSourceOptions o;
    o.grey_width = 64;
    o.colour_width = 32;
    o.keep_picture = true;
    o.luma_period_s = 0.2;
    o.threads = 1;
    cranes::media::FrameSource source(scratch(), o);
    cranes::media::Frame frame;
    for (int i = 0; i < 24 && source.next(frame); ++i) {
      if (frame.grey.empty() || frame.colour.empty()) std::abort();  // asked for, so always there
      if (i == 0 && frame.picture) {
        const cv::Mat& bgr = frame.picture->bgr();
        if (bgr.cols != source.info().width || bgr.rows != source.info().height) std::abort();
      }
    }
  } catch (const cranes::Error&) {
    // refused, with its message: fine
  }
  // A JPEG is also read as a photo is (libjpeg-turbo, and the EXIF orientation parsed from its APP1).
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
    try {
      if (cranes::media::read_picture(scratch()).empty()) std::abort();  // a picture or an error
    } catch (const cranes::Error&) {
    }
  }
  return 0;
}
