// SPDX-License-Identifier: MIT
#include "cranes/film/labels.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace cranes::film {

namespace {

constexpr std::array<EnumEntry<TransitionType>, 4> kTransitions{{
    {TransitionType::Cut, "cut", "a hard cut: one frame to the next"},
    {TransitionType::Dissolve, "dissolve", "one shot blends into the next (the shots meet at its middle)"},
    {TransitionType::FadeOut, "fade_out", "the picture fades to black or white"},
    {TransitionType::FadeIn, "fade_in", "the picture fades in from black or white"},
}};

using L = MovementLabel;
constexpr std::array<EnumEntry<MovementLabel>, 19> kMovements{{
    {L::Static, "static", "the camera holds still"},
    {L::Shake, "shake", "handheld jitter with no steady move under it"},
    {L::Unknown, "unknown", "no motion could be measured (blank or featureless picture)"},
    {L::PanLeft, "pan_left", "the camera turns left (the picture slides right)"},
    {L::PanRight, "pan_right", "the camera turns right (the picture slides left)"},
    {L::TiltUp, "tilt_up", "the camera turns up (the picture slides down)"},
    {L::TiltDown, "tilt_down", "the camera turns down (the picture slides up)"},
    {L::RollCw, "roll_cw",
     "the camera rolls clockwise as seen from behind it (the picture turns counter-clockwise)"},
    {L::RollCcw, "roll_ccw", "the camera rolls counter-clockwise as seen from behind it"},
    {L::ZoomIn, "zoom_in", "the focal length grows: uniform magnification, no parallax"},
    {L::ZoomOut, "zoom_out", "the focal length shrinks"},
    {L::DollyIn, "dolly_in", "the camera travels forward (near things grow faster than far ones)"},
    {L::DollyOut, "dolly_out", "the camera travels back"},
    {L::TruckLeft, "truck_left", "the camera travels left (near things slide faster than far ones)"},
    {L::TruckRight, "truck_right", "the camera travels right"},
    {L::PedestalUp, "pedestal_up", "the camera rises (a crane or pedestal up)"},
    {L::PedestalDown, "pedestal_down", "the camera descends"},
    {L::ArcLeft, "arc_left", "the camera travels left round a subject, turning to keep it"},
    {L::ArcRight, "arc_right", "the camera travels right round a subject, turning to keep it"},
}};

using K = MovementKind;
constexpr std::array<EnumEntry<MovementKind>, 11> kKinds{{
    {K::Static, "static", "no movement"},
    {K::Shake, "shake", "handheld jitter only"},
    {K::Unknown, "unknown", "not measured"},
    {K::Pan, "pan", "the camera turns left or right"},
    {K::Tilt, "tilt", "the camera turns up or down"},
    {K::Roll, "roll", "the camera rolls about its axis (a spin)"},
    {K::Zoom, "zoom", "the focal length changes"},
    {K::Dolly, "dolly", "the camera travels forward or back"},
    {K::Truck, "truck", "the camera travels sideways"},
    {K::Pedestal, "pedestal", "the camera rises or descends"},
    {K::Arc, "arc", "the camera travels round a subject"},
}};

struct KindOf {
  MovementLabel label;
  MovementKind kind;
  bool positive;
};
constexpr std::array<KindOf, 19> kKindOf{{
    {L::Static, K::Static, false},         {L::Shake, K::Shake, false},
    {L::Unknown, K::Unknown, false},       {L::PanLeft, K::Pan, false},
    {L::PanRight, K::Pan, true},           {L::TiltUp, K::Tilt, true},
    {L::TiltDown, K::Tilt, false},         {L::RollCw, K::Roll, true},
    {L::RollCcw, K::Roll, false},          {L::ZoomIn, K::Zoom, true},
    {L::ZoomOut, K::Zoom, false},          {L::DollyIn, K::Dolly, true},
    {L::DollyOut, K::Dolly, false},        {L::TruckLeft, K::Truck, false},
    {L::TruckRight, K::Truck, true},       {L::PedestalUp, K::Pedestal, true},
    {L::PedestalDown, K::Pedestal, false}, {L::ArcLeft, K::Arc, false},
    {L::ArcRight, K::Arc, true},
}};

constexpr std::array<EnumEntry<RateUnit>, 4> kUnits{{
    {RateUnit::None, "", "no rate (static, shake)"},
    {RateUnit::DegPerS, "deg_per_s", "degrees per second (pan, tilt, roll)"},
    {RateUnit::ScalePerS, "scale_per_s", "scale factor per second, > 1 in (zoom, dolly without parallax)"},
    {RateUnit::WidthPerS, "width_per_s", "frame widths per second (truck, pedestal, dolly, arc)"},
}};

constexpr std::array<EnumEntry<CameraAngle>, 6> kAngles{{
    {CameraAngle::Level, "level", "the camera looks about level"},
    {CameraAngle::High, "high", "the camera looks down on the scene"},
    {CameraAngle::Low, "low", "the camera looks up at the scene"},
    {CameraAngle::Overhead, "overhead", "the camera looks steeply down (bird's eye)"},
    {CameraAngle::WormsEye, "worms_eye", "the camera looks steeply up"},
    {CameraAngle::Unknown, "unknown", "no lines told the pitch"},
}};

constexpr std::array<EnumEntry<ShotScale>, 8> kScales{{
    {ShotScale::ECU, "ECU", "extreme close-up: part of a face"},
    {ShotScale::CU, "CU", "close-up: a face"},
    {ShotScale::MCU, "MCU", "medium close-up: head and shoulders"},
    {ShotScale::MS, "MS", "medium shot: from the waist up"},
    {ShotScale::MLS, "MLS", "medium long shot: from the knees up"},
    {ShotScale::LS, "LS", "long shot: the whole figure"},
    {ShotScale::ELS, "ELS", "extreme long shot: figures small in their surroundings"},
    {ShotScale::Unknown, "unknown", "no face or figure was found to decide"},
}};

constexpr std::array<EnumEntry<FovSource>, 3> kFovSources{{
    {FovSource::Measured, "measured", "from this shot's own camera turns"},
    {FovSource::Film, "film", "from the turns of the film's other shots"},
    {FovSource::Assumed, "assumed", "the motion analyzer's --fov"},
}};

}  // namespace

std::span<const EnumEntry<TransitionType>> enum_table(TransitionType) {
  return kTransitions;
}
std::span<const EnumEntry<MovementLabel>> enum_table(MovementLabel) {
  return kMovements;
}
std::span<const EnumEntry<MovementKind>> enum_table(MovementKind) {
  return kKinds;
}
std::span<const EnumEntry<RateUnit>> enum_table(RateUnit) {
  return kUnits;
}
std::span<const EnumEntry<CameraAngle>> enum_table(CameraAngle) {
  return kAngles;
}
std::span<const EnumEntry<ShotScale>> enum_table(ShotScale) {
  return kScales;
}
std::span<const EnumEntry<FovSource>> enum_table(FovSource) {
  return kFovSources;
}

MovementKind kind_of(MovementLabel label) {
  for (const auto& k : kKindOf)
    if (k.label == label) return k.kind;
  return MovementKind::Unknown;
}

bool is_move(MovementLabel label) {
  const MovementKind k = kind_of(label);
  return k != MovementKind::Static && k != MovementKind::Shake && k != MovementKind::Unknown;
}

MovementLabel directed(MovementKind kind, double value) {
  if (kind == MovementKind::Static) return L::Static;
  if (kind == MovementKind::Shake) return L::Shake;
  if (kind == MovementKind::Unknown) return L::Unknown;
  for (const auto& k : kKindOf)
    if (k.kind == kind && k.positive == (value > 0)) return k.label;
  return L::Unknown;
}

namespace {
template <class E>
std::string words_table(std::string_view title) {
  std::string out = "### " + std::string(title) + "\n\n| word | meaning |\n|---|---|\n";
  for (const auto& e : enum_table(E{}))
    out += "| " + (e.token.empty() ? std::string("(empty)") : "`" + std::string(e.token) + "`") + " | " +
           std::string(e.help) + " |\n";
  return out + "\n";
}
}  // namespace

std::string labels_markdown() {
  return words_table<TransitionType>("transitions (`type`, `transition_in`, `transition_out`)") +
         words_table<MovementLabel>("camera movements (`label`, `also`)") +
         words_table<MovementKind>("movement kinds") + words_table<RateUnit>("rate units (`rate_unit`)") +
         words_table<CameraAngle>("camera angles (`camera_angle`)") +
         words_table<ShotScale>("shot scales (`scale`; a range reads `CU-MS`, closest first)") +
         words_table<FovSource>("lens sources (`fov_source`)");
}

std::string to_string(const ScaleCall& s) {
  if (s.closest == s.widest) return std::string(token_of(s.closest));
  return std::string(token_of(s.closest)) + "-" + std::string(token_of(s.widest));
}

std::optional<ScaleCall> parse_scale_call(std::string_view text) {
  const size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    const auto one = parse_token<ShotScale>(text);
    return one ? std::optional<ScaleCall>(*one) : std::nullopt;
  }
  const auto a = parse_token<ShotScale>(text.substr(0, dash)),
             b = parse_token<ShotScale>(text.substr(dash + 1));
  if (!a || !b || *a == ShotScale::Unknown || *b == ShotScale::Unknown) return std::nullopt;
  return ScaleCall(*a, *b);
}

void to_json(nlohmann::json& j, const ScaleCall& v) {
  j = to_string(v);
}
void from_json(const nlohmann::json& j, ScaleCall& v) {
  const auto parsed = parse_scale_call(j.get<std::string>());
  if (!parsed)
    throw nlohmann::json::other_error::create(501,
                                              "unknown shot scale '" + j.get<std::string>() + "' (known: " +
                                                  token_list<ShotScale>() + ", or a range such as CU-MS)",
                                              &j);
  v = *parsed;
}

}  // namespace cranes::film
