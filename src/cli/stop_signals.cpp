// SPDX-License-Identifier: MIT
#include "cli/stop_signals.hpp"

#include <atomic>
#include <csignal>

namespace cranes::cli {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) {
  g_stop.store(true);
}

}  // namespace

StopSignals::StopSignals() {
  g_stop.store(false);
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

// The default handlers again when the work ends (a second Ctrl-C while stopping still stops at once).
StopSignals::~StopSignals() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

bool stop_requested() {
  return g_stop.load();
}

}  // namespace cranes::cli
