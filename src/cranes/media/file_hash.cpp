// SPDX-License-Identifier: MIT
#include "cranes/media/file_hash.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

#include "cranes/core/error.hpp"

extern "C" {
#include <libavutil/hash.h>
}

namespace cranes::media {

namespace {
constexpr std::uintmax_t kSampleBytes = 4u << 20;
}

std::string sample_hash(const std::filesystem::path& path) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) throw Error(path.string(), "cannot read: " + ec.message());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string(), std::string("cannot read: ") + std::strerror(errno));
  AVHashContext* raw = nullptr;
  if (av_hash_alloc(&raw, "SHA256") < 0 || !raw) throw Error(path.string(), "cannot hash: out of memory");
  std::unique_ptr<AVHashContext, void (*)(AVHashContext*)> ctx(raw,
                                                               [](AVHashContext* c) { av_hash_freep(&c); });
  av_hash_init(ctx.get());
  const std::string head = std::to_string(size) + "\n";
  av_hash_update(ctx.get(), reinterpret_cast<const uint8_t*>(head.data()), head.size());
  std::vector<char> buf;
  auto sample = [&](std::uintmax_t from, std::uintmax_t n) {
    buf.resize(n);
    in.seekg(static_cast<std::streamoff>(from));
    in.read(buf.data(), static_cast<std::streamsize>(n));
    if (static_cast<std::uintmax_t>(in.gcount()) != n)
      throw Error(path.string(), "cannot read: it is shorter than it says");
    av_hash_update(ctx.get(), reinterpret_cast<const uint8_t*>(buf.data()), n);
  };
  if (size <= 2 * kSampleBytes) {
    sample(0, size);
  } else {
    sample(0, kSampleBytes);
    sample(size - kSampleBytes, kSampleBytes);
  }
  char hex[2 * AV_HASH_MAX_SIZE + 1];
  av_hash_final_hex(ctx.get(), reinterpret_cast<uint8_t*>(hex), sizeof hex);
  return std::string("sha256s:") + hex;
}

}  // namespace cranes::media
