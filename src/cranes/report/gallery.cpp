// SPDX-License-Identifier: MIT
#include "cranes/report/gallery.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"
#include "cranes/core/slug.hpp"
#include "cranes/film/outputs.hpp"
#include "cranes/film/still_files.hpp"
#include "cranes/media/frame_reader.hpp"
#include "cranes/media/image_file.hpp"
#include "cranes/media/picture.hpp"
#include "cranes/report/html_report.hpp"
#include "cranes/report/summary.hpp"

namespace cranes::report {

namespace fs = std::filesystem;

// JSON's string escapes are a subset of YAML's, and UTF-8 stays as it is; but YAML, unlike JSON, forbids the
// characters it calls non-printable even inside quotes (DEL, the C1 controls but NEL, U+FFFE and U+FFFF), and
// strict parsers (js-yaml) refuse the whole document for one of them: those are written as \uXXXX escapes.
std::string yaml_quoted(const std::string& s) {
  const std::string json = nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  for (size_t i = 0; i < json.size();) {
    const auto c = static_cast<unsigned char>(json[i]);
    uint32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0) {
      n = 4;
    } else if (c >= 0xE0) {
      n = 3;
    } else if (c >= 0xC0) {
      n = 2;
    }
    if (n > 1) {  // the dump is valid UTF-8: decode the code point
      cp = c & (0xFF >> (n + 1));
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(json[i + k]) & 0x3F);
    }
    const bool printable =
        !(cp == 0x7F || (cp >= 0x80 && cp <= 0x9F && cp != 0x85) || cp == 0xFFFE || cp == 0xFFFF);
    if (printable)
      out.append(json, i, n);
    else
      out += format("\\u%04X", static_cast<unsigned>(cp));
    i += n;
  }
  return out;
}

namespace {

// Text for a Markdown heading: no emphasis, link or template call by accident (a backslash before each sign
// Markdown reads), and no HTML that a page would run (html_escape).
std::string markdown_text(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (std::string_view("\\`*_[]{}#|!").find(c) != std::string_view::npos) out += '\\';
    out += c == '\n' || c == '\r' ? ' ' : c;
  }
  return html_escape(out);
}

std::string now_iso8601() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return format("%s.%03lldZ", buf, static_cast<long long>(ms));
}

// The stills a film gives the post: the best by score, one a shot before a second of any shot, in film order.
// An analysis made without stills gives the middle frames of its longest takes.
std::vector<film::Still> pick_stills(const film::Film& f, int n) {
  std::vector<film::Still> all = f.stills;
  if (all.empty()) {
    std::vector<film::Shot> shots = f.shots;
    std::stable_sort(shots.begin(), shots.end(),
                     [](const film::Shot& a, const film::Shot& b) { return a.length_s > b.length_s; });
    for (const film::Shot& s : shots) {
      film::Still st;
      st.frame = (s.start_frame + s.end_frame) / 2;
      st.time_s = (s.start_s + s.end_s) / 2;
      st.shot = s.index;
      st.reason = "the middle of one of the longest takes";
      all.push_back(st);
    }
  } else {
    std::stable_sort(all.begin(), all.end(),
                     [](const film::Still& a, const film::Still& b) { return a.score > b.score; });
  }
  std::vector<film::Still> out;
  std::set<int> shots;
  for (int round = 0; round < 2; ++round)
    for (const film::Still& s : all) {
      if (static_cast<int>(out.size()) >= n) break;
      const bool fresh = !shots.count(s.shot);
      const bool taken =
          std::any_of(out.begin(), out.end(), [&](const film::Still& o) { return o.frame == s.frame; });
      if (taken || (round == 0 && !fresh)) continue;
      out.push_back(s);
      shots.insert(s.shot);
    }
  std::sort(out.begin(), out.end(),
            [](const film::Still& a, const film::Still& b) { return a.frame < b.frame; });
  return out;
}

// A still's own file, when the analysis wrote one and it is still there.
std::optional<fs::path> still_file(const film::Still& s, const fs::path& analysis) {
  if (s.path.empty()) return std::nullopt;
  fs::path p(s.path);
  if (p.is_relative()) p = analysis.parent_path() / p;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  return p;
}

cv::Mat read_still(const fs::path& p) {
  return media::image_format_of(p) == media::ImageFormat::Avif ? media::read_avif(p) : media::read_picture(p);
}

struct Titles {
  std::string title, year;
};

Titles titles_of(const GalleryFilm& g) {
  Titles t;
  std::tie(t.title, t.year) =
      g.title_year.empty() ? film::film_title(g.film) : split_title_year(g.title_year);
  return t;
}

}  // namespace

bool is_iso8601(const std::string& text) {
  size_t i = 0;
  // Reads `n` digits as a number no larger than `max`.
  auto number = [&](size_t n, int max) {
    if (i + n > text.size()) return false;
    int v = 0;
    for (size_t k = 0; k < n; ++k) {
      const char c = text[i + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    i += n;
    return v <= max;
  };
  auto sign = [&](char c) {
    if (i < text.size() && text[i] == c) return ++i, true;
    return false;
  };
  if (!number(4, 9999) || !sign('-')) return false;
  const size_t month_at = i;
  if (!number(2, 12) || text.compare(month_at, 2, "00") == 0 || !sign('-')) return false;
  const size_t day_at = i;
  if (!number(2, 31) || text.compare(day_at, 2, "00") == 0) return false;
  if (i == text.size()) return true;
  if (!sign('T') || !number(2, 23) || !sign(':') || !number(2, 59)) return false;
  if (sign(':')) {
    if (!number(2, 59)) return false;
    if (sign('.')) {
      size_t digits = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
      if (digits == 0 || digits > 9) return false;
    }
  }
  if (i == text.size() || (sign('Z') && i == text.size())) return i == text.size();
  if (!sign('+') && !sign('-')) return false;
  if (!number(2, 23)) return false;
  sign(':');
  return number(2, 59) && i == text.size();
}

std::string gallery_markdown(const Gallery& g) {
  std::string tags;
  for (const std::string& t : g.tags) tags += (tags.empty() ? "" : ", ") + yaml_quoted(t);
  std::string out = "---\n";
  out += "title: " + yaml_quoted(g.title) + "\n";
  out += "excerpt: " + yaml_quoted(g.excerpt) + "\n";
  out += "cardCover: " + yaml_quoted(g.card_cover) + "\n";
  out += "date: " + yaml_quoted(g.date) + "\n";
  out += "location: " + yaml_quoted(g.location) + "\n";
  out += "tags: [" + tags + "]\n";
  out += "galleries: [\n";
  for (size_t i = 0; i < g.sections.size(); ++i) {
    const Gallery::Section& s = g.sections[i];
    out += "    {\n";
    out += "        title: " + yaml_quoted(s.title) + ",\n";
    out += "        id: " + yaml_quoted(s.id) + ",\n";
    out += "        images: [\n";
    for (size_t k = 0; k < s.images.size(); ++k) {
      const Gallery::Image& im = s.images[k];
      out += "            {\n";
      out += "                img: " + yaml_quoted(im.img) + ",\n";
      out += "                width: " + std::to_string(im.width) + ",\n";
      out += "                height: " + std::to_string(im.height) + ",\n";
      out += "                alt: " + yaml_quoted(im.alt) + "\n";
      out += k + 1 < s.images.size() ? "            },\n" : "            }\n";
    }
    out += "        ]\n";
    out += i + 1 < g.sections.size() ? "    },\n" : "    }\n";
  }
  out += "]\n---\n\n";
  if (!g.intro.empty()) out += g.intro + "\n\n";
  for (const Gallery::Section& s : g.sections) out += "### " + markdown_text(s.heading) + "\n{{gallery}}\n\n";
  return out;
}

GalleryWritten write_gallery(const std::vector<GalleryFilm>& films, const GalleryOptions& o,
                             const std::function<void(double)>& progress) {
  if (!o.date.empty() && !is_iso8601(o.date))
    throw Error("--date", "'" + o.date + "' is not an ISO 8601 date (2026-01-22 or 2026-01-22T05:35:07Z)",
                Error::Kind::Usage);
  require_writable_directory(o.out_dir);
  GalleryWritten w;
  Gallery& g = w.gallery;
  g.title = o.title;
  g.excerpt = o.excerpt;
  g.date = o.date.empty() ? now_iso8601() : o.date;
  g.location = o.location;
  g.tags = o.tags;
  g.intro = o.intro;
  std::string stem = slugify(o.title);
  if (stem.empty()) stem = "gallery";
  std::string prefix = o.assets_prefix;
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  film::StillWriteOptions still_options;
  still_options.max_size = o.max_size;
  still_options.image.quality = o.quality;

  film::StillEncoder encoder;  // the images are encoded two at a time while the next are read
  int number = 0;
  double best_score = -1;
  std::set<std::string> ids;
  try {
    for (size_t f = 0; f < films.size(); ++f) {
      const GalleryFilm& gf = films[f];
      const Titles t = titles_of(gf);
      Gallery::Section section;
      section.title = t.title;
      section.heading = t.year.empty() ? t.title : t.title + " (" + t.year + ")";
      section.id = slugify(t.title);
      if (section.id.empty()) section.id = "film-" + std::to_string(f + 1);
      for (int n = 2; ids.count(section.id); ++n) section.id = slugify(t.title) + "-" + std::to_string(n);
      ids.insert(section.id);

      const std::vector<film::Still> stills = pick_stills(gf.film, o.per_film);
      std::vector<fs::path> targets;
      std::vector<std::optional<fs::path>> files;  // each still's own file, when it is there
      std::map<int64_t, size_t> from_video;        // frame -> still index, for the stills without a file
      for (size_t i = 0; i < stills.size(); ++i) {
        targets.push_back(o.out_dir / format("%s-%d.avif", stem.c_str(), ++number));
        files.push_back(still_file(stills[i], gf.analysis));
        if (!files.back()) from_video.emplace(stills[i].frame, i);
      }
      std::vector<cv::Size> sizes(stills.size());
      auto put = [&](size_t i, const cv::Mat& picture) {
        media::ImageWriteOptions image;
        cv::Mat out = film::still_picture(picture, still_options, image);
        if (out.data == picture.data) out = out.clone();  // the reader reuses its picture
        sizes[i] = out.size();
        w.images.push_back(targets[i]);
        encoder.add(std::move(out), targets[i], image);
      };
      for (size_t i = 0; i < stills.size(); ++i)
        if (files[i]) put(i, read_still(*files[i]));
      if (!from_video.empty()) {
        const fs::path video = film::locate_video(gf.film, gf.analysis, gf.video, "--video");
        std::vector<int64_t> frames;
        for (const auto& [frame, i] : from_video) frames.push_back(frame);
        media::read_frames(video, frames, [&](int64_t frame, const cv::Mat& bgr) {
          put(from_video.at(frame),
              film::display_picture(bgr, film::active_rect(gf.film), gf.film.source.sar.to_double()));
        });
      }
      for (size_t i = 0; i < stills.size(); ++i) {
        Gallery::Image im;
        im.img = prefix + targets[i].filename().string();
        im.width = sizes[i].width;
        im.height = sizes[i].height;
        im.alt = section.heading + ", " + clock_text(stills[i].time_s);
        if (stills[i].score > best_score) {
          best_score = stills[i].score;
          g.card_cover = im.img;
        }
        section.images.push_back(std::move(im));
      }
      g.sections.push_back(std::move(section));
      if (progress) progress(static_cast<double>(f + 1) / static_cast<double>(films.size()));
    }
    encoder.finish();
    w.markdown = o.out_dir / o.file_name;
    write_file_atomic(w.markdown, gallery_markdown(g));
  } catch (...) {
    try {
      encoder.finish();  // nothing may still be writing what is removed below
    } catch (const std::exception&) {
    }
    std::error_code ec;
    for (const fs::path& p : w.images) fs::remove(p, ec);
    throw;
  }
  return w;
}

}  // namespace cranes::report
