// SPDX-License-Identifier: MIT
// Warnings from the library (a corrupt packet, a truncated file) go through one sink so the CLI can print
// them as `cranes: warning: ...` and tests can capture them.
#pragma once

#include <functional>
#include <string>

namespace cranes {

using WarningSink = std::function<void(const std::string&)>;

/// Replaces the warning sink; returns the previous one. The default prints to stderr.
WarningSink set_warning_sink(WarningSink sink);
void warn(const std::string& message);

}  // namespace cranes
