// SPDX-License-Identifier: MIT
// Stills as files: named from the film and the timecode (cranes-are-flying_00-12-31.avif), scaled to a
// largest size, black and white written as one channel, each file atomic. The stills analyzer's sink and the
// commands that re-read frames (sheet, gallery) write through this.
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "cranes/film/film.hpp"
#include "cranes/media/image_file.hpp"

namespace cranes::film {

struct StillWriteOptions {
  media::ImageFormat format = media::ImageFormat::Avif;
  media::ImageWriteOptions image;
  int max_size = 1920;  ///< the longer side at most this many pixels (smaller pictures are kept); 0 = any
};

/// A frame as a still shows it: cropped to `area` (the active picture; an empty area keeps the whole frame)
/// and widened or narrowed to square pixels by the sample aspect ratio `sar`. Always its own pixels (a copy).
cv::Mat display_picture(const cv::Mat& frame, cv::Rect area, double sar);

/// The active picture of `film` (ActiveArea) as a rectangle, or an empty one when unknown or the whole frame.
cv::Rect active_rect(const Film& film);

/// Writes `picture` to `path` as a still: scaled down to options.max_size, black and white as one channel,
/// in the format of the path's extension, atomically. Returns the size written.
cv::Size write_still_picture(const cv::Mat& picture, const std::filesystem::path& path,
                             const StillWriteOptions& options);

/// `picture` as a still holds it: scaled down to options.max_size (a view of it when already small
/// enough); `image` gets the encoder options, monochrome set when the picture is black and white.
cv::Mat still_picture(const cv::Mat& picture, const StillWriteOptions& options,
                      media::ImageWriteOptions& image);

/// Encodes and writes pictures on two threads of its own (one encoder thread each: libavif's AV1 encoder
/// keeps two cores busier as two single-threaded encodes than as one with two threads), while the caller
/// goes on. At most a few pictures wait; `add` blocks beyond that, so memory stays bounded.
class StillEncoder {
 public:
  explicit StillEncoder(int threads = 2);
  ~StillEncoder();  ///< waits for the pictures in hand (their errors are lost: call finish to hear them)
  StillEncoder(const StillEncoder&) = delete;
  StillEncoder& operator=(const StillEncoder&) = delete;
  /// Queues `picture` (its own pixels: not changed after) to be written to `path` atomically.
  void add(cv::Mat picture, std::filesystem::path path, media::ImageWriteOptions options);
  /// Waits until every picture is written; throws the first error (cranes::Error naming its file).
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// The name stills of the film start with: its title tag, slugified, else the file's stem ("" never).
std::string film_slug(const media::VideoInfo& info);

/// "00-12-31": hours, minutes and seconds of `time_s`, for file names.
std::string name_timecode(double time_s);

class StillWriter {
 public:
  /// Stills go into `dir` (created when first needed), named `stem`_HH-MM-SS; recorded paths are relative
  /// to `relative_to` when they lie below it.
  StillWriter(std::filesystem::path dir, std::string stem, StillWriteOptions options,
              std::filesystem::path relative_to = {});

  /// Scales and writes `picture` (BGR or grey), and returns the record's path, width and height (frame,
  /// time and the rest as given). A second still in the same second gets "-2", "-3"... Throws cranes::Error
  /// naming the file when it cannot be written.
  Still write(const cv::Mat& picture, double time_s);

  /// Waits until every still handed to `write` is on disk; throws the first error.
  void finish();

  /// Removes every file written so far, and the directory when this writer created it: an analysis that
  /// fails leaves no stills behind.
  void discard();

 private:
  std::filesystem::path m_dir;
  std::string m_stem;
  StillWriteOptions m_options;
  std::filesystem::path m_relative_to;
  std::set<std::string> m_used;
  std::vector<std::filesystem::path> m_written;
  bool m_created_dir = false;
  StillEncoder m_encoder;
};

/// Removes the stills `film` records (paths relative to `relative_to`) and their directories when left
/// empty: for an analysis whose JSON could not be written.
void remove_still_files(const Film& film, const std::filesystem::path& relative_to);

}  // namespace cranes::film
