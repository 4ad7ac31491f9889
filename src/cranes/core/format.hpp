// SPDX-License-Identifier: MIT
// printf into a std::string, for the text summaries (fixed decimals as the terminal shows them).
#pragma once

#include <string>

namespace cranes {

std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace cranes
