// SPDX-License-Identifier: MIT
// One field table per serialised struct: each entry names the JSON key and the member once, and the same
// table writes and reads the struct, so a field is added in one place and a dropped key shows in the
// round-trip test. Reading starts from the struct's own defaults: a missing optional key keeps its default
// (later additions to the format stay readable); a key marked required must be present; a value of the wrong
// type throws nlohmann::json::exception, which the document's reader turns into one line naming the file.
//   inline const auto kFields = std::tuple{field("index", &Shot::index, kRequired), field("scale",
//   &Shot::scale)};
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "cranes/core/enum_table.hpp"
#include "cranes/core/rational.hpp"

namespace cranes {

inline constexpr bool kRequired = true;

template <class T, class M>
struct Field {
  std::string_view key;
  M T::*member;
  bool required = false;
};

template <class T, class M>
constexpr Field<T, M> field(std::string_view key, M T::*member, bool required = false) {
  return {key, member, required};
}

template <class T, class... M>
void write_fields(nlohmann::json& j, const T& value, const std::tuple<Field<T, M>...>& fields) {
  if (!j.is_object()) j = nlohmann::json::object();
  std::apply([&](const auto&... f) { ((j[std::string(f.key)] = value.*(f.member)), ...); }, fields);
}

/// An integer member from any JSON number, refusing what does not fit: nlohmann converts a float to an
/// integer with a plain cast, which is undefined behaviour when the value is out of range (4e63 as a frame
/// number).
template <class I>
void read_integer(const nlohmann::json& j, I& out) {
  static_assert(std::is_integral_v<I>);
  constexpr auto lo = std::numeric_limits<I>::min();
  constexpr auto hi = std::numeric_limits<I>::max();
  bool ok = false;
  if (j.is_number_unsigned()) {
    const auto v = j.get<uint64_t>();
    ok = v <= static_cast<uint64_t>(hi);
    if (ok) out = static_cast<I>(v);
  } else if (j.is_number_integer()) {
    const auto v = j.get<int64_t>();
    ok = v >= static_cast<int64_t>(lo) && (v < 0 || static_cast<uint64_t>(v) <= static_cast<uint64_t>(hi));
    if (ok) out = static_cast<I>(v);
  } else if (j.is_number_float()) {
    const double v = j.get<double>();
    // The type's range as doubles, exactly: [-2^digits, 2^digits) for signed types, [0, 2^digits) unsigned.
    const double upper = std::ldexp(1.0, std::numeric_limits<I>::digits);
    const double lower = std::is_signed_v<I> ? -upper : 0.0;
    ok = std::isfinite(v) && v == std::floor(v) && v >= lower && v < upper;
    if (ok) out = static_cast<I>(v);
  } else {
    throw nlohmann::json::type_error::create(302, "expected a number, found " + std::string(j.type_name()),
                                             &j);
  }
  if (!ok) throw nlohmann::json::out_of_range::create(406, "number " + j.dump() + " out of range", &j);
}

template <class T, class... M>
void read_fields(const nlohmann::json& j, T& value, const std::tuple<Field<T, M>...>& fields) {
  if (!j.is_object())
    throw nlohmann::json::type_error::create(302, "expected an object, found " + std::string(j.type_name()),
                                             &j);
  auto one = [&](const auto& f) {
    const auto it = j.find(f.key);
    if (it == j.end()) {
      if (f.required)
        throw nlohmann::json::out_of_range::create(403, "key '" + std::string(f.key) + "' not found", &j);
      return;
    }
    auto& member = value.*(f.member);
    using Member = std::remove_reference_t<decltype(member)>;
    if constexpr (std::is_integral_v<Member> && !std::is_same_v<Member, bool>)
      read_integer(*it, member);
    else
      it->get_to(member);
  };
  std::apply([&](const auto&... f) { (one(f), ...); }, fields);
}

/// The enum's token in the document; an unknown token is an error naming the word and the known ones.
template <class E>
void enum_to_json(nlohmann::json& j, E value) {
  j = std::string(token_of(value));
}
template <class E>
void enum_from_json(const nlohmann::json& j, E& value) {
  const auto parsed = parse_token<E>(j.get<std::string>());
  if (!parsed)
    throw nlohmann::json::other_error::create(501,
                                              "unknown " + std::string(enum_kind(E{})) + " '" +
                                                  j.get<std::string>() + "' (known: " + token_list<E>() + ")",
                                              &j);
  value = *parsed;
}

/// Rationals are written with their value beside them, for readers that want a number.
inline void to_json(nlohmann::json& j, const Rational& r) {
  j = nlohmann::json{{"num", r.num}, {"den", r.den}, {"value", r.to_double()}};
}
inline void from_json(const nlohmann::json& j, Rational& r) {
  r = Rational{};
  if (!j.is_object()) return;
  if (const auto n = j.find("num"); n != j.end()) read_integer(*n, r.num);
  if (const auto d = j.find("den"); d != j.end()) read_integer(*d, r.den);
}

}  // namespace cranes

namespace cranes {
/// An optional word (an enum, or another type written as one string) is written as "" when absent, as the
/// format always has; other optionals as null.
template <class T>
struct written_as_word : std::is_enum<T> {};
}  // namespace cranes

namespace nlohmann {
/// std::optional (nlohmann 3.11 has no built-in conversion).
template <class T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& v) {
    if (v)
      j = *v;
    else if constexpr (cranes::written_as_word<T>::value)
      j = "";
    else
      j = nullptr;
  }
  static void from_json(const json& j, std::optional<T>& v) {
    if (j.is_null() ||
        (cranes::written_as_word<T>::value && j.is_string() && j.get_ref<const std::string&>().empty()))
      v.reset();
    else
      v = j.get<T>();
  }
};
}  // namespace nlohmann
