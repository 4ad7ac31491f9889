// SPDX-License-Identifier: MIT
#include "cranes/core/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "cranes/core/error.hpp"

namespace cranes {
namespace fs = std::filesystem;

fs::path temporary_name_for(const fs::path& path) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char tag[32];
  std::snprintf(tag, sizeof tag, ".%08llx.tmp", static_cast<unsigned long long>(rng() & 0xffffffffULL));
  // name.XXXX.tmp.ext keeps the extension last for muxers that guess the format from it.
  fs::path tmp = path;
  std::string name = ".";
  name += path.stem().string();
  name += tag;
  name += path.extension().string();
  tmp.replace_filename(name);
  return tmp;
}

bool is_writable_directory(const fs::path& dir) {
  std::error_code ec;
  const fs::path d = dir.empty() ? fs::path(".") : dir;
  return fs::is_directory(d, ec) && ::access(d.c_str(), W_OK | X_OK) == 0;
}

void require_writable_directory(const fs::path& dir) {
  std::error_code ec;
  const fs::path d = dir.empty() ? fs::path(".") : dir;
  if (!fs::exists(d, ec)) throw Error(d.string(), "directory does not exist");
  if (!fs::is_directory(d, ec)) throw Error(d.string(), "not a directory");
  if (::access(d.c_str(), W_OK | X_OK) != 0) throw Error(d.string(), "directory is not writable");
}

void produce_file_atomic(const fs::path& path, const std::function<void(const fs::path&)>& produce) {
  require_writable_directory(path.parent_path());
  const fs::path tmp = temporary_name_for(path);
  try {
    produce(tmp);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw Error(path.string(), "cannot rename temporary file: " + ec.message());
  }
}

void write_file_atomic(const fs::path& path, std::string_view contents) {
  produce_file_atomic(path, [&](const fs::path& tmp) {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw Error(path.string(), std::strerror(errno));
    const size_t n = std::fwrite(contents.data(), 1, contents.size(), f);
    const int err = (n != contents.size() || std::fflush(f) != 0 || ::fsync(fileno(f)) != 0) ? errno : 0;
    if (std::fclose(f) != 0 && err == 0) throw Error(path.string(), std::strerror(errno));
    if (err != 0 || n != contents.size())
      throw Error(path.string(), std::string("write failed: ") + std::strerror(err ? err : EIO));
  });
}

}  // namespace cranes
