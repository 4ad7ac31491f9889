// SPDX-License-Identifier: MIT
#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace cranes::cli {

bool stderr_is_tty() {
  return ::isatty(STDERR_FILENO) == 1;
}

ProgressBar::ProgressBar(std::string label, bool enabled)
    : m_label(std::move(label)),
      m_enabled(enabled && stderr_is_tty()),
      m_start(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  done();
}

void ProgressBar::update(double fraction, const std::string& detail) {
  if (!m_enabled) return;
  constexpr int kWidth = 30;
  char bar[kWidth + 1];
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  std::string eta;
  if (fraction >= 0) {
    const int filled = static_cast<int>(std::min(1.0, fraction) * kWidth + 0.5);
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '-';
    if (fraction > 0.01) {
      const double left = elapsed * (1 - fraction) / fraction;
      char buf[32];
      std::snprintf(buf, sizeof buf, " eta %d:%02d", static_cast<int>(left) / 60,
                    static_cast<int>(left) % 60);
      eta = buf;
    }
  } else {
    for (int i = 0; i < kWidth; ++i) bar[i] = '-';
    bar[static_cast<int>(elapsed * 8) % kWidth] = '#';
  }
  bar[kWidth] = 0;
  std::fprintf(stderr, "\r\033[K%s [%s] %s%s", m_label.c_str(), bar, detail.c_str(), eta.c_str());
  std::fflush(stderr);
  m_drawn = true;
}

void ProgressBar::done() {
  if (m_enabled && m_drawn) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  m_drawn = false;
}

}  // namespace cranes::cli
