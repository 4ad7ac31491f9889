// SPDX-License-Identifier: MIT
// Still pictures written as AVIF (libavif), JPEG and PNG (FFmpeg's encoders): each decodes back, through
// libavif and through ffprobe, at the size written and close to the picture; black and white goes out as one
// channel (AVIF 4:0:0); a failed write leaves no file.
#include "cranes/media/image_file.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "cranes/core/error.hpp"
#include "cranes/media/picture.hpp"
#include "support/tools.hpp"

namespace cranes::media {
namespace {

cv::Mat photo(int width) {
  cv::Mat p = read_picture(test::wallpaper("Path"));
  cv::resize(p, p, cv::Size(width, width * p.rows / p.cols / 2 * 2 + 1), 0, 0, cv::INTER_AREA);  // odd height
  return p;
}

double mean_abs_diff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat d;
  cv::absdiff(a, b, d);
  const cv::Scalar m = cv::mean(d);
  return (m[0] + m[1] + m[2]) / a.channels();
}

TEST(ImageFile, ColourAvifDecodesBackAt420) {
  test::ScratchDir dir;
  const cv::Mat p = photo(641);
  const auto file = dir / "still.avif";
  write_image(p, file);
  const AvifFacts f = read_avif_facts(file);
  EXPECT_EQ(f.width, p.cols);
  EXPECT_EQ(f.height, p.rows);
  EXPECT_EQ(f.depth, 8);
  EXPECT_EQ(f.yuv_format, "420");
  const cv::Mat back = read_avif(file);
  ASSERT_EQ(back.size(), p.size());
  EXPECT_LT(mean_abs_diff(back, p), 6.0);
  // ffprobe reads it too, at the same size.
  const auto r = test::run(
      "ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 " + test::q(file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find_first_of("\n,")), std::to_string(p.cols)) << r.out;
}

TEST(ImageFile, BlackAndWhiteIsMonochromeAvif) {
  test::ScratchDir dir;
  cv::Mat grey;
  cv::cvtColor(photo(480), grey, cv::COLOR_BGR2GRAY);
  cv::Mat bgr;
  cv::cvtColor(grey, bgr, cv::COLOR_GRAY2BGR);  // a black-and-white film as colour video
  ASSERT_TRUE(is_monochrome(bgr));
  EXPECT_FALSE(is_monochrome(photo(480)));
  ImageWriteOptions o;
  o.monochrome = true;
  const auto file = dir / "bw.avif";
  write_image(bgr, file, o);
  const AvifFacts f = read_avif_facts(file);
  EXPECT_EQ(f.yuv_format, "400");
  const cv::Mat back = read_avif(file);
  ASSERT_EQ(back.type(), CV_8UC1);
  EXPECT_LT(mean_abs_diff(back, grey), 5.0);
}

TEST(ImageFile, JpegAndPngDecodeBack) {
  test::ScratchDir dir;
  const cv::Mat p = photo(333);
  ImageWriteOptions fine;
  fine.quality = 90;
  write_image(p, dir / "a.jpg", fine);
  write_image(p, dir / "a.png");
  const cv::Mat jpg = read_picture(dir / "a.jpg"), png = read_picture(dir / "a.png");
  ASSERT_EQ(jpg.size(), p.size());
  ASSERT_EQ(png.size(), p.size());
  EXPECT_LT(mean_abs_diff(jpg, p), 4.0);
  EXPECT_EQ(cv::norm(png, p, cv::NORM_INF), 0.0);  // PNG is lossless
  ImageWriteOptions o;
  o.monochrome = true;
  write_image(p, dir / "g.png", o);
  const auto r =
      test::run("ffprobe -v error -show_entries stream=pix_fmt -of csv=p=0 " + test::q(dir / "g.png"));
  EXPECT_NE(r.out.find("gray"), std::string::npos) << r.out;
  write_image(p, dir / "g.jpg", o);
  const cv::Mat g = read_picture(dir / "g.jpg");
  EXPECT_TRUE(is_monochrome(g));
  // One channel in the file too, as for PNG.
  const auto rj =
      test::run("ffprobe -v error -show_entries stream=pix_fmt -of csv=p=0 " + test::q(dir / "g.jpg"));
  EXPECT_NE(rj.out.find("gray"), std::string::npos) << rj.out;
  // And a finer quality a bigger file.
  ImageWriteOptions coarse, finer;
  coarse.quality = 40;
  finer.quality = 95;
  EXPECT_LT(encode_image(p, ImageFormat::Jpeg, coarse).size(),
            encode_image(p, ImageFormat::Jpeg, finer).size());
}

TEST(ImageFile, BadNamesAndFailedWritesLeaveNothing) {
  test::ScratchDir dir;
  const cv::Mat p = photo(64);
  EXPECT_THROW(write_image(p, dir / "x.gif"), Error);
  EXPECT_THROW(write_image(cv::Mat(), dir / "x.png"), Error);
  EXPECT_THROW(write_image(p, dir / "missing" / "x.avif"), Error);
  EXPECT_TRUE(dir.list().empty());
  EXPECT_THROW(read_avif_facts(dir / "none.avif"), Error);
}

}  // namespace
}  // namespace cranes::media
