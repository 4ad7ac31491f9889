// SPDX-License-Identifier: MIT
#include "cranes/media/decode_ahead.hpp"

#include <exception>

namespace cranes::media {

DecodeAhead::DecodeAhead(FrameSource& source, size_t capacity) : m_queue(capacity) {
  m_thread = std::thread([this, &source] {
    try {
      Frame f;
      while (source.next(f))
        if (!m_queue.push(std::move(f))) return;
      m_queue.close();
    } catch (...) {
      m_queue.close(std::current_exception());
    }
  });
}

DecodeAhead::~DecodeAhead() {
  m_queue.cancel();
  if (m_thread.joinable()) m_thread.join();
}

bool DecodeAhead::next(Frame& frame) {
  try {
    if (m_queue.pop(frame)) return true;
  } catch (...) {
    m_thread.join();
    throw;
  }
  m_thread.join();
  return false;
}

}  // namespace cranes::media
