// SPDX-License-Identifier: MIT
// The contact sheet of an analysed film, as vcsi lays one out: a header band with the file's facts and its
// Cinemetrics figures, then a grid of thumbnails, one per shot (the shot's chosen still, else its middle
// frame) or one every N seconds, each captioned with its shot number and timecode. Thumbnails keep the
// display aspect of the active picture (bars cropped, pixels made square). A film whose pictures are all
// black and white gives a one-channel sheet. Text is drawn with OpenCV's Hershey fonts, which know only
// ASCII: any other character of a title shows as '?'.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "cranes/film/film.hpp"

namespace cranes::report {

/// The tallest sheet written: AV1 decoders (libavif 1.x, browsers) refuse taller pictures, and a JPEG
/// cannot pass 65,535 px.
inline constexpr int kMaxSheetHeight = 32768;
/// The narrowest thumbnail worth drawing: its timecode is still legible under it.
inline constexpr int kMinThumbnailWidth = 80;

struct SheetOptions {
  int columns = 4;     ///< thumbnails per row
  int width = 1500;    ///< of the whole sheet, px
  double every_s = 0;  ///< 0: one cell per shot; else one frame every that many seconds
  int spacing = 5;     ///< px between the thumbnails and around the grid
};

/// One thumbnail of the sheet: the frame it shows and where that lies in the film.
struct SheetCell {
  int64_t frame = 0;    ///< 0-based
  int shot = -1;        ///< 0-based index of the shot it belongs to; -1 when the film has no shots
  double time_s = 0.0;  ///< of the frame, from the first frame
  bool still = false;   ///< the frame of a still the analysis chose for the shot
  friend bool operator==(const SheetCell&, const SheetCell&) = default;
};

/// The frames a sheet shows, in film order. One per shot: the frame of the shot's best-scoring still when
/// the analysis chose one, else the shot's middle frame. With every_s > 0: the middle frame of each
/// every_s-long stretch of the film, so a 10 s film at every_s = 1 gives 10 cells.
std::vector<SheetCell> sheet_cells(const film::Film& film, const SheetOptions& options);

/// Where everything of a sheet of `cells` thumbnails goes.
struct SheetLayout {
  int columns = 0, rows = 0;
  int spacing = 0;           ///< px between the thumbnails and around the grid
  cv::Size thumbnail;        ///< each picture, in the display aspect of the film's active picture
  int caption_h = 0;         ///< the caption line under each thumbnail
  int header_h = 0;          ///< the header band
  int grid_x = 0;            ///< left edge of the grid (it is centred on the sheet)
  cv::Size sheet;            ///< the whole picture
  double caption_scale = 0;  ///< Hershey font scale of the captions
  /// The thumbnail rectangle of cell `i`.
  cv::Rect thumbnail_rect(size_t i) const;
};

/// The layout of a sheet of `cells` thumbnails. Throws cranes::Error (Usage) when the columns leave
/// thumbnails narrower than kMinThumbnailWidth or the sheet would be taller than kMaxSheetHeight, saying
/// which option to change.
SheetLayout sheet_layout(const film::Film& film, size_t cells, const SheetOptions& options);

/// The fewest columns, at least options.columns, that keep a sheet of `cells` thumbnails within
/// kMaxSheetHeight; throws cranes::Error (Usage) when no column count does (thumbnails would be too small).
int columns_to_fit(const film::Film& film, size_t cells, const SheetOptions& options);

/// A full-size decoded frame as its cell shows it: bars cropped, pixels made square, scaled down to the
/// thumbnail size (INTER_AREA). Small, so a sheet keeps only thumbnails, never full frames.
cv::Mat sheet_thumbnail(const cv::Mat& frame, const film::Film& film, const SheetLayout& layout);

/// Composes the sheet: the header band, then `pictures[i]` (any size, fitted into its cell; an empty one
/// is drawn as a blank cell) captioned with `cells[i]`'s shot number and timecode. CV_8UC1 when every
/// picture is black and white (media::is_monochrome), else CV_8UC3 BGR. Throws as sheet_layout does, and
/// cranes::Error (Usage) when the sizes of `cells` and `pictures` differ.
cv::Mat contact_sheet(const film::Film& film, const std::vector<SheetCell>& cells,
                      const std::vector<cv::Mat>& pictures, const SheetOptions& options);

/// Reads the cells' frames from `video` (one decode; each frame shrunk to its thumbnail as it arrives, so no
/// full frame is held beyond the one being read) and composes the sheet. `progress` hears the share done.
cv::Mat render_contact_sheet(const film::Film& film, const std::filesystem::path& video,
                             const std::vector<SheetCell>& cells, const SheetOptions& options,
                             const std::function<void(double)>& progress = {});

/// `text` as Hershey fonts can draw it: printable ASCII kept, every other character (a UTF-8 sequence, a
/// control character) one '?'.
std::string hershey_text(const std::string& text);

/// The caption's timecode of a cell: SMPTE at the film's nominal rate, or the clock (HH:MM:SS.mmm) for
/// variable frame rate, as the shot lists write it.
std::string cell_timecode(const film::Film& film, const SheetCell& cell);

}  // namespace cranes::report
