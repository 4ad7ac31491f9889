// SPDX-License-Identifier: MIT
#include "cranes/core/spill.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "cranes/core/error.hpp"

namespace cranes {

namespace {

std::filesystem::path temporary_dir() {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  return ec ? std::filesystem::path("/tmp") : dir;
}

[[noreturn]] void fail(const std::string& what, int err) {
  throw Error("temporary file in " + temporary_dir().string(), what + ": " + std::strerror(err),
              Error::Kind::Io);
}

}  // namespace

SpillFile::~SpillFile() {
  if (m_fd >= 0) ::close(m_fd);
}

SpillFile& SpillFile::operator=(SpillFile&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = other.m_fd;
    other.m_fd = -1;
  }
  return *this;
}

void SpillFile::write_at(uint64_t offset, const void* bytes, size_t size) {
  if (m_fd < 0) {
    const std::string dir = temporary_dir().string();
    m_fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (m_fd < 0) {  // a file system without unnamed files: a named one, unlinked at once
      std::string name = dir + "/cranes-spill-XXXXXX";
      m_fd = ::mkostemp(name.data(), O_CLOEXEC);
      if (m_fd < 0) fail("cannot create it", errno);
      ::unlink(name.c_str());
    }
  }
  const auto* p = static_cast<const char*>(bytes);
  while (size > 0) {
    const ssize_t n = ::pwrite(m_fd, p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write it", n < 0 ? errno : ENOSPC);
    p += n;
    offset += static_cast<uint64_t>(n);
    size -= static_cast<size_t>(n);
  }
}

void SpillFile::read_at(uint64_t offset, void* bytes, size_t size) const {
  auto* p = static_cast<char*>(bytes);
  while (size > 0) {
    const ssize_t n = m_fd < 0 ? 0 : ::pread(m_fd, p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot read it back", n < 0 ? errno : EIO);
    p += n;
    offset += static_cast<uint64_t>(n);
    size -= static_cast<size_t>(n);
  }
}

}  // namespace cranes
