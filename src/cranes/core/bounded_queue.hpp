// SPDX-License-Identifier: MIT
// A bounded single-producer single-consumer queue between two threads of a pipeline (decoding ahead of the
// analysis, or of the look's rendering): the producer waits while it is full, the consumer while it is
// empty, and the producer's exception travels to the consumer, which rethrows it once the queue is drained.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>

namespace cranes {

template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : m_capacity(std::max<size_t>(1, capacity)) {}

  /// False once the consumer cancelled (the item is dropped).
  bool push(T&& item) {
    std::unique_lock lock(m_mutex);
    m_not_full.wait(lock, [&] { return m_items.size() < m_capacity || m_cancelled; });
    if (m_cancelled) return false;
    m_items.push_back(std::move(item));
    m_not_empty.notify_one();
    return true;
  }
  /// The producer is done, normally or with `error`.
  void close(std::exception_ptr error = nullptr) {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_error = error;
    m_not_empty.notify_all();
  }
  /// The consumer gives up: a waiting or later push returns false.
  void cancel() {
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    m_not_full.notify_all();
  }
  /// The next item; false at the end, or rethrows the producer's error there.
  bool pop(T& item) {
    std::unique_lock lock(m_mutex);
    m_not_empty.wait(lock, [&] { return !m_items.empty() || m_closed; });
    if (m_items.empty()) {
      if (m_error) std::rethrow_exception(m_error);
      return false;
    }
    item = std::move(m_items.front());
    m_items.pop_front();
    m_not_full.notify_one();
    return true;
  }

 private:
  size_t m_capacity;
  std::mutex m_mutex;
  std::condition_variable m_not_full, m_not_empty;
  std::deque<T> m_items;
  bool m_closed = false, m_cancelled = false;
  std::exception_ptr m_error;
};

}  // namespace cranes
