// SPDX-License-Identifier: MIT
// Still pictures written to disk: AVIF through libavif (OpenCV 4.6 cannot write it), JPEG through
// libjpeg-turbo, PNG and TIFF through FFmpeg's own encoders (already linked). Black-and-white pictures are
// written as one channel (AVIF 4:0:0, greyscale JPEG, PNG and TIFF), colour as 4:2:0 (AVIF 4:4:4 on request).
// Every file appears whole or not at all.
#pragma once

#include <filesystem>
#include <opencv2/core.hpp>
#include <string>
#include <string_view>

namespace cranes::media {

enum class ImageFormat { Avif, Jpeg, Png, Tiff };

/// The format named by `path`'s extension (.avif, .jpg/.jpeg, .png, .tif/.tiff, any case); throws
/// cranes::Error (Usage) naming the file for any other.
ImageFormat image_format_of(const std::filesystem::path& path);
/// "avif", "jpg", "png", "tif": the extension files of the format get.
std::string_view image_extension(ImageFormat format);
/// Parses "avif", "jpg"/"jpeg", "png" or "tif"/"tiff"; throws cranes::Error (Usage) otherwise.
ImageFormat parse_image_format(std::string_view name);
/// Whether files of `format` hold more than 8 bits a sample (PNG and TIFF 16, AVIF 12).
bool holds_deep_samples(ImageFormat format);

struct ImageWriteOptions {
  int quality = 70;  ///< 1..100 (AVIF: mapped to the quantizer; JPEG: libjpeg's quality; PNG: lossless)
  /// Write one channel (AVIF 4:0:0): the caller measured the picture to be black and white. A BGR picture is
  /// turned to grey first.
  bool monochrome = false;
  bool avif_444 = false;  ///< colour AVIF without chroma subsampling (larger files)
  int avif_speed = 10;    ///< libavif's encoder speed, 0 (slowest, smallest) .. 10: 10 is three times as fast
                          ///< as 8 for files 1 % larger
  int threads = 2;        ///< encoder threads
};

/// Encodes `picture` (BGR or grey, 8 or 16 bits: CV_8UC3, CV_8UC1, CV_16UC3, CV_16UC1) into the bytes of one
/// file of `format`. 16 bits are kept by PNG and TIFF, written as 12 by AVIF, and rounded to 8 for JPEG.
/// Throws cranes::Error (Encode) when the encoder refuses it.
std::string encode_image(const cv::Mat& picture, ImageFormat format, const ImageWriteOptions& options = {});

/// Encodes `picture` in the format of `path`'s extension and writes it atomically. Throws cranes::Error
/// naming `path`.
void write_image(const cv::Mat& picture, const std::filesystem::path& path,
                 const ImageWriteOptions& options = {});

/// Whether a BGR picture is black and white: its chroma (max - min of B, G, R per pixel) is near zero on
/// nearly every pixel, as on a black-and-white film transferred to colour video. A grey picture always is.
bool is_monochrome(const cv::Mat& picture);

/// What libavif reads back from an AVIF file, for checks: size, depth and whether it is 4:0:0 / 4:2:0 /
/// 4:4:4.
struct AvifFacts {
  int width = 0, height = 0, depth = 0;
  std::string yuv_format;  ///< "400", "420", "422", "444"
};
/// Throws cranes::Error (Decode) naming `path` when libavif cannot read it.
AvifFacts read_avif_facts(const std::filesystem::path& path);
/// Decodes an AVIF file to BGR (grey for 4:0:0) through libavif.
cv::Mat read_avif(const std::filesystem::path& path);

}  // namespace cranes::media
