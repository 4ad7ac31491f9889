// SPDX-License-Identifier: MIT
#include "cranes/media/image_file.hpp"

#include <avif/avif.h>

#include <algorithm>
#include <cctype>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <opencv2/imgproc.hpp>

// libjpeg needs stdio.h (FILE) before it.
#include <jpeglib.h>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/media/av_util.hpp"

namespace cranes::media {

namespace {

struct AvifImageFreer {
  void operator()(avifImage* i) const { avifImageDestroy(i); }
};
struct AvifEncoderFreer {
  void operator()(avifEncoder* e) const { avifEncoderDestroy(e); }
};
struct AvifDecoderFreer {
  void operator()(avifDecoder* d) const { avifDecoderDestroy(d); }
};
using AvifImagePtr = std::unique_ptr<avifImage, AvifImageFreer>;

void check_avif(avifResult r, const char* what) {
  if (r != AVIF_RESULT_OK)
    throw Error("AVIF", std::string(what) + ": " + avifResultToString(r), Error::Kind::Encode);
}

cv::Mat grey_of(const cv::Mat& picture) {
  if (picture.channels() == 1) return picture;
  cv::Mat grey;
  cv::cvtColor(picture, grey, cv::COLOR_BGR2GRAY);
  return grey;
}

// libavif before 1.0 has no quality setting: quality 100 is quantizer 0 (best), 1 is 63, as libavif 1.x maps
// it.
int quantizer_of(int quality) {
  quality = std::clamp(quality, 1, 100);
  return ((100 - quality) * 63 + 50) / 100;
}

std::string encode_avif(const cv::Mat& picture, const ImageWriteOptions& o) {
  const bool mono = o.monochrome || picture.channels() == 1;
  const avifPixelFormat format =
      mono ? AVIF_PIXEL_FORMAT_YUV400 : (o.avif_444 ? AVIF_PIXEL_FORMAT_YUV444 : AVIF_PIXEL_FORMAT_YUV420);
  const bool deep = picture.depth() == CV_16U;  // 12-bit AVIF
  AvifImagePtr image(avifImageCreate(picture.cols, picture.rows, deep ? 12 : 8, format));
  if (!image) throw std::bad_alloc();
  image->yuvRange = AVIF_RANGE_FULL;
  image->colorPrimaries = AVIF_COLOR_PRIMARIES_BT709;
  image->transferCharacteristics = AVIF_TRANSFER_CHARACTERISTICS_SRGB;
  image->matrixCoefficients = AVIF_MATRIX_COEFFICIENTS_BT601;
  if (mono) {
    // The grey picture is the luma plane itself, full range: no conversion.
    check_avif(avifImageAllocatePlanes(image.get(), AVIF_PLANES_YUV), "allocating the picture");
    const cv::Mat grey = grey_of(picture);
    for (int y = 0; y < grey.rows; ++y) {
      uint8_t* row = image->yuvPlanes[AVIF_CHAN_Y] + static_cast<size_t>(y) * image->yuvRowBytes[AVIF_CHAN_Y];
      if (!deep) {
        std::memcpy(row, grey.ptr(y), static_cast<size_t>(grey.cols));
        continue;
      }
      auto* out = reinterpret_cast<uint16_t*>(row);
      const auto* in = grey.ptr<uint16_t>(y);
      for (int x = 0; x < grey.cols; ++x) out[x] = static_cast<uint16_t>((in[x] * 4095u + 32767u) / 65535u);
    }
  } else {
    avifRGBImage rgb;
    avifRGBImageSetDefaults(&rgb, image.get());
    rgb.format = AVIF_RGB_FORMAT_BGR;
    rgb.depth = deep ? 16 : 8;
    const cv::Mat bgr = picture.isContinuous() ? picture : picture.clone();
    rgb.pixels = const_cast<uint8_t*>(bgr.ptr());
    rgb.rowBytes = static_cast<uint32_t>(bgr.step[0]);
    check_avif(avifImageRGBToYUV(image.get(), &rgb), "converting to YUV");
  }
  std::unique_ptr<avifEncoder, AvifEncoderFreer> encoder(avifEncoderCreate());
  if (!encoder) throw std::bad_alloc();
  encoder->maxThreads = std::max(1, o.threads);
  encoder->speed = std::clamp(o.avif_speed, 0, 10);
  const int q = quantizer_of(o.quality);
  encoder->minQuantizer = std::max(0, q - 4);
  encoder->maxQuantizer = std::min(63, q + 4);
  encoder->minQuantizerAlpha = encoder->maxQuantizerAlpha = 0;
  avifRWData out = AVIF_DATA_EMPTY;
  const avifResult r = avifEncoderWrite(encoder.get(), image.get(), &out);
  std::string bytes(reinterpret_cast<const char*>(out.data), out.size);
  avifRWDataFree(&out);
  check_avif(r, "encoding");
  return bytes;
}

// Everything the encoding touches lives here, in memory, so that a jump back finds it as it was.
struct JpegState {
  jpeg_compress_struct c{};
  jpeg_error_mgr mgr{};
  std::jmp_buf back{};
  char message[JMSG_LENGTH_MAX] = {};
  unsigned char* out = nullptr;
  unsigned long size = 0;
  cv::Mat picture;  // 8-bit, one channel or BGR, continuous
  int quality = 70;
};

// False with state.message set when libjpeg failed.
bool compress_jpeg(JpegState* state) {
  state->c.err = jpeg_std_error(&state->mgr);
  state->c.client_data = state;
  state->mgr.error_exit = [](j_common_ptr info) {
    auto* e = static_cast<JpegState*>(info->client_data);
    e->mgr.format_message(info, e->message);
    std::longjmp(e->back, 1);
  };
  if (setjmp(state->back)) {
    jpeg_destroy_compress(&state->c);
    return false;
  }
  jpeg_create_compress(&state->c);
  jpeg_mem_dest(&state->c, &state->out, &state->size);
  state->c.image_width = static_cast<JDIMENSION>(state->picture.cols);
  state->c.image_height = static_cast<JDIMENSION>(state->picture.rows);
  state->c.input_components = state->picture.channels();
  state->c.in_color_space = state->picture.channels() == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
  jpeg_set_defaults(&state->c);  // colour: YCbCr 4:2:0, as JFIF files are
  jpeg_set_quality(&state->c, state->quality, TRUE);
  state->c.dct_method = JDCT_ISLOW;
  jpeg_start_compress(&state->c, TRUE);
  while (state->c.next_scanline < state->c.image_height) {
    JSAMPROW row = state->picture.ptr(static_cast<int>(state->c.next_scanline));
    jpeg_write_scanlines(&state->c, &row, 1);
  }
  jpeg_finish_compress(&state->c);
  jpeg_destroy_compress(&state->c);
  return true;
}

// JPEG through libjpeg-turbo (its SIMD code; and it writes one-channel JPEG for black and white, which
// FFmpeg's encoder cannot). Its errors would exit the program: they jump back instead.
std::string encode_jpeg(const cv::Mat& picture, const ImageWriteOptions& o) {
  auto state = std::make_unique<JpegState>();
  // JPEG holds 8 bits: a 16-bit picture is rounded to them.
  if (picture.depth() == CV_16U)
    picture.convertTo(state->picture, CV_8U, 1.0 / 257.0);
  else
    state->picture = picture;
  if (o.monochrome || picture.channels() == 1) state->picture = grey_of(state->picture);
  if (!state->picture.isContinuous()) state->picture = state->picture.clone();
  state->quality = std::clamp(o.quality, 1, 100);
  const bool ok = compress_jpeg(state.get());
  std::string bytes =
      ok ? std::string(reinterpret_cast<const char*>(state->out), state->size) : std::string();
  std::free(state->out);
  if (!ok) throw Error("JPEG", std::string("encoding: ") + state->message, Error::Kind::Encode);
  return bytes;
}

// One picture through one of FFmpeg's image encoders (png, tiff).
std::string encode_with_libav(const cv::Mat& picture, ImageFormat format, const ImageWriteOptions& o) {
  const bool mono = o.monochrome || picture.channels() == 1;
  const bool tiff = format == ImageFormat::Tiff;
  const bool deep = picture.depth() == CV_16U;
  const char* name = tiff ? "TIFF" : "PNG";
  const AVCodec* codec = avcodec_find_encoder(tiff ? AV_CODEC_ID_TIFF : AV_CODEC_ID_PNG);
  if (!codec) throw Error(name, "this FFmpeg has no encoder for it", Error::Kind::Encode);
  av::CodecPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) throw std::bad_alloc();
  // RGB, or one grey channel for black and white; 16 bits a sample where the picture has them.
  const AVPixelFormat pix =
      mono ? (deep ? (tiff ? AV_PIX_FMT_GRAY16LE : AV_PIX_FMT_GRAY16BE) : AV_PIX_FMT_GRAY8)
           : (deep ? (tiff ? AV_PIX_FMT_RGB48LE : AV_PIX_FMT_RGB48BE) : AV_PIX_FMT_RGB24);
  ctx->width = picture.cols;
  ctx->height = picture.rows;
  ctx->pix_fmt = pix;
  ctx->time_base = {1, 25};
  ctx->color_range = AVCOL_RANGE_JPEG;
  if (int r = avcodec_open2(ctx.get(), codec, nullptr); r < 0)
    throw Error(name, "cannot open the encoder: " + av::error_text(r), Error::Kind::Encode);
  av::FramePtr frame(av_frame_alloc());
  frame->format = pix;
  frame->width = picture.cols;
  frame->height = picture.rows;
  if (av_frame_get_buffer(frame.get(), 0) < 0) throw std::bad_alloc();
  frame->pts = 0;
  if (mono && !(deep && pix == AV_PIX_FMT_GRAY16BE)) {
    const cv::Mat grey = grey_of(picture);
    const size_t row_bytes = static_cast<size_t>(grey.cols) * grey.elemSize();  // native order: GRAY16LE
    for (int y = 0; y < grey.rows; ++y)
      std::memcpy(frame->data[0] + static_cast<size_t>(y) * frame->linesize[0], grey.ptr(y), row_bytes);
  } else if (mono) {
    const cv::Mat grey = grey_of(picture);  // PNG stores big-endian samples
    for (int y = 0; y < grey.rows; ++y) {
      uint8_t* out = frame->data[0] + static_cast<size_t>(y) * frame->linesize[0];
      const auto* in = grey.ptr<uint16_t>(y);
      for (int x = 0; x < grey.cols; ++x) {
        out[2 * x] = static_cast<uint8_t>(in[x] >> 8);
        out[2 * x + 1] = static_cast<uint8_t>(in[x] & 0xff);
      }
    }
  } else {
    av::SwsPtr sws(sws_getContext(
        picture.cols, picture.rows, deep ? AV_PIX_FMT_BGR48 : AV_PIX_FMT_BGR24, picture.cols, picture.rows,
        pix, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
    if (!sws) throw Error(name, "cannot convert the picture", Error::Kind::Encode);
    const uint8_t* src[1] = {picture.ptr()};
    const int src_stride[1] = {static_cast<int>(picture.step[0])};
    sws_scale(sws.get(), src, src_stride, 0, picture.rows, frame->data, frame->linesize);
  }
  av::PacketPtr packet(av_packet_alloc());
  int r = avcodec_send_frame(ctx.get(), frame.get());
  if (r >= 0) r = avcodec_send_frame(ctx.get(), nullptr);
  if (r >= 0) r = avcodec_receive_packet(ctx.get(), packet.get());
  if (r < 0) throw Error(name, "encoding: " + av::error_text(r), Error::Kind::Encode);
  return std::string(reinterpret_cast<const char*>(packet->data), static_cast<size_t>(packet->size));
}

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::unique_ptr<avifDecoder, AvifDecoderFreer> decode_avif(const std::filesystem::path& path) {
  std::unique_ptr<avifDecoder, AvifDecoderFreer> decoder(avifDecoderCreate());
  if (!decoder) throw std::bad_alloc();
  avifResult r = avifDecoderSetIOFile(decoder.get(), path.c_str());
  if (r == AVIF_RESULT_OK) r = avifDecoderParse(decoder.get());
  if (r == AVIF_RESULT_OK) r = avifDecoderNextImage(decoder.get());
  if (r != AVIF_RESULT_OK)
    throw Error(path.string(), std::string("not a readable AVIF file: ") + avifResultToString(r),
                Error::Kind::Decode);
  return decoder;
}

}  // namespace

ImageFormat image_format_of(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".avif") return ImageFormat::Avif;
  if (ext == ".jpg" || ext == ".jpeg") return ImageFormat::Jpeg;
  if (ext == ".png") return ImageFormat::Png;
  if (ext == ".tif" || ext == ".tiff") return ImageFormat::Tiff;
  throw Error(path.string(), "unknown picture format '" + ext + "' (use .avif, .jpg, .png or .tif)",
              Error::Kind::Usage);
}

std::string_view image_extension(ImageFormat format) {
  switch (format) {
    case ImageFormat::Avif:
      return "avif";
    case ImageFormat::Jpeg:
      return "jpg";
    case ImageFormat::Png:
      return "png";
    case ImageFormat::Tiff:
      return "tif";
  }
  return "avif";
}

ImageFormat parse_image_format(std::string_view name) {
  if (name == "avif") return ImageFormat::Avif;
  if (name == "jpg" || name == "jpeg") return ImageFormat::Jpeg;
  if (name == "png") return ImageFormat::Png;
  if (name == "tif" || name == "tiff") return ImageFormat::Tiff;
  throw Error(std::string(name), "unknown picture format (use avif, jpg, png or tif)", Error::Kind::Usage);
}

bool holds_deep_samples(ImageFormat format) {
  return format != ImageFormat::Jpeg;
}

std::string encode_image(const cv::Mat& picture, ImageFormat format, const ImageWriteOptions& options) {
  if (picture.empty() || (picture.depth() != CV_8U && picture.depth() != CV_16U) ||
      (picture.channels() != 1 && picture.channels() != 3))
    throw Error("picture", "not an 8- or 16-bit grey or BGR picture", Error::Kind::Encode);
  av::quiet_logging();
  if (format == ImageFormat::Avif) return encode_avif(picture, options);
  if (format == ImageFormat::Jpeg) return encode_jpeg(picture, options);
  return encode_with_libav(picture, format, options);
}

void write_image(const cv::Mat& picture, const std::filesystem::path& path,
                 const ImageWriteOptions& options) {
  const ImageFormat format = image_format_of(path);
  std::string bytes;
  try {
    bytes = encode_image(picture, format, options);
  } catch (const Error& e) {
    throw Error(path.string(), e.what(), Error::Kind::Encode);
  }
  write_file_atomic(path, bytes);
}

bool is_monochrome(const cv::Mat& picture) {
  if (picture.channels() == 1) return true;
  // Chroma per pixel on a sparse grid: max - min of B, G, R. A black-and-white transfer keeps it within a
  // few levels (compression noise); one coloured object in a hundredth of the picture makes it colour.
  int coloured = 0, samples = 0;
  const int step = std::max(1, std::min(picture.cols, picture.rows) / 120);
  for (int y = 0; y < picture.rows; y += step) {
    const cv::Vec3b* row = picture.ptr<cv::Vec3b>(y);
    for (int x = 0; x < picture.cols; x += step, ++samples) {
      const cv::Vec3b p = row[x];
      const int hi = std::max({p[0], p[1], p[2]}), lo = std::min({p[0], p[1], p[2]});
      if (hi - lo > 12) ++coloured;
    }
  }
  return samples > 0 && coloured * 100 < samples;
}

AvifFacts read_avif_facts(const std::filesystem::path& path) {
  const auto decoder = decode_avif(path);
  const avifImage* im = decoder->image;
  AvifFacts f;
  f.width = static_cast<int>(im->width);
  f.height = static_cast<int>(im->height);
  f.depth = static_cast<int>(im->depth);
  switch (im->yuvFormat) {
    case AVIF_PIXEL_FORMAT_YUV400:
      f.yuv_format = "400";
      break;
    case AVIF_PIXEL_FORMAT_YUV420:
      f.yuv_format = "420";
      break;
    case AVIF_PIXEL_FORMAT_YUV422:
      f.yuv_format = "422";
      break;
    case AVIF_PIXEL_FORMAT_YUV444:
      f.yuv_format = "444";
      break;
    default:
      f.yuv_format = "?";
      break;
  }
  return f;
}

cv::Mat read_avif(const std::filesystem::path& path) {
  const auto decoder = decode_avif(path);
  avifImage* im = decoder->image;
  if (im->yuvFormat == AVIF_PIXEL_FORMAT_YUV400 && im->depth == 8) {
    cv::Mat grey(static_cast<int>(im->height), static_cast<int>(im->width), CV_8UC1);
    for (int y = 0; y < grey.rows; ++y)
      std::memcpy(grey.ptr(y),
                  im->yuvPlanes[AVIF_CHAN_Y] + static_cast<size_t>(y) * im->yuvRowBytes[AVIF_CHAN_Y],
                  grey.cols);
    return grey;
  }
  avifRGBImage rgb;
  avifRGBImageSetDefaults(&rgb, im);
  rgb.format = AVIF_RGB_FORMAT_BGR;
  rgb.depth = 8;
  cv::Mat bgr(static_cast<int>(im->height), static_cast<int>(im->width), CV_8UC3);
  rgb.pixels = bgr.ptr();
  rgb.rowBytes = static_cast<uint32_t>(bgr.step[0]);
  if (avifImageYUVToRGB(im, &rgb) != AVIF_RESULT_OK)
    throw Error(path.string(), "cannot convert the AVIF picture to RGB", Error::Kind::Decode);
  return bgr;
}

}  // namespace cranes::media
