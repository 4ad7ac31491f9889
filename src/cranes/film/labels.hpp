// SPDX-License-Identifier: MIT
// The closed sets of words an analysis speaks: transition types, camera movements, camera angles, shot
// scales, rate units, where a shot's lens came from. Each is an enum with one {value, token, help} table
// (labels.cpp) that the JSON, --help, the docs and (next) the catalog's search words and the report's legends
// read. Movement words are camera-centric, as cinematographers speak (docs/format.md): pan_right = the camera
// turns right, so the picture content slides left.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cranes/core/enum_table.hpp"
#include "cranes/core/json_fields.hpp"

namespace cranes::film {

enum class TransitionType { Cut, Dissolve, FadeOut, FadeIn };

enum class MovementLabel {
  Static,
  Shake,
  Unknown,
  PanLeft,
  PanRight,
  TiltUp,
  TiltDown,
  RollCw,
  RollCcw,
  ZoomIn,
  ZoomOut,
  DollyIn,
  DollyOut,
  TruckLeft,
  TruckRight,
  PedestalUp,
  PedestalDown,
  ArcLeft,
  ArcRight,
};

/// The kind of a movement, without its direction (a search for "pan" finds pan_left and pan_right).
enum class MovementKind { Static, Shake, Unknown, Pan, Tilt, Roll, Zoom, Dolly, Truck, Pedestal, Arc };

enum class RateUnit { None, DegPerS, ScalePerS, WidthPerS };

enum class CameraAngle { Level, High, Low, Overhead, WormsEye, Unknown };

/// Salt's shot scale, closest to widest (ECU .. ELS), and Unknown when no face or figure decided it.
enum class ShotScale { ECU, CU, MCU, MS, MLS, LS, ELS, Unknown };

enum class FovSource { Measured, Film, Assumed };

std::span<const EnumEntry<TransitionType>> enum_table(TransitionType);
std::span<const EnumEntry<MovementLabel>> enum_table(MovementLabel);
std::span<const EnumEntry<MovementKind>> enum_table(MovementKind);
std::span<const EnumEntry<RateUnit>> enum_table(RateUnit);
std::span<const EnumEntry<CameraAngle>> enum_table(CameraAngle);
std::span<const EnumEntry<ShotScale>> enum_table(ShotScale);
std::span<const EnumEntry<FovSource>> enum_table(FovSource);
constexpr std::string_view enum_kind(TransitionType) {
  return "transition type";
}
constexpr std::string_view enum_kind(MovementLabel) {
  return "movement label";
}
constexpr std::string_view enum_kind(MovementKind) {
  return "movement kind";
}
constexpr std::string_view enum_kind(RateUnit) {
  return "rate unit";
}
constexpr std::string_view enum_kind(CameraAngle) {
  return "camera angle";
}
constexpr std::string_view enum_kind(ShotScale) {
  return "shot scale";
}
constexpr std::string_view enum_kind(FovSource) {
  return "lens source";
}

/// Dissolves and fades: the transitions that take more than one frame.
constexpr bool is_gradual(TransitionType t) {
  return t != TransitionType::Cut;
}
constexpr bool is_fade(TransitionType t) {
  return t == TransitionType::FadeOut || t == TransitionType::FadeIn;
}

MovementKind kind_of(MovementLabel label);
/// True for labels that name a move of the camera (not static, shake or unknown).
bool is_move(MovementLabel label);
/// The label of `kind` in the direction of the sign of `value` (> 0: right, up, clockwise, in); Static, Shake
/// and Unknown ignore it.
MovementLabel directed(MovementKind kind, double value);

/// A shot's scale call: one scale, or the range the key frames spanned ("CU-MS", closest first).
struct ScaleCall {
  ShotScale closest = ShotScale::Unknown;
  ShotScale widest = ShotScale::Unknown;
  ScaleCall() = default;
  ScaleCall(ShotScale one) : closest(one), widest(one) {}  // NOLINT: a single scale is a call
  ScaleCall(ShotScale a, ShotScale b) : closest(a), widest(b) {}
  friend bool operator==(const ScaleCall&, const ScaleCall&) = default;
};
std::string to_string(const ScaleCall& s);
std::optional<ScaleCall> parse_scale_call(std::string_view text);

/// The vocabulary reference: one Markdown table per set of words (token, meaning).
std::string labels_markdown();

/// The word for a label as files and tables write it; "" for none (not measured, no transition).
template <class E>
std::string word(E value) {
  return std::string(token_of(value));
}
inline std::string word(const ScaleCall& s) {
  return to_string(s);
}
template <class T>
std::string word(const std::optional<T>& value) {
  return value ? word(*value) : std::string();
}

// JSON: every word of this namespace as its token; an unknown word is an error naming it.
template <class E>
requires std::is_enum_v<E>
void to_json(nlohmann::json& j, E v) {
  enum_to_json(j, v);
}
template <class E>
requires std::is_enum_v<E>
void from_json(const nlohmann::json& j, E& v) {
  enum_from_json(j, v);
}
void to_json(nlohmann::json& j, const ScaleCall& v);
void from_json(const nlohmann::json& j, ScaleCall& v);

}  // namespace cranes::film

namespace cranes {
template <>
struct written_as_word<film::ScaleCall> : std::true_type {};
}  // namespace cranes
