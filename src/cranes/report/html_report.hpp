// SPDX-License-Identifier: MIT
// The HTML report of an analysed film: one self-contained HTML5 file (inline CSS, inline SVG, a few lines of
// script to sort the shot table; nothing fetched from the network) with the source facts, the Cinemetrics
// figures, a shot-length graph over the film's time (after Tsivian and Civjans' Cinemetrics graphs, with
// Brisson's per-section ASL), a strip of the camera movements, the Dutch angle over time, the longest takes
// with their stills, and every shot in a table. It reads only the Film, never the video. docs/report.md says
// how to read it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "cranes/film/film.hpp"

namespace cranes::report {

/// How the shot-length graph maps seconds to height.
enum class LengthScale {
  Auto,    ///< logarithmic when the longest take dwarfs the median shot (max > 8 x MSL), else linear
  Linear,  ///< height proportional to length
  Log,     ///< height proportional to log(length): short shots stay visible beside long takes
};

struct HtmlReportOptions {
  /// Where the stills' relative paths (Film::stills[].path) start: the directory of the analysis JSON.
  std::filesystem::path analysis_dir;
  /// When set, the stills shown are copied into this directory (keeping their relative paths) and linked
  /// from the report instead of embedded; created when missing.
  std::optional<std::filesystem::path> assets_dir;
  /// Embed the stills as data URIs (base64) so the report is one file; when false (and no assets_dir) the
  /// report links the stills where they lie.
  bool embed_stills = true;
  /// Where the report will be written, so that links to stills are relative to it; "" = the current
  /// directory. write_html_report sets it.
  std::filesystem::path report_dir;
  LengthScale length_scale = LengthScale::Auto;
};

/// Text made safe for HTML element content and attribute values: & < > " ' become character references and
/// control characters (which HTML forbids) become U+FFFD. Every string from a document passes through it.
std::string html_escape(std::string_view text);

/// The report as one HTML document. Copies stills into options.assets_dir when that is set. A still whose
/// file is missing or unreadable is left out with a cranes::warn naming it; the report still renders.
/// Throws cranes::Error when the assets directory cannot be created or written.
std::string html_report(const film::Film& film, const HtmlReportOptions& options);

/// Writes html_report(film, options) to `out` atomically (a temporary name, then a rename), with links
/// relative to out's directory. Throws cranes::Error naming the file or directory on failure.
void write_html_report(const film::Film& film, const std::filesystem::path& out,
                       const HtmlReportOptions& options);

}  // namespace cranes::report
