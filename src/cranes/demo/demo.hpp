// SPDX-License-Identifier: MIT
// `cranes demo` as library calls: render a short synthetic film with exact ground truth, analyse it in one
// pass, write what the analysis writes, and score it against the truth. Each step returns plain values and a
// text to show, so the command only prints and a test can run the same steps. It grows as capabilities land.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cranes/analysis/pass.hpp"
#include "cranes/catalog/search.hpp"
#include "cranes/film/film.hpp"
#include "cranes/synth/score.hpp"
#include "cranes/synth/synth.hpp"

namespace cranes::demo {

struct Rendered {
  std::filesystem::path dir, video, truth_path;
  synth::GroundTruth truth;
};

/// Renders the demo film (scenario "demo", 960x540, from an installed landscape photo) and its truth into
/// `dir`.
Rendered render(const std::filesystem::path& dir);
/// The film and its transitions and events, as the truth says.
std::string truth_text(const Rendered& r);

struct Analysed {
  film::Film film;
  std::vector<std::filesystem::path>
      written;  ///< the analysis's files (JSON, CSV, EDL, report, stills, post)
  int stills_in_events =
      0;  ///< stills the truth puts in a transition, a flash, an exposure jump or a whip pan
  synth::TransitionScore transitions;
  bool movements_scored = false;
  synth::MovementScore movements;
  std::filesystem::path catalog;  ///< the demo's own catalog, holding the demo film
  /// Two searches of it, in plain words, and what they found.
  std::vector<std::pair<std::string, catalog::SearchResult>> searches;
};

/// Analyses the rendered film, writes its results beside it and scores them.
Analysed analyse(const Rendered& r, const std::function<void(const analysis::Progress&)>& on_progress = {});
/// The shots found, their camera movements, the statistics, the scores against the truth, the files.
std::string result_text(const Rendered& r, const Analysed& a);

struct Looked {
  std::filesystem::path photo, output;
  std::string preset;
  std::filesystem::path presets;  ///< the photo in each built-in look, side by side
  std::filesystem::path film;     ///< the demo film in the look of I Am Cuba
  int64_t film_frames = 0;
};
/// The look of I Am Cuba (preset "cuba": infrared black and white, the wide lens, halation, 4:3) on an
/// installed photo with foliage, written to DIR/look/NAME-cuba.jpg, the same photo in the three built-in
/// looks side by side (DIR/look/presets.jpg), and the rendered demo film in the cuba look
/// (DIR/look/demo-cuba.mp4); nothing when no photo is installed.
std::optional<Looked> look(const Rendered& r);

}  // namespace cranes::demo
