// SPDX-License-Identifier: MIT
// Blog-ready galleries (docs/gallery.md): one Markdown post for several analysed films, its YAML front matter
// listing one gallery of AVIF stills per film, in the shape static-site themes read:
//
//   title, excerpt, cardCover, date, location, tags,
//   galleries: [{title, id, images: [{img, width, height, alt}]}]
//
// then a body with a `### Title (year)` heading and a `{{gallery}}` line per film. Every string in the front
// matter is double-quoted with JSON's escapes (a subset of YAML's), so a title with a colon, quotes or
// Cyrillic letters reads back as written; headings in the body are escaped for Markdown and HTML.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cranes/film/film.hpp"
#include "cranes/film/title.hpp"

namespace cranes::report {

/// The post as data, before it is written.
struct Gallery {
  struct Image {
    std::string img;  ///< the URL the post names (assets prefix + file name)
    int width = 0, height = 0;
    std::string alt;
  };
  struct Section {
    std::string title;    ///< the film's title
    std::string id;       ///< slugified from the title, unique in the post
    std::string heading;  ///< "Title (year)"
    std::vector<Image> images;
  };
  std::string title, excerpt, card_cover, date, location;
  std::vector<std::string> tags;
  std::string intro;  ///< a paragraph before the galleries ("" = none)
  std::vector<Section> sections;
};

/// `s` as a YAML double-quoted scalar that any YAML parser reads back as `s` (invalid UTF-8 replaced by
/// U+FFFD).
std::string yaml_quoted(const std::string& s);

/// The Markdown file: front matter between `---` lines, then the body.
std::string gallery_markdown(const Gallery& gallery);

using film::split_title_year;

/// Whether `text` is an ISO 8601 date or date-time (2026-01-22, 2026-01-22T05:35:07.322Z, ...+01:00).
bool is_iso8601(const std::string& text);

/// One analysed film of the post.
struct GalleryFilm {
  film::Film film;
  std::filesystem::path analysis;              ///< its JSON (stills' paths are relative to its directory)
  std::optional<std::filesystem::path> video;  ///< the video, when it moved since the analysis
  std::string title_year;                      ///< "TITLE (YEAR)"; "" = the title and date tags, or the file
};

struct GalleryOptions {
  std::filesystem::path out_dir;
  std::string file_name = "index.md";
  std::string title, excerpt, date, location;  ///< date "" = now (UTC)
  std::vector<std::string> tags;
  std::string
      assets_prefix;  ///< what the image URLs start with ("/assets/photos/NAME"); "" = bare file names
  std::string intro;
  int per_film = 6;     ///< stills per film at most
  int max_size = 1920;  ///< the longer side of an image at most
  int quality = 70;
};

struct GalleryWritten {
  std::filesystem::path markdown;
  std::vector<std::filesystem::path> images;
  Gallery gallery;
};

/// Writes the images (AVIF, named from the post's title and a running number, as post-title-1.avif) and the
/// Markdown file into options.out_dir, each atomically; on any failure removes what it wrote. Stills come
/// from the analysis's own still files when they are there, else from the video (which must then be found:
/// see film::locate_video; `--video`). `progress` hears the share done now and then.
GalleryWritten write_gallery(const std::vector<GalleryFilm>& films, const GalleryOptions& options,
                             const std::function<void(double)>& progress = {});

}  // namespace cranes::report
