// SPDX-License-Identifier: MIT
// A one-line progress bar on stderr, drawn only when stderr is a terminal and not --quiet.
#pragma once

#include <chrono>
#include <string>

namespace cranes::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  /// `fraction` in [0,1] or negative when unknown; `detail` is shown after the bar.
  void update(double fraction, const std::string& detail);
  void done();

 private:
  std::string m_label;
  bool m_enabled;
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_start;
};

/// True when stderr is a terminal.
bool stderr_is_tty();

}  // namespace cranes::cli
