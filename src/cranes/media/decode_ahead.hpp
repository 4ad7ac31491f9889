// SPDX-License-Identifier: MIT
// A FrameSource decoded on a thread of its own, a bounded number of frames ahead of its consumer (the
// analysis pass, the look's renderer), so that decoding and the work on each frame overlap.
#pragma once

#include <thread>

#include "cranes/core/bounded_queue.hpp"
#include "cranes/media/frame_source.hpp"

namespace cranes::media {

class DecodeAhead {
 public:
  /// Starts decoding `source` (which must outlive this), at most `capacity` frames ahead.
  DecodeAhead(FrameSource& source, size_t capacity);
  /// Stops the decoding thread if it still runs, and waits for it.
  ~DecodeAhead();
  DecodeAhead(const DecodeAhead&) = delete;
  DecodeAhead& operator=(const DecodeAhead&) = delete;

  /// The next frame; false at the end of the stream, when the thread has finished (the source's counts are
  /// then final). Rethrows the error that stopped the decoding.
  bool next(Frame& frame);

 private:
  BoundedQueue<Frame> m_queue;
  std::thread m_thread;
};

}  // namespace cranes::media
