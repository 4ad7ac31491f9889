// SPDX-License-Identifier: MIT
// When every frame of the pass starts: one table for every analyzer, small however long the film. Times
// that are whole ticks of the stream's time base, a constant number of ticks apart (a constant frame rate),
// are one run of three numbers; only frames off any such run (a variable frame rate) keep a value each.
#pragma once

#include <cstdint>
#include <vector>

namespace cranes::analysis {

class FrameTimes {
 public:
  /// `tick_s`: the stream's time base in seconds (frame times are whole multiples of it); 0 = none known,
  /// every time then kept as it is.
  explicit FrameTimes(double tick_s = 0.0) : m_tick(tick_s) {}

  /// Appends the next frame's start (seconds, as Frame::time_s) and the end of its showing.
  void push(double start_s, double end_s);

  int64_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  /// Frame `i`'s start, exactly as pushed; i in [0, size()).
  double start(int64_t i) const;
  /// Frame `i`'s start for i in [0, size()), end() for i == size() and beyond: the end of the span [0, i).
  double start_or_end(int64_t i) const { return i < m_size ? start(i) : m_end; }
  double front() const { return start(0); }
  /// When the last frame pushed ends (the latest end of any frame).
  double end() const { return m_end; }
  /// Starts of frames [a, b).
  std::vector<double> starts(int64_t a, int64_t b) const;
  /// Runs the table holds (one for a constant frame rate): for tests and the memory's account.
  size_t runs() const { return m_runs.size(); }

 private:
  struct Run {
    int64_t first = 0;   // the run's first frame
    int64_t tick = 0;    // regular: its first frame's time, in ticks
    int64_t step = 0;    // regular: ticks from one frame to the next (0 while it holds one frame)
    int64_t value = -1;  // >= 0: an irregular run, whose times are m_values[value ...]
  };
  int64_t count(size_t run) const {
    return (run + 1 < m_runs.size() ? m_runs[run + 1].first : m_size) - m_runs[run].first;
  }
  void make_irregular_tail();

  double m_tick = 0.0;
  int64_t m_size = 0;
  double m_end = 0.0;
  std::vector<Run> m_runs;
  std::vector<double> m_values;
};

}  // namespace cranes::analysis
