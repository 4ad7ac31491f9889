// SPDX-License-Identifier: MIT
// SIGINT and SIGTERM during long work (a batch of films, a folder of photos): while a StopSignals is alive
// they only ask the work to stop at its next safe point (stop_requested), so that what is being written is
// finished or removed and a message says what was kept. Outside it, the default handlers stop at once.
#pragma once

namespace cranes::cli {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
};

/// True once SIGINT or SIGTERM arrived while a StopSignals was alive.
bool stop_requested();

}  // namespace cranes::cli
