// SPDX-License-Identifier: MIT
#include "cranes/core/log.hpp"

#include <cstdio>
#include <mutex>

namespace cranes {
namespace {
std::mutex g_mutex;
WarningSink g_sink = [](const std::string& m) { std::fprintf(stderr, "cranes: warning: %s\n", m.c_str()); };
}  // namespace

WarningSink set_warning_sink(WarningSink sink) {
  std::lock_guard lock(g_mutex);
  std::swap(g_sink, sink);
  return sink;
}

void warn(const std::string& message) {
  std::lock_guard lock(g_mutex);
  if (g_sink) g_sink(message);
}

}  // namespace cranes
