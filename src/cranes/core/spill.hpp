// SPDX-License-Identifier: MIT
// An append-only sequence of plain records that a long film would make too big for memory (one per frame):
// the newest block stays in memory, full blocks go to a temporary file that no other process sees and that
// vanishes with the process, and ranges are read back in order. Memory stays one block however long it
// grows; a short film never touches the disk.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

namespace cranes {

/// The temporary file behind a SpillBuffer: unnamed (O_TMPFILE, else unlinked at once) in the temporary
/// directory, created when first written. Throws cranes::Error naming the directory when it cannot be made
/// or written (a full disk).
class SpillFile {
 public:
  SpillFile() = default;
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  SpillFile(SpillFile&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  SpillFile& operator=(SpillFile&& other) noexcept;

  void write_at(uint64_t offset, const void* bytes, size_t size);
  void read_at(uint64_t offset, void* bytes, size_t size) const;

 private:
  int m_fd = -1;
};

template <class T>
class SpillBuffer {
  static_assert(std::is_trivially_copyable_v<T>, "records go to disk byte for byte");

 public:
  /// `block`: records kept in memory before a block goes to disk.
  explicit SpillBuffer(size_t block = 16384) : m_block(block > 0 ? block : 1) { m_tail.reserve(m_block); }

  void push_back(const T& value) {
    if (m_tail.size() == m_block) {
      m_file.write_at(static_cast<uint64_t>(m_on_disk) * sizeof(T), m_tail.data(), m_tail.size() * sizeof(T));
      m_on_disk += static_cast<int64_t>(m_tail.size());
      m_tail.clear();
    }
    m_tail.push_back(value);
  }
  int64_t size() const { return m_on_disk + static_cast<int64_t>(m_tail.size()); }
  bool empty() const { return size() == 0; }
  /// Whether any record went to disk.
  bool spilled() const { return m_on_disk > 0; }

  /// Records [first, first + out.size()) into `out`; the range must lie within [0, size()).
  void read(int64_t first, std::span<T> out) const {
    size_t done = 0;
    if (first < m_on_disk && !out.empty()) {
      const size_t from_disk = static_cast<size_t>(std::min<int64_t>(m_on_disk - first, out.size()));
      m_file.read_at(static_cast<uint64_t>(first) * sizeof(T), out.data(), from_disk * sizeof(T));
      done = from_disk;
    }
    for (; done < out.size(); ++done)
      out[done] = m_tail[static_cast<size_t>(first + static_cast<int64_t>(done) - m_on_disk)];
  }
  std::vector<T> read(int64_t first, int64_t count) const {
    std::vector<T> out(static_cast<size_t>(std::max<int64_t>(0, count)));
    read(first, std::span<T>(out));
    return out;
  }
  T at(int64_t i) const {
    T value;
    read(i, std::span<T>(&value, 1));
    return value;
  }
  /// Calls each(index, record) for the records [first, last), in order, reading a block at a time.
  template <class F>
  void for_each(int64_t first, int64_t last, F&& each) const {
    std::vector<T> block;
    for (int64_t a = first; a < last; a += static_cast<int64_t>(m_block)) {
      block = read(a, std::min<int64_t>(static_cast<int64_t>(m_block), last - a));
      for (size_t k = 0; k < block.size(); ++k) each(a + static_cast<int64_t>(k), block[k]);
    }
  }

 private:
  size_t m_block;
  SpillFile m_file;
  int64_t m_on_disk = 0;
  std::vector<T> m_tail;
};

}  // namespace cranes
