// SPDX-License-Identifier: MIT
// A closed set of words as an enum with one table of {value, token, help}: the JSON, --help, docs, the
// catalog's search words and the report's legends all read that table, so a new word is added in one place. A
// type joins by declaring, in its own namespace (found by argument-dependent lookup):
//   std::span<const EnumEntry<E>> enum_table(E);   // every value once, in the order shown to users
//   constexpr std::string_view enum_kind(E);        // what one value is called in messages ("movement
//   label")
#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cranes {

template <class E>
struct EnumEntry {
  E value;
  std::string_view token;  ///< the word in files and on the command line
  std::string_view help;   ///< one line for --help and the docs
};

/// The token of `value`; "" for a value missing from its table (a programming error caught by the tests).
template <class E>
std::string_view token_of(E value) {
  for (const auto& e : enum_table(E{}))
    if (e.value == value) return e.token;
  return {};
}

/// The value whose token is `token`, or nothing.
template <class E>
std::optional<E> parse_token(std::string_view token) {
  for (const auto& e : enum_table(E{}))
    if (e.token == token) return e.value;
  return std::nullopt;
}

/// The tokens joined by `separator` ("cut, dissolve, fade_out, fade_in"), for messages and help.
template <class E>
std::string token_list(std::string_view separator = ", ") {
  std::string out;
  for (const auto& e : enum_table(E{})) {
    if (!out.empty()) out += separator;
    out += e.token;
  }
  return out;
}

/// One "  token  help" line per value, for --help and the docs.
template <class E>
std::string token_help(int indent = 2) {
  size_t width = 0;
  for (const auto& e : enum_table(E{})) width = std::max(width, e.token.size());
  std::string out;
  for (const auto& e : enum_table(E{})) {
    out += std::string(static_cast<size_t>(indent), ' ') + std::string(e.token);
    out += std::string(width - e.token.size() + 2, ' ') + std::string(e.help) + "\n";
  }
  return out;
}

}  // namespace cranes
