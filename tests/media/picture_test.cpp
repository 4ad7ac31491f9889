// SPDX-License-Identifier: MIT
// Still pictures read through FFmpeg: the same pixels as OpenCV's own image codecs (exactly for PNG, within
// the rounding of two JPEG decoders for a real photo), and a one-line error naming the file for what is no
// picture.
#include "cranes/media/picture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cranes/core/error.hpp"
#include "support/tools.hpp"

namespace cranes::media {
namespace {

TEST(Picture, PngComesBackExactly) {
  test::ScratchDir dir;
  cv::Mat img(37, 53, CV_8UC3);  // odd sizes on purpose
  cv::randu(img, 0, 256);
  const auto file = dir / "noise.png";
  ASSERT_TRUE(cv::imwrite(file.string(), img));
  const cv::Mat back = read_picture(file);
  ASSERT_EQ(back.size(), img.size());
  ASSERT_EQ(back.type(), CV_8UC3);
  EXPECT_EQ(cv::norm(back, img, cv::NORM_INF), 0.0);
}

// Both JPEG decoders (libjpeg-turbo, FFmpeg's) against OpenCV's reader.
constexpr JpegDecoder kDecoders[] = {JpegDecoder::Fastest, JpegDecoder::Ffmpeg};

TEST(Picture, RealJpegMatchesOpenCv) {
  const auto file = test::wallpaper("Autumn");
  const cv::Mat theirs = cv::imread(file.string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(theirs.empty());
  for (const JpegDecoder decoder : kDecoders) {
    SCOPED_TRACE(decoder == JpegDecoder::Fastest ? "libjpeg-turbo" : "FFmpeg");
    const cv::Mat ours = read_picture(file, false, decoder);
    ASSERT_EQ(ours.size(), theirs.size());
    ASSERT_EQ(ours.type(), CV_8UC3);
    cv::Mat diff;
    cv::absdiff(ours, theirs, diff);
    const cv::Scalar mean = cv::mean(diff);
    for (int c = 0; c < 3; ++c) EXPECT_LT(mean[c], 0.5) << "channel " << c;  // measured 0.05-0.10 (FFmpeg)
    EXPECT_LE(cv::norm(ours, theirs, cv::NORM_INF), 8.0);                    // measured 3 (FFmpeg)
  }
}

TEST(Picture, JpegIsRightToItsLastColumn) {
  // opencv-doc's building.jpg (4:2:0, 868 px wide): a fast colour converter once left its last 4 columns up
  // to 236 grey levels off.
  const std::filesystem::path file = "/usr/share/doc/opencv-doc/examples/data/building.jpg";
  const cv::Mat theirs = cv::imread(file.string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(theirs.empty());
  for (const JpegDecoder decoder : kDecoders) {
    SCOPED_TRACE(decoder == JpegDecoder::Fastest ? "libjpeg-turbo" : "FFmpeg");
    const cv::Mat ours = read_picture(file, false, decoder);
    ASSERT_EQ(ours.size(), theirs.size());
    cv::Mat g_ours, g_theirs;
    cv::cvtColor(ours, g_ours, cv::COLOR_BGR2GRAY);
    cv::cvtColor(theirs, g_theirs, cv::COLOR_BGR2GRAY);
    const cv::Rect right_edge(ours.cols - 8, 0, 8, ours.rows);
    EXPECT_LE(cv::norm(g_ours(right_edge), g_theirs(right_edge), cv::NORM_INF),
              16.0);  // measured 11 (colour)
    cv::Mat diff;
    cv::absdiff(g_ours, g_theirs, diff);
    EXPECT_LT(cv::mean(diff)[0], 0.5);
  }
}

// FFmpeg decodes a cut-short JPEG without a word, its missing rows grey: baseline and progressive JPEGs cut
// anywhere in their data are errors naming the file, and whole ones are read.
TEST(Picture, ATruncatedJpegIsAnError) {
  test::ScratchDir dir;
  const cv::Mat photo = cv::imread(test::wallpaper("Path").string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(photo.empty());
  cv::Mat small;
  cv::resize(photo, small, cv::Size(640, 400), 0, 0, cv::INTER_AREA);
  for (const int progressive : {0, 1}) {
    SCOPED_TRACE(progressive ? "progressive" : "baseline");
    const auto whole = dir / "whole.jpg", cut = dir / "cut.jpg";
    ASSERT_TRUE(cv::imwrite(whole.string(), small, {cv::IMWRITE_JPEG_PROGRESSIVE, progressive}));
    EXPECT_EQ(read_picture(whole).size(), small.size());
    const std::string bytes = test::read_text(whole);
    for (const double share : {0.3, 0.7, 0.99}) {
      std::ofstream(cut, std::ios::binary)
          .write(bytes.data(), static_cast<std::streamsize>(static_cast<double>(bytes.size()) * share));
      try {
        read_picture(cut);
        ADD_FAILURE() << "no error at " << share;
      } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("truncated JPEG"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(cut.string()), std::string::npos) << e.what();
      }
    }
  }
}

TEST(Picture, NotAPictureIsAnErrorNamingTheFile) {
  test::ScratchDir dir;
  const auto file = dir / "notes.jpg";
  std::ofstream(file) << "these are words, not a picture\n";
  try {
    read_picture(file);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_picture(dir / "missing.png"), Error);
}

}  // namespace
}  // namespace cranes::media

namespace cranes::media {
namespace {

// A JPEG as a phone writes a portrait photo: stored sideways (64x32, the white half first), with an EXIF
// APP1 segment whose Orientation tag (0x0112) says how to turn it for viewing.
std::string jpeg_with_orientation(const std::filesystem::path& dir, int tag) {
  const auto plain = dir / "plain.jpg";
  test::ffmpeg(
      "-f lavfi -i color=white:s=32x32 -f lavfi -i color=black:s=32x32 -filter_complex hstack "
      "-frames:v 1 " +
      test::q(plain));
  std::string bytes = test::read_text(plain);
  // Big-endian TIFF, one IFD entry: Orientation, SHORT, count 1, the value, then no next IFD.
  std::string app1(
      "\xFF\xE1\x00\x22"
      "Exif\0\0"
      "MM\x00\x2A\x00\x00\x00\x08"
      "\x00\x01"
      "\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00"
      "\x00\x00\x00\x00",
      36);
  app1[4 + 6 + 8 + 2 + 9] = static_cast<char>(tag);
  bytes.insert(2, app1);
  return bytes;
}

TEST(Picture, ThePhotosExifOrientationIsApplied) {
  test::ScratchDir dir;
  for (int tag : {1, 3, 6, 8}) {
    const auto path = dir / ("o" + std::to_string(tag) + ".jpg");
    std::ofstream(path, std::ios::binary) << jpeg_with_orientation(dir.path(), tag);
    for (const JpegDecoder decoder : {JpegDecoder::Fastest, JpegDecoder::Ffmpeg}) {
      SCOPED_TRACE(decoder == JpegDecoder::Fastest ? "libjpeg-turbo" : "FFmpeg");
      const cv::Mat p = read_picture(path, false, decoder);
      cv::Mat grey;
      cv::cvtColor(p, grey, cv::COLOR_BGR2GRAY);
      const bool portrait = tag == 6 || tag == 8;
      ASSERT_EQ(p.size(), portrait ? cv::Size(32, 64) : cv::Size(64, 32)) << "tag " << tag;
      // Where the stored picture's white half ends up: left (1), right (3), top (6), bottom (8).
      const cv::Rect white = tag == 1   ? cv::Rect(0, 0, 32, 32)
                             : tag == 3 ? cv::Rect(32, 0, 32, 32)
                             : tag == 6 ? cv::Rect(0, 0, 32, 32)
                                        : cv::Rect(0, 32, 32, 32);
      EXPECT_GT(cv::mean(grey(white))[0], 200) << "tag " << tag;
      EXPECT_LT(cv::mean(grey)[0], 160) << "tag " << tag << ": half of it is black";
    }
  }
}

// The plain 64x32 JPEG of jpeg_with_orientation with `app1` (a whole APP1 segment) after its start of image.
std::string jpeg_with_app1(const std::filesystem::path& dir, const std::string& app1) {
  std::string bytes = jpeg_with_orientation(dir, 1).substr(36 + 2);
  return std::string("\xFF\xD8", 2) + app1 + bytes;
}

// An APP1 segment holding `tiff` after the "Exif\0\0" header.
std::string app1_of(const std::string& tiff) {
  const size_t length = 2 + 6 + tiff.size();
  return std::string("\xFF\xE1", 2) + static_cast<char>(length >> 8) + static_cast<char>(length & 0xFF) +
         std::string("Exif\0\0", 6) + tiff;
}

TEST(Picture, ExifInEitherByteOrderAndBrokenExifIsIgnored) {
  test::ScratchDir dir;
  const auto path = dir / "p.jpg";
  auto size_of = [&](const std::string& app1) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << jpeg_with_app1(dir.path(), app1);
    return read_picture(path).size();
  };
  // Little-endian ("II"), Orientation 6: a quarter turn clockwise.
  EXPECT_EQ(size_of(app1_of(std::string("II\x2A\x00\x08\x00\x00\x00"
                                        "\x01\x00"
                                        "\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00"
                                        "\x00\x00\x00\x00",
                                        26))),
            cv::Size(32, 64));
  // Broken EXIF: the picture is read as stored. The first IFD past the segment's end; an IFD claiming 65535
  // entries in a segment that holds one; an orientation of 9; not a TIFF header at all.
  EXPECT_EQ(size_of(app1_of(std::string("MM\x00\x2A\xFF\xFF\xFF\xF0", 8))), cv::Size(64, 32));
  EXPECT_EQ(size_of(app1_of(std::string("MM\x00\x2A\x00\x00\x00\x08\xFF\xFF"
                                        "\x01\x00\x00\x03\x00\x00\x00\x01\x00\x40\x00\x00",
                                        22))),
            cv::Size(64, 32));
  EXPECT_EQ(size_of(app1_of(std::string("MM\x00\x2A\x00\x00\x00\x08\x00\x01"
                                        "\x01\x12\x00\x03\x00\x00\x00\x01\x00\x09\x00\x00",
                                        22))),
            cv::Size(64, 32));
  EXPECT_EQ(size_of(app1_of("not a TIFF header")), cv::Size(64, 32));
}

// A few hundred bytes whose frame header claims 30000x30000 (900 megapixels, 2.7 GB decoded): a one-line
// error naming the file, not an allocation of that size.
TEST(Picture, AJpegClaimingAHugeSizeIsAnError) {
  test::ScratchDir dir;
  std::string bytes = jpeg_with_orientation(dir.path(), 1);
  const size_t sof = bytes.find("\xFF\xC0", 2);
  ASSERT_NE(sof, std::string::npos);
  for (const size_t at : {sof + 5, sof + 7}) {  // height, then width: 30000 = 0x7530
    bytes[at] = '\x75';
    bytes[at + 1] = '\x30';
  }
  const auto path = dir / "huge.jpg";
  std::ofstream(path, std::ios::binary) << bytes;
  try {
    const cv::Mat m = read_picture(path);
    ADD_FAILURE() << "read as " << m.cols << "x" << m.rows;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
}

TEST(Picture, EveryExifOrientationTurnsAsTheStandardSays) {
  // A 2x3 picture of distinct values, and where its first row and column go (EXIF 2.3, tag 0x0112).
  const cv::Mat a = (cv::Mat_<uint8_t>(2, 3) << 1, 2, 3, 4, 5, 6);
  auto as_vec = [](const cv::Mat& m) { return std::vector<uint8_t>(m.begin<uint8_t>(), m.end<uint8_t>()); };
  EXPECT_EQ(as_vec(apply_exif_orientation(a, 1)), (std::vector<uint8_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(as_vec(apply_exif_orientation(a, 2)), (std::vector<uint8_t>{3, 2, 1, 6, 5, 4}));
  EXPECT_EQ(as_vec(apply_exif_orientation(a, 3)), (std::vector<uint8_t>{6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(as_vec(apply_exif_orientation(a, 4)), (std::vector<uint8_t>{4, 5, 6, 1, 2, 3}));
  EXPECT_EQ(as_vec(apply_exif_orientation(a, 5)), (std::vector<uint8_t>{1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(as_vec(apply_exif_orientation(a, 6)), (std::vector<uint8_t>{4, 1, 5, 2, 6, 3}));
  EXPECT_EQ(as_vec(apply_exif_orientation(a, 7)), (std::vector<uint8_t>{6, 3, 5, 2, 4, 1}));
  EXPECT_EQ(as_vec(apply_exif_orientation(a, 8)), (std::vector<uint8_t>{3, 6, 2, 5, 1, 4}));
  EXPECT_EQ(apply_exif_orientation(a, 6).size(), cv::Size(2, 3));
}

}  // namespace
}  // namespace cranes::media
