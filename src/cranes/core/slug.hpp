// SPDX-License-Identifier: MIT
// Names for files and web pages made from titles: lower-case ASCII letters and digits joined by hyphens.
#pragma once

#include <string>
#include <string_view>

namespace cranes {

/// "The Cranes Are Flying (1957)" -> "the-cranes-are-flying-1957". Letters outside ASCII (Cyrillic, accents)
/// are dropped, so a title in another script can give ""; callers fall back to another name then.
std::string slugify(std::string_view text);

}  // namespace cranes
